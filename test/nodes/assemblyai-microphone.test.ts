// The microphone node in Node-RED's test runtime, with the scripted fake
// recorder inside the real capture worker (see test/microphone/fake-recorder.js).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Node, NodeMessage } from 'node-red';
import helper from 'node-red-node-test-helper';
import registerMicrophone from '../../src/nodes/assemblyai-microphone/assemblyai-microphone';
import { setCaptureOverrides } from '../../src/nodes/assemblyai-microphone/capture-overrides';
import { FakeRecorderLog } from '../microphone/fake-recorder-log';
import { expectedPcm, type FakeScenario, fakeRecorder, unavailableRecorder } from '../microphone/fake-recorder-source';
import { sleep, until } from '../microphone/until';
import { nodeRedPath } from '../support/node-red-path';
import { withLocale } from './support/locale';

// Errors and log lines rendered from the en-US catalog, as a user reads them; statuses stay keys.
const register = withLocale(registerMicrophone);

helper.init(nodeRedPath);

interface SpiedCall {
  thisValue: unknown;
  args: unknown[];
}

function callsOf(node: Node, method: 'status' | 'error' | 'log'): unknown[][] {
  const spy = (node as unknown as Record<string, { getCalls(): SpiedCall[] }>)[method];
  return spy
    .getCalls()
    .filter((call) => call.thisValue === node)
    .map((call) => call.args);
}

const statusTexts = (node: Node) => callsOf(node, 'status').map((args) => String((args[0] as { text?: string }).text));
const errorTexts = (node: Node) => callsOf(node, 'error').map((args) => String(args[0] instanceof Error ? args[0].message : args[0]));
const logTexts = (node: Node) => callsOf(node, 'log').map((args) => String(args[0]));

interface Loaded {
  mic: Node;
  audio: NodeMessage[];
  recordings: NodeMessage[];
}

async function loadMic(props: Record<string, unknown>): Promise<Loaded> {
  const flow = [
    { id: 'f1', type: 'tab' },
    {
      id: 'mic',
      z: 'f1',
      type: 'assemblyai-microphone',
      name: '',
      device: 'default',
      frameMs: 50,
      wires: [['audio'], ['recordings']],
      ...props,
    },
    { id: 'audio', z: 'f1', type: 'helper' },
    { id: 'recordings', z: 'f1', type: 'helper' },
  ];
  await helper.load(register, flow);
  const loaded: Loaded = { mic: helper.getNode('mic'), audio: [], recordings: [] };
  helper.getNode('audio').on('input', (msg: NodeMessage) => loaded.audio.push(msg));
  helper.getNode('recordings').on('input', (msg: NodeMessage) => loaded.recordings.push(msg));
  return loaded;
}

function concatAudio(messages: NodeMessage[]): Buffer {
  return Buffer.concat(messages.map((msg) => msg.payload as Buffer));
}

