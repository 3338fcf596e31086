// MicrophoneCapture and listMicrophones through the real capture worker, with
// the scripted fake recorder standing in for pvrecorder inside it.
import assert from 'node:assert/strict';
import { listMicrophones } from '../../src/microphone/list-devices';
import { type CaptureFaultReport, type CaptureOutcome, MicrophoneCapture } from '../../src/microphone/microphone-capture';
import { FakeRecorderLog } from './fake-recorder-log';
import { until } from './until';
import { expectedPcm, type FakeScenario, fakeRecorder, unavailableRecorder } from './fake-recorder-source';

interface Collected {
  capture: MicrophoneCapture;
  frames: Buffer[];
  faults: CaptureFaultReport[];
  started: Array<{ index: number; name: string }>;
  ended: Promise<CaptureOutcome>;
}

function capture(options: {
  deviceName?: string;
  frameLength?: number;
  scenario?: FakeScenario;
  recorder?: ReturnType<typeof fakeRecorder>;
}): Collected {
  const frames: Buffer[] = [];
  const faults: CaptureFaultReport[] = [];
  const started: Array<{ index: number; name: string }> = [];
  let resolveEnded: (outcome: CaptureOutcome) => void = () => undefined;
  const ended = new Promise<CaptureOutcome>((resolve) => {
    resolveEnded = resolve;
  });
  const instance = new MicrophoneCapture(
    {
      deviceName: options.deviceName,
      frameLength: options.frameLength ?? 160,
      backoff: { initialMs: 10, maxMs: 40 },
      recorder: options.recorder ?? fakeRecorder(options.scenario),
    },
    {
      started: (device) => started.push(device),
      frame: (pcm) => frames.push(pcm),
      fault: (report) => faults.push(report),
      ended: resolveEnded,
    },
  );
  instance.start();
  return { capture: instance, frames, faults, started, ended };
}

describe('microphone/MicrophoneCapture (worker + fake recorder)', function () {
  this.timeout(30000);
  let log: FakeRecorderLog;
  beforeEach(() => {
    log = new FakeRecorderLog();
  });
  afterEach(() => log.close());

  it('delivers the recorder’s frames as PCM s16le Buffers, byte for byte, and releases on stop', async () => {
    const run = capture({ deviceName: 'Fake Mic B', scenario: { logChannel: log.name } });
    await until('five frames', () => run.frames.length >= 5);
    await run.capture.stop();
    const outcome = await run.ended;

    assert.equal(outcome.error, undefined);
    assert.deepEqual(run.started, [{ index: 1, name: 'Fake Mic B' }]);
    assert.ok(run.frames.every((frame) => frame.length === 320));
    const all = Buffer.concat(run.frames);
    assert.ok(all.equals(expectedPcm(0, all.length / 2)), 'concatenated frames equal the samples the recorder produced');
    assert.equal(outcome.frames, run.frames.length);
    await log.waitFor((e) => e.event === 'release');
    assert.deepEqual(log.violations(), []);
    const create = await log.waitFor((e) => e.event === 'create');
    assert.deepEqual([create.frameLength, create.deviceIndex, create.bufferedFrames], [160, 1, 300]);
  });

  it('reports read errors as faults and keeps going with a reopened device', async () => {
    const run = capture({ scenario: { logChannel: log.name, failReads: [3, 4] } });
    await until('frames after the faults', () => run.frames.length >= 6);
    await run.capture.stop();
    await run.ended;
    assert.deepEqual(
      run.faults.map((f) => [f.kind, f.attempt, f.retryInMs]),
      [
        ['read-failed', 1, 10],
        ['read-failed', 2, 20],
      ],
    );
    assert.match(run.faults[0].error.message, /failed to read audio data frame/);
    assert.equal(run.faults[0].error.name, 'PvRecorderIOError');
    assert.equal(run.started.length, 3);
    const all = Buffer.concat(run.frames);
    assert.ok(all.equals(expectedPcm(0, all.length / 2)), 'no frame lost or duplicated across the faults');
    assert.deepEqual(log.violations(), []);
  });

  it('stops while a read is in flight: the read finishes, then stop and release, and nothing reads after', async () => {
    const run = capture({ scenario: { logChannel: log.name, readDelays: { 3: 400 } } });
    await log.waitFor((e) => e.event === 'read-begin' && e.ordinal === 3);
    await run.capture.stop();
    const outcome = await run.ended;
    assert.equal(outcome.error, undefined);
    await log.waitFor((e) => e.event === 'release');
    const sequence = log.events.filter((e) => e.event !== 'list').map((e) => (e.ordinal ? `${e.event}#${e.ordinal}` : e.event));
    assert.deepEqual(sequence.slice(-4), ['read-begin#3', 'read-end#3', 'stop', 'release']);
    assert.equal(run.frames.length, 3, 'the frame of the read in flight is delivered');
    assert.deepEqual(log.violations(), []);
  });

  it('does not call it a fault when a read fails while a stop request waits behind it', async () => {
    const run = capture({
      scenario: { logChannel: log.name, blockingReads: true, readDelayMs: 5, readDelays: { 3: 500 }, failReads: [3] },
    });
    await log.waitFor((e) => e.event === 'read-blocked' && e.ordinal === 3);
    await run.capture.stop();
    const outcome = await run.ended;
    assert.equal(outcome.error, undefined);
    assert.deepEqual(run.faults, []);
    await log.waitFor((e) => e.event === 'release');
    assert.equal(log.events.filter((e) => e.event === 'create').length, 1, 'not reopened');
    assert.deepEqual(log.violations(), []);
  });

  it('ends with RecorderUnavailableError when pvrecorder cannot load, without retrying', async () => {
    const run = capture({ recorder: unavailableRecorder() });
    const outcome = await run.ended;
    assert.equal(outcome.error?.name, 'RecorderUnavailableError');
    assert.match(outcome.error.message, /Microphone capture is not available on this system/);
    assert.match(outcome.error.message, /pvrecorder-node-not-installed/);
    assert.equal(run.faults.length, 0);
    await run.capture.stop();
  });

  it('lists devices in a short-lived worker', async () => {
    assert.deepEqual(await listMicrophones({ recorder: fakeRecorder({ devices: ['One', 'Two'] }) }), ['One', 'Two']);
    await assert.rejects(listMicrophones({ recorder: unavailableRecorder() }), { name: 'RecorderUnavailableError' });
  });
});
