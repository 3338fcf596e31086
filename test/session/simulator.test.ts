// StreamingSession against the package's v3 simulator: real protocol, real
// sockets on 127.0.0.1, turns built from the audio's loudness and a script.
import assert from 'node:assert/strict';
import { pcm16ToMulaw } from '../../src/audio/mulaw';
import { encodeWav } from '../../src/audio/wav-encode';
import { StreamingSession, StreamingError } from '../../src/session';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/sim';
import type { StreamingSessionOptions } from '../../src/session/types';
import { fakeClock, isSettled, record, sleep, states, testOptions, tickUntil, tonePcm, until, waitForState } from './session-test-kit';

const speech = (ms: number) => ({ speechMs: ms });
const silence = (ms: number) => ({ silenceMs: ms });
const FAST: SimulatorOptions['timing'] = { throttleFactor: 40 };
/**
 * For tests about turns, framing or the speech gate, not about the pace: audio written at once
 * goes out at 10x real time (the highest maxSendRate) to a strict simulator that allows 10x, so
 * the strict rule still fails a test that sends faster than its session's rate.
 */
const SEND_RATE = 10;
const FAST_SEND: SimulatorOptions['timing'] = { ...FAST, strictFactor: SEND_RATE };

function toMulaw(pcm: Buffer): Buffer {
  return pcm16ToMulaw(new Int16Array(pcm.buffer.slice(pcm.byteOffset, pcm.byteOffset + pcm.length)));
}

