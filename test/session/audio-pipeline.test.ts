// The audio pipeline on its own: a scripted connection and a fake clock.
import assert from 'node:assert/strict';
import { AudioPipeline, type AudioTarget, type PipelineSettings } from '../../src/session/audio-pipeline';
import type { EndCause } from '../../src/session/connection';
import type { DropReport } from '../../src/session/drop-reporter';
import type { PacingRule } from '../../src/session/pacing';
import { countingPcm, fakeClock, isCountingFrom, type TestClock } from './session-test-kit';

class ScriptedTarget implements AudioTarget {
  begun = true;
  ready = true;
  bufferedAmount = 0;
  readonly sent: Buffer[] = [];
  aborted: EndCause | undefined;
  sendAudio(frame: Buffer): void {
    this.sent.push(Buffer.from(frame));
  }
  abort(cause: EndCause): void {
    this.aborted = cause;
    this.ready = false;
  }
}

const SETTINGS: PipelineSettings = {
  frameMs: 50,
  bufferSeconds: 1,
  policy: 'manual',
  openOn: 'audio',
  speechThresholdDbfs: -45,
  preRollMs: 0,
  idleMs: 10000,
  connectTimeoutMs: 2000,
};
const FRAME = 1600; // 50 ms of 16 kHz s16le

function setup(options: { pacing?: PacingRule; accepts?: () => boolean } = {}) {
  const clock: TestClock = fakeClock();
  let target: ScriptedTarget | undefined = new ScriptedTarget();
  const drops: DropReport[] = [];
  let taken = 0;
  const pipeline = new AudioPipeline(
    SETTINGS,
    { sampleRate: 16000, encoding: 'pcm_s16le' },
    {
      target: () => target,
      acceptsAudio: options.accepts ?? (() => true),
      audioTaken: () => taken++,
      quiet: () => false,
      reportDrop: (e) => drops.push(e),
      guard: (action) => action(),
    },
    clock,
    options.pacing,
  );
  return {
    clock,
    pipeline,
    drops,
    taken: () => taken,
    target: () => target as ScriptedTarget,
    setTarget: (t: ScriptedTarget | undefined) => {
      target = t;
    },
  };
}