describe('assemblyai-microphone node', function () {
  this.timeout(40000);
  let log: FakeRecorderLog;

  function useFake(scenario: FakeScenario = {}) {
    setCaptureOverrides({
      recorder: fakeRecorder({ logChannel: log.name, readDelayMs: 5, ...scenario }),
      backoff: { initialMs: 20, maxMs: 80 },
      levelIntervalMs: 0,
    });
  }

  beforeEach(() => {
    log = new FakeRecorderLog();
  });

  afterEach(async () => {
    await helper.unload();
    setCaptureOverrides();
    log.close();
  });

  it('sends each frame as a PCM s16le Buffer with msg.audio, exactly the samples the device produced', async () => {
    useFake();
    const { mic, audio } = await loadMic({ startOnDeploy: true, frameMs: 50 });
    await until('8 audio messages', () => audio.length >= 8);

    for (const msg of audio.slice(0, 8)) {
      assert.ok(Buffer.isBuffer(msg.payload));
      assert.equal(msg.payload.length, 1600, '50 ms = 800 samples = 1600 bytes');
      assert.deepEqual((msg as NodeMessage & { audio: unknown }).audio, { sampleRate: 16000, encoding: 'pcm_s16le', channels: 1 });
    }
    const all = concatAudio(audio);
    assert.ok(all.equals(expectedPcm(0, all.length / 2)));
    const create = await log.waitFor((e) => e.event === 'create');
    assert.equal(create.frameLength, 800);
    assert.equal(create.deviceIndex, -1);
    const statuses = statusTexts(mic);
    assert.ok(statuses.includes('assemblyai-microphone.status.capturing'), statuses.join(' | '));
    assert.ok(
      statuses.some((text) => /^-?\d+ dBFS$/.test(text)),
      `a level in the status: ${statuses.join(' | ')}`,
    );
  });

  it('opens the device chosen by name', async () => {
    useFake();
    const { audio } = await loadMic({ startOnDeploy: true, device: 'Fake Mic B' });
    await until('audio', () => audio.length >= 1);
    assert.equal((await log.waitFor((e) => e.event === 'create')).deviceIndex, 1);
  });

  it('waits for msg.action "start", stops on "stop", and can start again', async () => {
    useFake();
    const { mic, audio } = await loadMic({ startOnDeploy: false });
    await sleep(200); // absence check: no device may open before start; load can only make this pass more easily
    assert.equal(log.events.filter((e) => e.event === 'create').length, 0, 'nothing opened before start');
    assert.deepEqual(statusTexts(mic), ['assemblyai-microphone.status.stopped']);

    mic.receive({ action: 'start' });
    await until('audio after start', () => audio.length >= 3);
    mic.receive({ action: 'stop' });
    await until('stopped status', () => statusTexts(mic).slice(-1)[0] === 'assemblyai-microphone.status.stopped');
    await log.waitFor((e) => e.event === 'release');
    const countAtStop = audio.length;
    await sleep(150); // absence check: no frame may follow the release; load can only make this pass more easily
    assert.equal(audio.length, countAtStop, 'no audio after the device was released');

    mic.receive({ payload: 'start' });
    await until('audio after the second start', () => audio.length >= countAtStop + 3);
    assert.equal(log.events.filter((e) => e.event === 'create').length, 2);
    assert.deepEqual(log.violations(), []);
  });

  it('rejects an unknown action through done(err)', async () => {
    useFake();
    const { mic } = await loadMic({ startOnDeploy: false });
    mic.receive({ action: 'pause' });
    await until('an error', () => errorTexts(mic).length > 0);
    assert.match(errorTexts(mic)[0], /expected msg.action "start" or "stop"/);
  });

  it('reports read errors once, shows the retry in the status, and resumes without losing samples', async () => {
    useFake({ failReads: [3, 4] });
    const { mic, audio } = await loadMic({ startOnDeploy: true });
    await until('audio after the faults', () => audio.length >= 6);
    const errors = errorTexts(mic);
    assert.equal(errors.length, 1, errors.join(' | '));
    assert.match(
      errors[0],
      /^No audio from microphone "default" \(device stalled or disconnected\): PvRecorder failed to read audio data frame\. Retrying in 0\.0 s\.$/,
    );
    assert.ok(statusTexts(mic).includes('assemblyai-microphone.status.stalled'));
    assert.ok(logTexts(mic).some((text) => /capturing again/.test(text)));
    const all = concatAudio(audio);
    assert.ok(all.equals(expectedPcm(0, all.length / 2)));
  });

  it('keeps retrying a stalled device with backoff, without an error per retry', async () => {
    useFake({ failReadsFrom: 2 });
    const { mic, audio } = await loadMic({ startOnDeploy: true });
    await until('four reopen attempts', () => log.events.filter((e) => e.event === 'create').length >= 4);
    assert.equal(audio.length, 1);
    assert.equal(errorTexts(mic).length, 1);
    assert.ok(statusTexts(mic).filter((t) => t === 'assemblyai-microphone.status.stalled').length >= 3);
    assert.deepEqual(log.violations(), []);
  });

  it('names the devices that exist when the chosen one is gone', async () => {
    useFake();
    const { mic } = await loadMic({ startOnDeploy: true, device: 'USB Mic' });
    await until('an error', () => errorTexts(mic).length > 0);
    assert.match(errorTexts(mic)[0], /^Microphone "USB Mic" was not found\. Devices present: "Fake Mic A", "Fake Mic B"\. Retrying in/);
    assert.ok(statusTexts(mic).includes('assemblyai-microphone.status.notFound'));
  });

  it('on close lets the read in flight finish, then stops and releases, and calls done', async () => {
    useFake({ readDelays: { 3: 1500 } });
    await loadMic({ startOnDeploy: true });
    await log.waitFor((e) => e.event === 'read-begin' && e.ordinal === 3);
    await helper.unload();
    await log.waitFor((e) => e.event === 'release');
    const sequence = log.events.map((e) => (e.ordinal ? `${e.event}#${e.ordinal}` : e.event));
    assert.deepEqual(sequence.slice(sequence.indexOf('read-begin#3')), ['read-begin#3', 'read-end#3', 'stop', 'release']);
    assert.deepEqual(log.violations(), []);
  });

  it('saves the capture to a WAV file on stop and says where and how long', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mic-rec-'));
    try {
      useFake();
      const { mic, audio, recordings } = await loadMic({ startOnDeploy: true, record: true, recordPath: dir });
      await until('10 frames', () => audio.length >= 10);
      mic.receive({ action: 'stop' });
      const notice = await until('the recording message', () => recordings[0]);

      const emitted = concatAudio(audio);
      const payload = notice.payload as { file: string; durationSeconds: number; bytes: number };
      assert.equal(notice.topic, 'recording');
      assert.equal(path.dirname(payload.file), dir);
      assert.match(path.basename(payload.file), /^recording_\d{8}_\d{6}\.wav$/);
      assert.equal(payload.durationSeconds, emitted.length / 32000);
      assert.equal(payload.bytes, 44 + emitted.length);

      const file = fs.readFileSync(payload.file);
      assert.equal(file.length, payload.bytes);
      assert.equal(file.toString('ascii', 0, 4), 'RIFF');
      assert.equal(file.readUInt32LE(4), 36 + emitted.length);
      assert.equal(file.toString('ascii', 8, 16), 'WAVEfmt ');
      assert.deepEqual([file.readUInt16LE(20), file.readUInt16LE(22), file.readUInt32LE(24), file.readUInt16LE(34)], [1, 1, 16000, 16]);
      assert.equal(file.toString('ascii', 36, 40), 'data');
      assert.equal(file.readUInt32LE(40), emitted.length);
      assert.ok(file.subarray(44).equals(emitted), 'the file holds exactly the audio that was sent');
      assert.ok(logTexts(mic).some((text) => text.includes(payload.file) && /recorded \d+\.\d s/.test(text)));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('shows a clear status and error when pvrecorder cannot load', async () => {
    setCaptureOverrides({ recorder: unavailableRecorder() });
    const { mic } = await loadMic({ startOnDeploy: true });
    await until('an error', () => errorTexts(mic).length > 0);
    assert.match(errorTexts(mic)[0], /Microphone capture is not available on this system/);
    assert.equal(statusTexts(mic).slice(-1)[0], 'assemblyai-microphone.status.unavailable');
  });

  it('a start action that fails (pvrecorder cannot load) answers through done(err), with the msg, once', async () => {
    setCaptureOverrides({ recorder: unavailableRecorder() });
    const { mic } = await loadMic({ startOnDeploy: false });
    mic.receive({ _msgid: 'start-1', action: 'start' });
    // done(err) is what makes Node-RED call node.error(err, msg): the msg is what a Catch node gets.
    const withMsg = () => callsOf(mic, 'error').filter((args) => (args[1] as { _msgid?: string } | undefined)?._msgid === 'start-1');
    await until('the error for the start msg', () => withMsg().length > 0);
    const [error, msg] = withMsg()[0] as [Error, { action: string }];
    assert.ok(error instanceof Error);
    assert.match(error.message, /^microphone: Microphone capture is not available on this system/);
    assert.equal(msg.action, 'start');
    assert.equal(errorTexts(mic).length, 1, `reported more than once: ${errorTexts(mic).join(' | ')}`);
    assert.equal(statusTexts(mic).slice(-1)[0], 'assemblyai-microphone.status.unavailable');
  });

  it('a start action on a device that is not there answers through done(err) and keeps retrying', async () => {
    useFake();
    const { mic } = await loadMic({ startOnDeploy: false, device: 'USB Mic' });
    mic.receive({ _msgid: 'start-2', action: 'start' });
    await until('the error for the start msg', () =>
      callsOf(mic, 'error').some((args) => (args[1] as { _msgid?: string })?._msgid === 'start-2'),
    );
    const [error] = callsOf(mic, 'error')[0] as [Error];
    assert.match(error.message, /^Microphone "USB Mic" was not found\. Devices present: "Fake Mic A", "Fake Mic B"\. Retrying in/);
    assert.equal(errorTexts(mic).length, 1);
    const retries = () => statusTexts(mic).filter((text) => text === 'assemblyai-microphone.status.notFound').length;
    await until('three retries', () => retries() >= 3);
    assert.equal(errorTexts(mic).length, 1, 'one error per kind of fault, not one per retry');
  });

  it('refuses a frame size outside 10-1000 ms', async () => {
    useFake();
    const { mic } = await loadMic({ startOnDeploy: true, frameMs: 5 });
    assert.deepEqual(statusTexts(mic), ['assemblyai-microphone.status.invalid']);
    assert.match(errorTexts(mic)[0], /frame size must be a whole number of milliseconds from 10 to 1000/);
    await sleep(100); // absence check: the refused node must not touch the device; load can only make this pass more easily
    assert.equal(log.events.length, 0);
  });

  it('serves the device list to the editor, and a 503 with the reason when capture is unavailable', async () => {
    useFake({ devices: ['Built-in Mic', 'USB Mic'] });
    await loadMic({ startOnDeploy: false });
    const ok = await helper.request().get('/assemblyai-microphone/devices').expect(200);
    assert.deepEqual(ok.body, { devices: ['Built-in Mic', 'USB Mic'] });

    setCaptureOverrides({ recorder: unavailableRecorder() });
    const failed = await helper.request().get('/assemblyai-microphone/devices?refresh=1').expect(503);
    const failedBody = failed.body as { devices: unknown; error: string };
    assert.deepEqual(failedBody.devices, []);
    assert.match(failedBody.error, /not available on this system/);
  });
});

describe('assemblyai-microphone loading', () => {
  it('loading the package and the node does not load pvrecorder', function () {
    this.timeout(30000);
    const root = path.resolve(__dirname, '../..');
    const script = [
      "require('./src/index');",
      "const node = require('./src/nodes/assemblyai-microphone/assemblyai-microphone');",
      "if (typeof node.default !== 'function') throw new Error('no node function');",
      "process.stdout.write(JSON.stringify(Object.keys(require.cache).filter((k) => k.includes('@picovoice'))));",
    ].join('\n');
    const out = execFileSync(process.execPath, ['--require', require.resolve('tsx/cjs'), '-e', script], { cwd: root, encoding: 'utf8' });
    assert.deepEqual(JSON.parse(out), []);
  });
});