describe('session against the simulator', function () {
  this.timeout(30000);
  let sim: Simulator;
  let session: StreamingSession | undefined;
  afterEach(async () => {
    await session?.close();
    session = undefined;
    await sim?.close();
  });

  async function simAndSession(simOptions: SimulatorOptions, sessionOptions: Partial<StreamingSessionOptions> = {}) {
    // The strict rate rule unless a test says otherwise: audio sent faster than 1.25x real time fails the test.
    sim = await startSimulator({ rateRule: 'strict', timing: FAST, ...simOptions });
    session = new StreamingSession(testOptions(sim.url, sessionOptions));
    return record(session);
  }

  describe('happy paths', () => {
    it('Universal-Streaming without format_turns: partials, then one final per turn', async () => {
      const events = await simAndSession(
        { script: ['Turn on the kitchen lights.', 'Turn off the lights.'], timing: FAST_SEND },
        { params: { speech_model: 'universal-streaming-english' }, maxSendRate: SEND_RATE },
      );
      session?.write(tonePcm([silence(200), speech(1500), silence(1500), speech(800), silence(1500)]));
      await until(() => events.turn.filter(([t]) => t.final).length === 2, 10000, 'two finals');
      const finals = events.turn.filter(([t]) => t.final).map(([t]) => t);
      assert.deepEqual(
        finals.map((t) => [t.order, t.transcript, t.formatted]),
        [
          [0, 'turn on the kitchen lights', false],
          [1, 'turn off the lights', false],
        ],
      );
      assert.ok(
        events.turn.some(([t]) => !t.endOfTurn),
        'partials came first',
      );
      assert.ok(states(events).includes('speech'));
      assert.equal(session?.info?.model, 'universal-streaming-english');
      await session?.stop();
      await until(() => sim.stats().terminatedCleanly === 1, 2000, 'the simulator to count a clean termination');
      assert.equal(sim.stats().framesRejected, 0);
    });

    it('Universal-Streaming with format_turns: the formatted end-of-turn is the one final', async () => {
      const events = await simAndSession(
        { script: ['Turn on the kitchen lights.'], timing: FAST_SEND },
        { params: { speech_model: 'universal-streaming-english', format_turns: true }, maxSendRate: SEND_RATE },
      );
      session?.write(tonePcm([silence(200), speech(1500), silence(1500)]));
      await until(() => events.turn.some(([t]) => t.final), 10000, 'a final');
      await session?.stop();
      const eot = events.turn.filter(([t]) => t.endOfTurn).map(([t]) => t);
      assert.deepEqual(
        eot.map((t) => [t.formatted, t.final, t.transcript]),
        [
          [false, false, 'turn on the kitchen lights'],
          [true, true, 'Turn on the kitchen lights.'],
        ],
      );
    });

    it('U3 (u3-rt-pro): SpeechStarted, then one formatted final', async () => {
      const events = await simAndSession(
        { script: ['What is the temperature in the living room?'], timing: FAST_SEND },
        { params: { speech_model: 'u3-rt-pro' }, maxSendRate: SEND_RATE },
      );
      session?.write(tonePcm([silence(300), speech(2500), silence(1500)]));
      await until(() => events.turn.some(([t]) => t.final), 10000, 'a final');
      await session?.stop();
      assert.equal(events.speechStarted.length, 1);
      const finals = events.turn.filter(([t]) => t.final).map(([t]) => t);
      assert.equal(finals.length, 1);
      assert.equal(finals[0].transcript, 'What is the temperature in the living room?');
      assert.equal(finals[0].formatted, true);
      assert.equal(events.begin[0][0].model, 'u3-rt-pro');
    });

    it('a WAV file at real-time pace passes the strict rate rule, and every sample arrives', async () => {
      const pcm = tonePcm([silence(200), speech(1000), silence(1000)]);
      const events = await simAndSession(
        { rateRule: 'strict', script: ['Set a timer for ten minutes.'], timing: {} },
        { params: { speech_model: 'universal-streaming-english' } },
      );
      await session?.writeWav(encodeWav(pcm, { sampleRate: 16000, encoding: 'pcm_s16le' }));
      await session?.stop();
      assert.equal(sim.stats().framesRejected, 0);
      assert.equal(sim.stats().samplesReceived, pcm.length / 2);
      assert.equal(events.turn.filter(([t]) => t.final).length, 1);
      assert.equal(events.error.length, 0);
    });

    it('a WAV file at the fast pace stays under the service rate (throttle rule, 1.25x)', async () => {
      const pcm = tonePcm([speech(1000), silence(1500)]);
      await simAndSession({ rateRule: 'throttle', timing: {} }, { params: { speech_model: 'universal-streaming-english' } });
      await session?.writeWav(encodeWav(pcm, { sampleRate: 16000, encoding: 'pcm_s16le' }), { pace: 'fast' });
      await session?.stop();
      assert.equal(sim.stats().framesRejected, 0);
      assert.equal(sim.stats().samplesReceived, pcm.length / 2);
      assert.equal(sim.stats().closedByError, 0);
    });

    it('8 kHz mu-law input is framed in 50 ms mu-law frames the simulator accepts', async () => {
      const mulaw = toMulaw(tonePcm([silence(200), speech(1200), silence(1500)], 8000));
      const events = await simAndSession(
        { script: ['Turn off the lights.'], timing: FAST_SEND },
        { sampleRate: 8000, encoding: 'pcm_mulaw', params: { speech_model: 'universal-streaming-english' }, maxSendRate: SEND_RATE },
      );
      session?.write(mulaw);
      await until(() => events.turn.some(([t]) => t.final), 10000, 'a final');
      await session?.stop();
      const c = sim.connections()[0];
      assert.equal(c.query.encoding, 'pcm_mulaw');
      assert.equal(c.query.sample_rate, '8000');
      assert.equal(sim.stats().framesRejected, 0);
      assert.equal(c.samplesReceived, mulaw.length);
    });

    it('odd-sized input buffers are framed so that no frame is rejected and no sample is lost', async () => {
      await simAndSession({ timing: FAST_SEND }, { params: { speech_model: 'universal-streaming-english' }, maxSendRate: SEND_RATE });
      const pcm = tonePcm([speech(700), silence(800)]);
      let at = 0;
      let size = 1;
      while (at < pcm.length) {
        const n = Math.min(size, pcm.length - at);
        session?.write(pcm.subarray(at, at + n));
        at += n;
        size = (size * 7 + 3) % 4001; // odd and even sizes from 1 to 4000 bytes
      }
      await session?.stop();
      assert.equal(sim.stats().framesRejected, 0);
      assert.equal(sim.stats().samplesReceived, pcm.length / 2);
    });

    it('the connection carries exactly the configured parameters, and the key only in the Authorization header', async () => {
      await simAndSession(
        { keys: ['key-for-the-sim'] },
        {
          apiKey: 'key-for-the-sim',
          policy: 'manual',
          params: {
            speech_model: 'universal-streaming-english',
            format_turns: false,
            end_of_turn_confidence_threshold: 0,
            keyterms_prompt: ['Node-RED'],
            min_turn_silence: 160,
          },
        },
      );
      await session?.start();
      const c = sim.connections()[0];
      assert.deepEqual(Object.keys(c.query).sort(), [
        'encoding',
        'end_of_turn_confidence_threshold',
        'format_turns',
        'keyterms_prompt',
        'min_turn_silence',
        'sample_rate',
        'speech_model',
      ]);
      assert.deepEqual(c.query, {
        speech_model: 'universal-streaming-english',
        format_turns: 'false',
        end_of_turn_confidence_threshold: '0',
        keyterms_prompt: '["Node-RED"]',
        min_turn_silence: '160',
        sample_rate: '16000',
        encoding: 'pcm_s16le',
      });
      assert.equal(c.authorization, 'key-for-the-sim');
      assert.ok(!c.rawQuery.includes('key-for-the-sim'));
      assert.deepEqual(c.ignoredParameters, []);
      assert.equal(c.usedToken, false);
    });

    it('a temporary token from the simulator token endpoint is used once per connection', async () => {
      sim = await startSimulator({ keys: ['mint-key'], rateRule: 'strict', timing: FAST });
      const getToken = async () => {
        const response = await fetch(`${sim.tokenUrl}?expires_in_seconds=60`, { headers: { Authorization: 'mint-key' } });
        if (!response.ok) throw Object.assign(new Error(`token HTTP ${response.status}`), { status: response.status });
        return ((await response.json()) as { token: string }).token;
      };
      session = new StreamingSession({ ...testOptions(sim.url, { policy: 'manual' }), apiKey: undefined, getToken });
      await session.start();
      await session.stop();
      await session.start();
      const records = sim.connections();
      assert.equal(records.length, 2);
      assert.ok(records.every((c) => c.usedToken && c.authorization !== undefined && c.query.token === undefined));
      assert.notEqual(records[0].authorization, records[1].authorization, 'a fresh single-use token per connection');
    });
  });

  describe('faults', () => {
    it('wrong key, close-1008 mode: failed, fatal error, no retry', async () => {
      const events = await simAndSession({ keys: ['right'] }, { apiKey: 'wrong', policy: 'manual' });
      await assert.rejects(session!.start(), (e: StreamingError) => e.fatal && e.code === 1008);
      assert.equal(session?.state, 'failed');
      assert.equal(events.reconnecting.length, 0);
      assert.equal(sim.connections().length, 1);
    });

    it('wrong key, http-401 mode: failed, fatal error, no retry', async () => {
      const events = await simAndSession({ keys: ['right'], authFailure: 'http-401' }, { apiKey: 'wrong', policy: 'manual' });
      await assert.rejects(session!.start(), (e: StreamingError) => e.fatal && e.code === 401);
      assert.equal(events.reconnecting.length, 0);
      assert.equal(sim.stats().authFailures, 1);
    });

    it('closeBeforeBegin: the attempt ends at once with the reason and is retried', async () => {
      const events = await simAndSession(
        { faults: { closeBeforeBegin: { code: 1011, reason: 'warming up', withErrorMessage: true } } },
        { policy: 'manual' },
      );
      const started = session!.start();
      await until(() => events.reconnecting.length >= 2);
      sim.setFaults({ closeBeforeBegin: null });
      await started;
      assert.equal(events.reconnecting[0][0].code, 1011);
      assert.match(events.reconnecting[0][0].reason, /warming up/);
      assert.equal(session?.state, 'listening');
    });

    it('stall: a connection that never begins is bounded by connectTimeoutMs and retried', async () => {
      const events = await simAndSession({ faults: { stall: true } }, { policy: 'manual', connectTimeoutMs: 300 });
      const started = session!.start();
      await until(() => events.reconnecting.length >= 1, 3000);
      sim.setFaults({ stall: false });
      await started;
      assert.match(events.reconnecting[0][0].reason, /did not begin within 300 ms/);
    });

    it('stall after Begin with session_heartbeat on: no Heartbeat within heartbeatTimeoutMs, so it reconnects and streams again', async () => {
      const clock = fakeClock();
      const events = await simAndSession(
        { timing: { ...FAST, heartbeatMs: 100 } },
        {
          policy: 'manual',
          heartbeatTimeoutMs: 500,
          clock,
          params: { speech_model: 'universal-streaming-english', session_heartbeat: true },
        },
      );
      await session!.start();
      // Each heartbeat (real time) resets the watch: 2 s on the session clock pass without a reconnect.
      for (let i = 0; i < 5; i++) {
        const seen = events.heartbeat.length;
        await until(() => events.heartbeat.length > seen, 3000, 'a heartbeat');
        await clock.tick(400);
      }
      assert.equal(session?.state, 'listening', 'regular heartbeats keep the session');
      assert.equal(events.reconnecting.length, 0);
      sim.setFaults({ stall: true }); // the server keeps reading but answers nothing
      const audio = tonePcm([speech(300)]);
      session?.write(audio);
      await tickUntil(clock, () => events.reconnecting.length >= 1, 100, 5000, 'a reconnect');
      assert.match(events.reconnecting[0][0].reason, /No message from the server for 500 ms although session_heartbeat/);
      // Audio is paced (1.25x real time on the session clock): what had not gone to the stalled connection yet is kept for the next.
      const sentToStalled = (session?.stats().bytesSent ?? 0) / 2;
      sim.setFaults({ stall: false });
      await tickUntil(clock, () => sim.connections().length >= 2, 10, 5000, 'the retry to open a connection');
      await waitForState(session, 'listening');
      assert.equal(sim.stats().sessionsOpened, 2);
      // What went to the stalled server is lost there (no acknowledgement exists); what was held and what comes after arrives.
      const after = tonePcm([speech(300)]);
      session?.write(after);
      // 300 ms at once go out at 1.25x real time on the session's clock.
      const expected = (audio.length + after.length) / 2 - sentToStalled;
      await tickUntil(
        clock,
        () => sim.connections()[1].samplesReceived === expected,
        20,
        5000,
        'the held audio and the audio after the reconnect',
      );
      await session.stop();
      assert.equal(sim.connections()[1].samplesReceived, expected);
      assert.equal(session?.stats().droppedMs, 0);
    });

    it('without session_heartbeat a quiet server is not taken for a stalled one', async () => {
      const clock = fakeClock();
      const events = await simAndSession({ timing: { ...FAST, heartbeatMs: 100 } }, { policy: 'manual', heartbeatTimeoutMs: 200, clock });
      await session!.start();
      assert.equal(clock.pending(), 1, 'only the rollover timer: no heartbeat watch without session_heartbeat');
      await clock.tick(10 * 200);
      assert.equal(session?.state, 'listening');
      assert.equal(events.reconnecting.length, 0);
    });

    it('noTermination: stop() is bounded by terminationTimeoutMs', async () => {
      const clock = fakeClock();
      await simAndSession({ faults: { noTermination: true } }, { policy: 'manual', terminationTimeoutMs: 300, clock });
      await session!.start();
      session?.write(tonePcm([speech(300)]));
      // Audio written at once is paced on the session clock (1.25x real time): let it go out before stopping.
      for (let i = 0; i < 10; i++) await clock.tick(50);
      const stopped = session!.stop();
      await until(() => sim.connections()[0].terminateReceived, 3000, 'the simulator to get Terminate');
      await clock.tick(299);
      assert.equal(await isSettled(stopped), false, 'waiting for a Termination that does not come');
      await clock.tick(1);
      assert.equal(await isSettled(stopped), true, 'bounded by terminationTimeoutMs');
      assert.equal(session?.state, 'idle');
      await until(() => sim.stats().openNow === 0, 2000, 'the socket closed');
    });

    it('destroyAfterMs (1006): reconnects and keeps streaming', async () => {
      const events = await simAndSession({ faults: { destroyAfterMs: 100 } }, { policy: 'manual' });
      await session!.start();
      await waitForState(session!, 'reconnecting');
      sim.setFaults({ destroyAfterMs: null });
      await waitForState(session!, 'listening');
      assert.equal(events.closed[0][0].code, 1006);
      assert.equal(events.closed[0][0].willRetry, true);
    });

    const retried: Array<[number, string]> = [
      [3005, 'Session Cancelled: An error occurred'],
      [1011, 'Internal error'],
      [1013, 'Try again later'],
    ];
    for (const [code, reason] of retried) {
      it(`closeAfter ${code}: retried`, async () => {
        const events = await simAndSession({ faults: { closeAfter: { afterMs: 50, code, reason } } }, { policy: 'manual' });
        await session!.start();
        await until(() => events.reconnecting.length >= 1);
        sim.setFaults({ closeAfter: null });
        await waitForState(session!, 'listening');
        assert.equal(events.reconnecting[0][0].code, code);
        assert.equal(events.error.filter(([e]) => e.fatal).length, 0);
      });
    }

    const fatal: Array<[number, string]> = [
      [3006, 'Invalid Message Type: Foo'],
      [3007, 'Input duration violation: 20 ms. Expected between 50 and 1000 ms'],
    ];
    for (const [code, reason] of fatal) {
      it(`closeAfter ${code}: not retried, failed`, async () => {
        const events = await simAndSession({ faults: { closeAfter: { afterMs: 50, code, reason } } }, { policy: 'manual' });
        await session!.start();
        await waitForState(session!, 'failed');
        assert.equal(events.reconnecting.length, 0);
        const errors = events.error.filter(([e]) => e.fatal);
        assert.equal(errors.length, 1);
        assert.equal(errors[0][0].code, code);
        assert.ok(errors[0][0].message.includes(reason));
      });
    }

    it('closeAfter 3008 (expired): a new session at once', async () => {
      const events = await simAndSession(
        { faults: { closeAfter: { afterMs: 50, code: 3008, reason: 'Session Expired: Maximum session duration exceeded' } } },
        { policy: 'always' },
      );
      await session!.start();
      await until(() => sim.connections().length >= 2);
      sim.setFaults({ closeAfter: null });
      await until(() => events.begin.length >= 2);
      assert.equal(events.reconnecting.length, 0);
    });

    for (const code of [3009, 1008] as const) {
      it(`tooManySessions (${code}): retried with the longer backoff, then begins`, async () => {
        const events = await simAndSession({}, { policy: 'manual', retry: { initialDelayMs: 30, maxDelayMs: 30 } });
        sim.setFaults({ tooManySessions: { fromSession: 1, code } });
        const started = session!.start();
        await until(() => events.reconnecting.length >= 1);
        sim.setFaults({ tooManySessions: null });
        await started;
        assert.equal(events.reconnecting[0][0].code, code);
        assert.ok(events.reconnecting[0][0].delayMs >= 60, `delay ${events.reconnecting[0][0].delayMs}`);
        assert.match(events.reconnecting[0][0].reason, /Too many sessions/);
      });
    }

    it('slowReads: audio waits under back-pressure within bufferSeconds, the loss is reported, and the rest arrives after', async () => {
      const events = await simAndSession({}, { policy: 'manual', bufferSeconds: 1, connectTimeoutMs: 20000 });
      await session!.start();
      sim.setFaults({ slowReads: true }); // pauses reading the open socket at once
      const second = tonePcm([silence(1000)]);
      let written = 0;
      for (let i = 0; i < 200; i++) {
        session?.write(second);
        written += second.length;
        assert.ok((session?.stats().bufferedMs ?? 0) <= 1050);
      }
      await until(() => events.audioDropped.length > 0);
      sim.setFaults({ slowReads: false });
      await until(() => session?.stats().bufferedMs === 0, 10000);
      const stats = session!.stats();
      assert.ok(stats.droppedMs > 0);
      assert.equal(stats.bytesSent + stats.droppedMs * 32, written);
      await session?.stop();
      assert.equal(sim.stats().samplesReceived, stats.bytesSent / 2);
    });
  });

  describe('sessions over time', () => {
    it('rolls over before a short maxSessionSeconds without losing a sample', async () => {
      const events = await simAndSession({ maxSessionSeconds: 3, timing: {} }, { policy: 'manual', rolloverLeadSeconds: 1 });
      await session!.start();
      const chunk = tonePcm([speech(40), silence(60)]);
      let written = 0;
      const timer = setInterval(() => {
        session?.write(chunk);
        written += chunk.length;
      }, 100);
      try {
        await until(() => sim.stats().sessionsOpened >= 2, 6000, 'a second session');
        await until(() => sim.connections()[0].closedAt !== undefined, 4000, 'the first session to end');
        await until(() => (sim.connections()[1]?.samplesReceived ?? 0) >= chunk.length, 4000, 'audio on the new session');
      } finally {
        clearInterval(timer);
      }
      await session!.stop();
      await until(() => sim.stats().openNow === 0, 2000, 'both sessions closed');
      const stats = sim.stats();
      assert.equal(stats.samplesReceived, written / 2, 'every sample written reached one of the two sessions');
      assert.equal(stats.closedByError, 0, 'no 3008: the rollover came first');
      assert.equal(stats.terminatedCleanly, 2);
      assert.ok(sim.connections()[0].samplesReceived > 0 && sim.connections()[1].samplesReceived > 0);
      assert.equal(events.reconnecting.length, 0);
    });

    it('auto: opens on audio, closes after idleSeconds, reopens on new audio, losing none of the first words', async () => {
      const events = await simAndSession(
        { script: ['Turn on the kitchen lights.', 'Turn off the lights.'], timing: FAST_SEND },
        { idleSeconds: 0.5, params: { speech_model: 'universal-streaming-english' }, maxSendRate: SEND_RATE },
      );
      assert.equal(sim.connections().length, 0);
      const first = tonePcm([speech(1200), silence(1200)]);
      session?.write(first);
      await until(() => events.turn.some(([t]) => t.final), 10000);
      await waitForState(session!, 'idle', 5000);
      await until(() => sim.stats().openNow === 0, 2000, 'the idle session closed');
      assert.equal(sim.stats().terminatedCleanly, 1);
      assert.equal(sim.connections()[0].samplesReceived, first.length / 2, 'audio written while connecting was all sent');
      const second = tonePcm([speech(800), silence(1200)]);
      session?.write(second);
      await until(() => events.turn.filter(([t]) => t.final).length === 2, 10000);
      assert.equal(sim.connections().length, 2);
      assert.deepEqual(
        events.turn.filter(([t]) => t.final).map(([t]) => [t.order, t.transcript]),
        [
          [0, 'turn on the kitchen lights'],
          [1, 'turn on the kitchen lights'],
        ],
      );
    });

    it('buffer overflow while connecting drops the oldest audio and reports it', async () => {
      const events = await simAndSession({ faults: { stall: true } }, { bufferSeconds: 1, connectTimeoutMs: 400 });
      session?.write(tonePcm([silence(3000)]));
      assert.equal(session?.state, 'connecting');
      await until(() => events.audioDropped.length > 0);
      sim.setFaults({ stall: false });
      await waitForState(session, 'listening', 5000);
      await session?.stop();
      assert.equal(session?.stats().droppedMs, 2000);
      assert.equal(sim.stats().samplesReceived, 16000, 'the newest second was sent');
    });
  });
});

