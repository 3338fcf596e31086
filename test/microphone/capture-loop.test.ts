import assert from 'node:assert/strict';
import { type CaptureFault, CaptureLoop, type CaptureLoopResult } from '../../src/microphone/capture-loop';
import { ControllableRecorders, frameOf } from './controllable-recorder';

interface Run {
  loop: CaptureLoop;
  done: Promise<CaptureLoopResult>;
  frames: Int16Array[];
  faults: CaptureFault[];
  started: Array<{ index: number; name: string }>;
}

function runLoop(recorders: ControllableRecorders, deviceName = 'default', backoff = { initialMs: 5, maxMs: 20 }): Run {
  const frames: Int16Array[] = [];
  const faults: CaptureFault[] = [];
  const started: Array<{ index: number; name: string }> = [];
  const loop = new CaptureLoop(
    recorders,
    { deviceName, frameLength: 4, bufferedFrames: 60, backoff },
    {
      onStarted: (device) => started.push(device),
      onFrame: (frame) => frames.push(frame),
      onFault: (fault) => faults.push(fault),
    },
  );
  return { loop, done: loop.run(), frames, faults, started };
}

const ioError = () => Object.assign(new Error('PvRecorder failed to read audio data frame.'), { name: 'PvRecorderIOError' });

describe('microphone/CaptureLoop', () => {
  it('passes frames on exactly as the recorder returned them, in order', async () => {
    const recorders = new ControllableRecorders();
    const run = runLoop(recorders, 'Mic B');
    const first = frameOf(1, -2, 3, -4);
    const second = frameOf(32767, -32768, 0, 5);
    (await recorders.readInFlight()).deliver(first);
    (await recorders.readInFlight()).deliver(second);
    await recorders.readInFlight();
    run.loop.stop();
    recorders.latest!.deliver(frameOf(9, 9, 9, 9));
    const result = await run.done;

    assert.deepEqual(run.started, [{ index: 1, name: 'Mic B' }]);
    assert.equal(run.frames[0], first);
    assert.equal(run.frames[1], second);
    assert.equal(run.frames.length, 3, 'the frame of the read in flight at stop is kept');
    assert.equal(result.frames, 3);
    const recorder = recorders.latest!;
    assert.equal(recorder.frameLength, 4);
    assert.equal(recorder.deviceIndex, 1);
    assert.equal(recorder.bufferedFrames, 60);
    assert.deepEqual(run.faults, []);
  });

  it('opens the system default as index -1 without listing devices', async () => {
    const recorders = new ControllableRecorders();
    recorders.devices = [];
    const run = runLoop(recorders, 'default');
    await recorders.readInFlight();
    run.loop.stop();
    recorders.latest!.deliver(frameOf(0, 0, 0, 0));
    await run.done;
    assert.deepEqual(run.started, [{ index: -1, name: 'default' }]);
  });

  it('on stop waits for the read in flight, then stops and releases, and reads no more', async () => {
    const recorders = new ControllableRecorders();
    const run = runLoop(recorders);
    const recorder = await recorders.readInFlight();
    run.loop.stop();
    let finished = false;
    void run.done.then(() => {
      finished = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(finished, false, 'run() must not end while a read is in flight');
    assert.equal(recorder.released, false);
    recorder.deliver(frameOf(1, 2, 3, 4));
    await run.done;
    assert.deepEqual(recorders.log, ['create:-1', 'start:1', 'read:1', 'frame:1', 'stop:1', 'release:1']);
  });

  it('on a read error releases the device, reports the fault and reopens after the backoff delay', async () => {
    const recorders = new ControllableRecorders();
    const run = runLoop(recorders, 'Mic A');
    (await recorders.readInFlight()).deliver(frameOf(1, 1, 1, 1));
    (await recorders.readInFlight()).fail(ioError());
    const second = await recorders.readInFlight();
    assert.equal(second.id, 2, 'a new recorder was opened');
    second.deliver(frameOf(2, 2, 2, 2));
    await recorders.readInFlight();
    run.loop.stop();
    recorders.latest!.deliver(frameOf(3, 3, 3, 3));
    await run.done;

    assert.equal(run.faults.length, 1);
    assert.equal(run.faults[0].kind, 'read-failed');
    assert.equal(run.faults[0].attempt, 1);
    assert.equal(run.faults[0].retryInMs, 5);
    assert.match(run.faults[0].error.message, /failed to read audio data frame/);
    assert.deepEqual(recorders.log.slice(0, 9), [
      'create:0',
      'start:1',
      'read:1',
      'frame:1',
      'read:1',
      'fail:1',
      'stop:1',
      'release:1',
      'create:0',
    ]);
    assert.deepEqual(
      run.started.map((s) => s.index),
      [0, 0],
    );
    assert.equal(recorders.log.filter((e) => e.startsWith('VIOLATION')).length, 0);
  });

  it('backs off exponentially up to the maximum while reads keep failing, and resets after a good frame', async () => {
    const recorders = new ControllableRecorders();
    const run = runLoop(recorders, 'default', { initialMs: 2, maxMs: 8 });
    for (let i = 0; i < 5; i++) (await recorders.readInFlight()).fail(ioError());
    (await recorders.readInFlight()).deliver(frameOf(1, 1, 1, 1));
    (await recorders.readInFlight()).fail(ioError());
    await recorders.readInFlight();
    run.loop.stop();
    recorders.latest!.deliver(frameOf(0, 0, 0, 0));
    await run.done;
    assert.deepEqual(
      run.faults.map((f) => f.retryInMs),
      [2, 4, 8, 8, 8, 2],
    );
    assert.deepEqual(
      run.faults.map((f) => f.attempt),
      [1, 2, 3, 4, 5, 1],
    );
    assert.equal(recorders.recorders.length, 7);
    assert.ok(recorders.recorders.every((r) => r.released));
  });

  it('reports a missing device with the names of the devices present, and opens it once it appears', async () => {
    const recorders = new ControllableRecorders();
    const run = runLoop(recorders, 'USB Mic');
    while (run.faults.length < 2) await new Promise((resolve) => setTimeout(resolve, 2));
    assert.equal(run.faults[0].kind, 'device-not-found');
    assert.equal(run.faults[0].error.message, 'Microphone "USB Mic" was not found. Devices present: "Mic A", "Mic B".');
    assert.equal(recorders.recorders.length, 0, 'nothing is opened for a missing device');
    recorders.devices = ['Mic A', 'USB Mic'];
    const recorder = await recorders.readInFlight();
    assert.equal(recorder.deviceIndex, 1);
    run.loop.stop();
    recorder.deliver(frameOf(0, 0, 0, 0));
    await run.done;
  });

  it('treats a failing create or start as an open fault; a recorder that failed to start is released without stop()', async () => {
    const recorders = new ControllableRecorders();
    recorders.createFailures.push(new Error('PvRecorder failed to initialize.'));
    recorders.startFailures.push(new Error('PvRecorder failed to start.'));
    const run = runLoop(recorders);
    const recorder = await recorders.readInFlight();
    run.loop.stop();
    recorder.deliver(frameOf(0, 0, 0, 0));
    await run.done;
    assert.deepEqual(
      run.faults.map((f) => [f.kind, f.error.message]),
      [
        ['open-failed', 'PvRecorder failed to initialize.'],
        ['open-failed', 'PvRecorder failed to start.'],
      ],
    );
    assert.deepEqual(recorders.log.slice(0, 5), ['create:-1', 'create:-1', 'start:1', 'release:1', 'create:-1']);
  });

  it('still releases the recorder when stop() throws', async () => {
    const recorders = new ControllableRecorders();
    const run = runLoop(recorders);
    const recorder = await recorders.readInFlight();
    recorder.failStop = new Error('device vanished');
    run.loop.stop();
    recorder.deliver(frameOf(0, 0, 0, 0));
    await run.done;
    assert.equal(recorder.released, true);
  });

  it('stop() during the backoff wait ends the loop at once without reopening', async () => {
    const recorders = new ControllableRecorders();
    const run = runLoop(recorders, 'default', { initialMs: 60000, maxMs: 60000 });
    (await recorders.readInFlight()).fail(ioError());
    while (run.faults.length === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    run.loop.stop();
    await run.done;
    assert.equal(recorders.recorders.length, 1);
    assert.equal(recorders.latest!.released, true);
  });
});