describe('session/audio-pipeline', () => {
  it('frames audio of any size and sends it straight to a ready connection, in order', () => {
    const { pipeline, target, taken } = setup();
    const audio = countingPcm(4000);
    pipeline.take(audio.subarray(0, 1001));
    pipeline.take(audio.subarray(1001));
    assert.deepEqual(target().sent.map((f) => f.length), [FRAME, FRAME, FRAME, FRAME, FRAME]);
    assert.ok(isCountingFrom(Buffer.concat(target().sent), 0));
    assert.equal(taken(), 2);
    assert.deepEqual(pipeline.stats, { framesSent: 5, bytesSent: 8000, droppedMs: 0, bufferedMs: 0, gatedMs: 0, mutedMs: 0 });
  });

  it('holds frames while no connection can take them and pumps them out, oldest first, once it can', () => {
    const { pipeline, target, setTarget } = setup();
    setTarget(undefined);
    pipeline.take(countingPcm(8000));
    assert.equal(pipeline.stats.bufferedMs, 500);
    const next = new ScriptedTarget();
    next.ready = false;
    setTarget(next);
    pipeline.pump();
    assert.equal(next.sent.length, 0, 'not before Begin');
    next.ready = true;
    pipeline.pump();
    assert.equal(target().sent.length, 10);
    assert.ok(isCountingFrom(Buffer.concat(next.sent), 0));
  });

  it('counts every drop with its cause: not accepting, overflow while connecting, overflow under back-pressure, discarded', () => {
    let accepting = false;
    const { pipeline, drops, setTarget, clock } = setup({ accepts: () => accepting });
    pipeline.take(countingPcm(1600));
    assert.deepEqual(drops[0], { droppedMs: 100, totalDroppedMs: 100, cause: 'not-accepting' });
    accepting = true;
    const connecting = new ScriptedTarget();
    connecting.begun = false;
    connecting.ready = false;
    setTarget(connecting);
    pipeline.take(countingPcm(16000 + 1600)); // 1.1 s into a 1 s buffer
    pipeline.flushDropReport();
    assert.equal(drops[drops.length - 1].cause, 'waiting-for-connection');
    assert.equal(pipeline.stats.droppedMs, 200);
    connecting.begun = true; // begun, but the socket holds too much: back-pressure
    connecting.ready = true;
    connecting.bufferedAmount = 10 ** 6;
    pipeline.take(countingPcm(1600));
    pipeline.flushDropReport();
    assert.equal(drops[drops.length - 1].cause, 'back-pressure');
    pipeline.discard();
    pipeline.flushDropReport();
    assert.equal(drops[drops.length - 1].cause, 'discarded');
    assert.equal(pipeline.stats.droppedMs, 1300, 'everything not sent is counted');
    assert.equal(pipeline.stats.bufferedMs, 0);
    pipeline.resetFlow();
    assert.equal(clock.pending(), 0);
  });

  it('under back-pressure polls the socket every 20 ms and sends as soon as it drains', async () => {
    const { pipeline, target, clock } = setup();
    target().bufferedAmount = 10 ** 6;
    pipeline.take(countingPcm(1600));
    assert.equal(target().sent.length, 0);
    await clock.tick(20);
    assert.equal(target().sent.length, 0, 'still full');
    target().bufferedAmount = 0;
    await clock.tick(20);
    assert.equal(target().sent.length, 2);
    assert.equal(clock.pending(), 0, 'the poll stops once the queue is empty');
  });

  it('a socket that takes nothing for connectTimeoutMs is aborted as stalled', async () => {
    const { pipeline, target, clock } = setup();
    target().bufferedAmount = 10 ** 6;
    pipeline.take(countingPcm(1600));
    await clock.tick(1980);
    assert.equal(target().aborted, undefined, 'not before connectTimeoutMs');
    await clock.tick(20);
    assert.deepEqual(target().aborted, { kind: 'timeout', phase: 'stall' });
  });

  it('a socket that drains slowly is not taken for a stalled one', async () => {
    const { pipeline, target, clock } = setup();
    target().bufferedAmount = 10 ** 6;
    pipeline.take(countingPcm(1600));
    for (let t = 0; t < 5000; t += 100) {
      target().bufferedAmount -= 1000; // going down: progress
      await clock.tick(100);
    }
    assert.equal(target().aborted, undefined);
  });

  it('is the one place frames are released: a pacing rule decides when the next one may go', async () => {
    const releases: number[] = [];
    let nextAt = 0;
    // At most one 50 ms frame per 40 ms (1.25x real time).
    const pacing: PacingRule = {
      waitMs: (now) => Math.max(0, nextAt - now),
      released: (bytes, now) => {
        releases.push(now);
        nextAt = now + (bytes / FRAME) * 40;
      },
      reset: () => {
        nextAt = 0;
      },
    };
    const { pipeline, target, clock } = setup({ pacing });
    pipeline.take(countingPcm(8000)); // 10 frames piled up at once
    assert.equal(target().sent.length, 1, 'the first frame goes at once');
    await clock.tick(40 * 9);
    assert.equal(target().sent.length, 10);
    assert.ok(isCountingFrom(Buffer.concat(target().sent), 0));
    assert.deepEqual(
      releases.map((at) => at - releases[0]),
      [0, 40, 80, 120, 160, 200, 240, 280, 320, 360],
    );
    assert.equal(pipeline.stats.framesSent, 10);
    pipeline.resetFlow();
    assert.equal(nextAt, 0, 'a new connection starts the rule afresh');
  });

  it('hands what it holds to a connection that is being ended, and counts it lost if that connection never sends it', () => {
    const { pipeline, setTarget, target } = setup();
    setTarget(undefined);
    pipeline.take(countingPcm(1000)); // 62.5 ms: one frame and a fragment
    const outbox = pipeline.handOver();
    assert.deepEqual(outbox.map((f) => f.length), [FRAME, FRAME], 'the fragment is padded to a frame');
    assert.equal(pipeline.stats.bufferedMs, 0);
    const closing = new ScriptedTarget();
    pipeline.releaseAll(closing, outbox);
    assert.equal(closing.sent.length, 2);
    assert.equal(target(), undefined);
    pipeline.lose([Buffer.alloc(FRAME)]);
    pipeline.flushDropReport();
    assert.equal(pipeline.stats.droppedMs, 50);
  });
});