describe('session against the simulator: auto policy opening on speech', function () {
  this.timeout(40000);
  let sim: Simulator;
  let session: StreamingSession | undefined;
  afterEach(async () => {
    await session?.close();
    session = undefined;
    await sim?.close();
  });

  /**
   * Writes audio as a live source would: 100 ms chunks, at `pace` times real time. The gate's speech
   * and pre-roll decisions follow the audio, so 4x proves them as well as real time (the idle close
   * follows the clock and is waited for); the session sends at SEND_RATE to a strict simulator
   * allowing it, so the audio does not pile up behind.
   */
  async function stream(pcm: Buffer, pace = 4): Promise<void> {
    for (let offset = 0; offset < pcm.length; offset += 3200) {
      session?.write(pcm.subarray(offset, Math.min(offset + 3200, pcm.length)));
      await sleep(100 / pace);
    }
  }

  it('a continuous stream of silence opens nothing; speech opens a session with the pre-roll, silence closes it, speech reopens it', async () => {
    sim = await startSimulator({
      rateRule: 'strict',
      timing: { strictFactor: SEND_RATE },
      script: ['Turn on the kitchen lights.', 'Turn off the lights.'],
    });
    session = new StreamingSession(testOptions(sim.url, { openOn: 'speech', idleSeconds: 0.5, preRollMs: 1500, maxSendRate: SEND_RATE }));
    const events = record(session);

    await stream(tonePcm([silence(3000)]));
    assert.equal(sim.connections().length, 0, 'silence opened no session');
    assert.equal(session.state, 'idle');
    assert.equal(session.stats().gatedMs, 1500, 'all but the pre-roll of the silence was let go');

    const firstSpeech = tonePcm([speech(1200)]);
    await stream(Buffer.concat([firstSpeech, tonePcm([silence(2000)])]));
    await until(() => events.turn.some(([t]) => t.final), 10000, 'the first final');
    await until(() => sim.stats().openNow === 0, 5000, 'the session to close after idleSeconds without speech');
    const first = sim.connections()[0];
    assert.ok(
      first.samplesReceived >= firstSpeech.length / 2 + 1500 * 16,
      `every speech sample and the 1.5 s pre-roll were sent (got ${first.samplesReceived} samples)`,
    );

    await stream(tonePcm([silence(2000)]));
    assert.equal(sim.connections().length, 1, 'silence after the idle close did not reopen');
    assert.equal(sim.stats().terminatedCleanly, 1);

    await stream(tonePcm([speech(800), silence(2000)]));
    await until(() => events.turn.filter(([t]) => t.final).length === 2, 10000, 'the second final');
    await session.stop();
    assert.equal(sim.connections().length, 2);
    assert.deepEqual(
      events.turn.filter(([t]) => t.final).map(([t]) => t.transcript),
      ['turn on the kitchen lights', 'turn on the kitchen lights'],
    );
    assert.equal(session.stats().droppedMs, 0, 'nothing counted as lost');
    assert.equal(sim.stats().framesRejected, 0);
  });

  it('writeWav and start() open the gate without waiting for speech', async () => {
    sim = await startSimulator({ rateRule: 'strict' });
    session = new StreamingSession(testOptions(sim.url, { openOn: 'speech', idleSeconds: 0.5 }));
    await session.start();
    assert.equal(sim.connections().length, 1);
    await session.stop();
    await session.writeWav(encodeWav(tonePcm([silence(300)]), { sampleRate: 16000, encoding: 'pcm_s16le' }), { pace: 'fast' });
    assert.equal(sim.connections().length, 2, 'a silent WAV file is still sent');
    await until(() => sim.connections()[1].samplesReceived >= 4800, 3000, 'the WAV samples to reach the simulator');
  });
});
