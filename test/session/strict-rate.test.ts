// Backlog pacing against the simulator's strict rate rule (3007 "Audio
// Transmission Rate Exceeded" once audio arrives faster than 2 s + 1.25x real
// time): audio that piled up across a reconnect, before a late Begin, or in a
// 6 s WAV file given at once reaches the simulator complete, in order, and at
// no more than 1.25x real time over any second, measured where it arrives.
// Real clock, real sockets, a live source that writes 50 ms every 50 ms.
import assert from 'node:assert/strict';
import { encodeWav } from '../../src/audio/wav-encode';
import { StreamingSession } from '../../src/session';
import { busiestWindowMs, startSimulator, type Simulator, type SimulatorOptions } from '../../src/sim';
import type { StreamingSessionOptions } from '../../src/session/types';
import { record, testOptions, tonePcm, until, type Recorded } from './session-test-kit';

/** 1.25x real time over one second, plus one 50 ms frame of arrival jitter (two frames read together). */
const BUSIEST_SECOND_LIMIT_MS = 1250 + 50;

describe('session: backlog pacing under the strict rate rule (simulator)', function () {
  this.timeout(60000);
  let sim: Simulator;
  let session: StreamingSession | undefined;
  let source: NodeJS.Timeout | undefined;
  afterEach(async () => {
    if (source !== undefined) clearInterval(source);
    source = undefined;
    await session?.close();
    session = undefined;
    await sim?.close();
  });

  async function open(simOptions: SimulatorOptions, sessionOptions: Partial<StreamingSessionOptions>): Promise<Recorded> {
    sim = await startSimulator({
      rateRule: 'strict',
      recordArrivals: true,
      timing: {},
      script: ['Turn on the kitchen lights.'],
      ...simOptions,
    });
    session = new StreamingSession(testOptions(sim.url, sessionOptions));
    return record(session);
  }

  /** Writes `pcm` 50 ms every 50 ms of real time; resolves when all of it is written. */
  function liveSource(pcm: Buffer): Promise<void> {
    const chunk = 1600;
    let at = 0;
    return new Promise((resolve) => {
      source = setInterval(() => {
        session?.write(pcm.subarray(at, at + chunk));
        at += chunk;
        if (at >= pcm.length) {
          clearInterval(source);
          source = undefined;
          resolve();
        }
      }, 50);
    });
  }

  /** `inFlight`: frames that may cross a server's close on the wire (lost there: no acknowledgement exists). */
  function checkDelivery(written: number, inFlight = 0): void {
    const records = sim.connections();
    const received = records.reduce((sum, r) => sum + r.samplesReceived, 0);
    assert.equal(session?.stats().bytesSent, written * 2, 'the session sent every sample');
    assert.equal(session?.stats().droppedMs, 0);
    assert.ok(received <= written && written - received <= inFlight * 800, `${written - received} samples lost at the server`);
    const arrivals = records.flatMap((r) => r.audioArrivals ?? []).sort((a, b) => a.at - b.at);
    const busiest = busiestWindowMs(arrivals, 1000);
    assert.ok(busiest <= BUSIEST_SECOND_LIMIT_MS, `the busiest second carried ${busiest} ms of audio`);
    assert.equal(sim.stats().framesRejected, 0);
    assert.ok(!records.some((r) => r.closeCode === 3007), 'no 3007');
  }

  it('a reconnect after a retryable close mid-speech: the audio held meanwhile goes out paced behind the live audio', async () => {
    const events = await open(
      { faults: { closeAfter: { afterMs: 1500, code: 1011, reason: 'Internal error' } } },
      { policy: 'manual', retry: { initialDelayMs: 3000, maxDelayMs: 3000, maxAttempts: 0 } }, // 1.5-3 s (jittered) of audio piles up
    );
    await session?.start();
    sim.setFaults({ closeAfter: null }); // only the first connection is closed
    const pcm = tonePcm([{ speechMs: 7000 }]);
    await liveSource(pcm);
    await until(() => events.caughtUp.length === 1, 20000, 'the backlog to be caught up');
    await session?.stop();
    assert.equal(events.reconnecting.length, 1);
    assert.equal(events.closed[0][0].code, 1011);
    assert.equal(events.backlog.length, 1);
    assert.ok(events.backlog[0][0].bufferedMs >= 1000, `backlog of ${events.backlog[0][0].bufferedMs} ms`);
    assert.equal(sim.connections().length, 2);
    // A frame sent just before the server's close reached it may be lost there: at most two.
    checkDelivery(pcm.length / 2, 2);
  });

  it('Begin arriving 2.5 s late: the first seconds wait, then go out paced; a stop sends the rest paced before Terminate', async () => {
    const events = await open({ faults: { beginDelayMs: 2500 } }, { policy: 'auto', connectTimeoutMs: 10000 });
    const pcm = tonePcm([{ silenceMs: 200 }, { speechMs: 1500 }, { silenceMs: 3300 }]);
    await liveSource(pcm);
    await session?.stop();
    assert.equal(events.begin.length, 1);
    assert.equal(events.backlog.length, 1);
    assert.ok(events.backlog[0][0].bufferedMs >= 2000, `backlog of ${events.backlog[0][0].bufferedMs} ms`);
    assert.equal(events.error.length, 0);
    checkDelivery(pcm.length / 2);
    await until(() => sim.connections()[0].terminatedCleanly, 3000, 'a clean Termination');
  });

  it('a 6 s WAV file given in one message, at the fast pace', async () => {
    // 6 s is three times the simulator's 2 s burst allowance: unpaced, it would arrive in well under a
    // second (busiest second ~6000 ms, 3007); paced, it takes 6 s / 1.25 = 4.8 s. A 20 s file proved no more.
    const events = await open({}, { policy: 'manual' });
    await session?.start();
    const pcm = tonePcm([{ silenceMs: 500 }, { speechMs: 2000 }, { silenceMs: 3500 }]);
    await session?.writeWav(encodeWav(pcm, { sampleRate: 16000, encoding: 'pcm_s16le' }), { pace: 'fast' });
    await session?.stop();
    assert.equal(events.error.length, 0);
    assert.equal(events.turn.filter(([t]) => t.final).length, 1);
    checkDelivery(pcm.length / 2);
    // The whole file took as long to arrive as 1.25x real time allows (less one frame and a read's jitter).
    const arrivals = sim.connections()[0].audioArrivals ?? [];
    const audioMs = pcm.length / 32;
    const spanMs = arrivals[arrivals.length - 1].at - arrivals[0].at;
    assert.ok(spanMs >= (audioMs - 100) / 1.25 - 100, `${audioMs} ms of audio arrived within ${Math.round(spanMs)} ms`);
  });
});
