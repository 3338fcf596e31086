// The audio pipeline on its own: a scripted connection and a fake clock.
import assert from 'node:assert/strict';
import {
  AudioPipeline,
  type AudioTarget,
  type BacklogReport,
  type CaughtUpReport,
  type PipelineSettings,
} from '../../src/session/audio-pipeline';
import type { EndCause } from '../../src/session/connection';
import type { DropReport } from '../../src/session/drop-reporter';
import { RealTimeMultiple, type PacingRule } from '../../src/session/pacing';
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

function setup(options: { pacing?: PacingRule; accepts?: () => boolean; settings?: Partial<PipelineSettings> } = {}) {
  const clock: TestClock = fakeClock();
  let target: ScriptedTarget | undefined = new ScriptedTarget();
  const drops: DropReport[] = [];
  const backlogs: BacklogReport[] = [];
  const caughtUp: CaughtUpReport[] = [];
  let taken = 0;
  const pipeline = new AudioPipeline(
    { ...SETTINGS, ...options.settings },
    { sampleRate: 16000, encoding: 'pcm_s16le' },
    {
      target: () => target,
      acceptsAudio: options.accepts ?? (() => true),
      audioTaken: () => taken++,
      quiet: () => false,
      reportDrop: (e) => drops.push(e),
      reportBacklog: (e) => backlogs.push(e),
      reportCaughtUp: (e) => caughtUp.push(e),
      guard: (action) => action(),
    },
    clock,
    options.pacing,
  );
  return {
    clock,
    pipeline,
    drops,
    backlogs,
    caughtUp,
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
    assert.deepEqual(
      target().sent.map((f) => f.length),
      [FRAME, FRAME, FRAME, FRAME, FRAME],
    );
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
    assert.deepEqual(
      outbox.map((f) => f.length),
      [FRAME, FRAME],
      'the fragment is padded to a frame',
    );
    assert.equal(pipeline.stats.bufferedMs, 0);
    const closing = new ScriptedTarget();
    for (const frame of outbox) pipeline.releaseLast(closing, frame);
    assert.equal(closing.sent.length, 2);
    assert.equal(target(), undefined);
    pipeline.lose([Buffer.alloc(FRAME)]);
    pipeline.flushDropReport();
    assert.equal(pipeline.stats.droppedMs, 50);
  });

  describe('backlog pacing (RealTimeMultiple at 1.25x)', () => {
    function paced(bufferSeconds = 30) {
      const rule = new RealTimeMultiple(1.25, 32); // 16 kHz s16le: 32 bytes per ms
      return setup({ pacing: rule, settings: { maxSendRate: 1.25, bufferSeconds } });
    }

    /** Most audio (ms) sent in any window of `windowMs`, from the send times of 50 ms frames. */
    function busiestWindow(times: number[], windowMs: number): number {
      let most = 0;
      for (let i = 0, j = 0; i < times.length; i++) {
        while (times[i] - times[j] >= windowMs) j++;
        most = Math.max(most, (i - j + 1) * 50);
      }
      return most;
    }

    it('sends a backlog in order at 1.25x real time while live audio queues behind it, reports it and when it has caught up', async () => {
      const { pipeline, target, clock, setTarget, backlogs, caughtUp } = paced();
      const live = new ScriptedTarget();
      setTarget(undefined); // connecting: audio piles up
      const sentAt: number[] = [];
      live.sendAudio = (frame) => {
        live.sent.push(Buffer.from(frame));
        sentAt.push(clock.now());
      };
      const audio = countingPcm(16000 * 80);
      let at = 0;
      const write = (ms: number) => {
        const bytes = ms * 32;
        pipeline.take(audio.subarray(at, at + bytes));
        at += bytes;
      };
      for (let t = 0; t < 10000; t += 100) {
        write(100);
        await clock.tick(100);
      }
      assert.equal(backlogs.length, 0, 'no backlog is reported while nothing can take audio');
      setTarget(live);
      pipeline.pump(); // Begin: 10 s are waiting
      assert.equal(backlogs.length, 1);
      assert.equal(backlogs[0].bufferedMs, 10000);
      assert.equal(backlogs[0].catchUpSeconds, 40);
      // Live audio continues at real time; 10 s at 1.25x drain in 10 / 0.25 = 40 s.
      const begunAt = clock.now();
      while (caughtUp.length === 0 && clock.now() - begunAt < 60000) {
        write(100);
        await clock.tick(100);
      }
      assert.equal(caughtUp.length, 1, 'caught up');
      assert.ok(Math.abs(caughtUp[0].tookMs - 40000) <= 200, `took ${caughtUp[0].tookMs} ms`);
      assert.equal(caughtUp[0].backlogMs, 10000);
      assert.ok(isCountingFrom(Buffer.concat(live.sent), 0), 'every sample, in order');
      assert.ok(busiestWindow(sentAt, 1000) <= 1250 + 50, `busiest second carried ${busiestWindow(sentAt, 1000)} ms`);
      // Caught up: live audio goes straight out again (once the last paced frame's 40 ms are over).
      await clock.tick(40);
      const before = live.sent.length;
      write(50);
      assert.equal(live.sent.length, before + 1);
      assert.equal(target(), live);
    });

    it('a long buffer written in one message to an open connection goes out paced, and nothing is lost', async () => {
      const { pipeline, clock, target, backlogs, caughtUp } = paced();
      const sentAt: number[] = [];
      const t = target();
      t.sendAudio = (frame) => {
        t.sent.push(Buffer.from(frame));
        sentAt.push(clock.now());
      };
      pipeline.take(countingPcm(16000 * 5)); // 5 s at once
      assert.equal(t.sent.length, 1, 'only the first frame goes at once');
      assert.equal(backlogs.length, 1);
      assert.equal(backlogs[0].bufferedMs, 4950);
      await clock.tick(4000);
      assert.equal(t.sent.length, 100, '5 s of audio in 4 s: 1.25x');
      assert.equal(caughtUp.length, 1);
      assert.ok(isCountingFrom(Buffer.concat(t.sent), 0));
      assert.ok(busiestWindow(sentAt, 1000) <= 1250 + 50);
    });

    it('live audio at real time is never held by the rule, and a reconnect during a backlog reports it again with the new figure', async () => {
      const { pipeline, clock, target, setTarget, backlogs, caughtUp } = paced();
      for (let i = 0; i < 20; i++) {
        pipeline.take(countingPcm(800, i * 800));
        assert.equal(target().sent.length, i + 1, 'each 50 ms frame goes at once');
        await clock.tick(50);
      }
      pipeline.take(countingPcm(16000 * 3)); // 3 s piled up
      assert.equal(backlogs.length, 1);
      await clock.tick(400);
      setTarget(undefined); // the connection is lost mid-backlog
      pipeline.resetFlow();
      pipeline.take(countingPcm(16000));
      await clock.tick(1000);
      const next = new ScriptedTarget();
      setTarget(next);
      pipeline.pump();
      assert.equal(backlogs.length, 2);
      assert.ok(backlogs[1].bufferedMs > backlogs[0].bufferedMs - 500, 'the new figure includes what came meanwhile');
      assert.equal(caughtUp.length, 0);
      await clock.tick(10000);
      assert.equal(caughtUp.length, 1);
      assert.equal(caughtUp[0].backlogMs, backlogs[1].bufferedMs);
    });
  });
});
