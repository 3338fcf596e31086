// The transcriber node end to end against the simulator: audio in, turns out.
import assert from 'node:assert/strict';
import { encodeWav } from '../../src/audio/wav-encode';
import type { Turn } from '../../src/protocol/turn';
import { chunk, mulawBytes, pcmBytes, samplesOf, utterances } from './support/audio';
import { Harness, statusState, TEST_KEY, type HarnessOptions, type Msg } from './support/harness';
import { waitFor } from './support/wait';

const SCRIPT = ['Turn on the kitchen lights.', 'Set a timer for ten minutes.'];
// The service formats finals: sentence case, punctuation, numbers as digits (the simulator derives this from the spoken script).
const FORMATTED = ['Turn on the kitchen lights.', 'Set a timer for 10 minutes.'];

/**
 * Tests about the turns, frames and parameters, not the pace: audio written at once goes out at 10x
 * real time (the node's highest catch-up rate) to a strict simulator that allows 10x, so a test
 * that sends faster than its node's rate still fails. The WAV test keeps its file pace (1.2x).
 */
const FAST_RATE = 10;

function startFast(options: HarnessOptions & { simulator: NonNullable<HarnessOptions['simulator']> }): Promise<Harness> {
  return Harness.start({
    ...options,
    simulator: { ...options.simulator, timing: { strictFactor: FAST_RATE } },
    transcriber: { maxSendRate: FAST_RATE, ...options.transcriber },
  });
}

function turnOf(msg: Msg): Turn {
  return msg.turn as Turn;
}

/** Exactly one final per turn order, each the last message of its turn, and partials never final. */
function assertOneFinalPerTurn(turns: Msg[], count: number): Msg[] {
  const finals = turns.filter((m) => turnOf(m).final);
  assert.deepEqual(
    finals.map((m) => turnOf(m).order),
    Array.from({ length: count }, (_, i) => i),
  );
  for (const msg of turns) {
    const turn = turnOf(msg);
    assert.equal(msg.payload, turn.transcript);
    if (!turn.endOfTurn) assert.equal(turn.final, false, 'a partial was marked final');
  }
  return finals;
}

function sendAll(h: Harness, chunks: Buffer[], extra: Msg = {}): void {
  for (const c of chunks) h.send({ payload: c, ...extra });
}

describe('assemblyai-transcriber node: turns', function () {
  this.timeout(30000);
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('sends only the final message of each turn when told to (turnUpdates: final)', async () => {
    h = await startFast({ simulator: { script: SCRIPT }, transcriber: { turnUpdates: 'final' } });
    sendAll(h, chunk(pcmBytes(samplesOf(utterances(2))), [3200]));
    await h.waitForFinals(2);
    assert.deepEqual(
      h.turns.map((m) => [turnOf(m).order, turnOf(m).final]),
      [
        [0, true],
        [1, true],
      ],
    );
    assert.deepEqual(
      h.turns.map((m) => m.payload),
      ['turn on the kitchen lights', 'set a timer for ten minutes'],
    );
    assert.ok((h.sim?.stats().messagesSent ?? 0) > 10, 'the simulator sent partial turns that the node held back');
  });

  it('turns PCM chunks into turns on a Universal-Streaming model without formatting', async () => {
    h = await startFast({ simulator: { script: SCRIPT } });
    const pcm = pcmBytes(samplesOf(utterances(2)));
    sendAll(h, chunk(pcm, [3200]));
    const finals = await h.waitForFinals(2);
    assertOneFinalPerTurn(h.turns, 2);
    assert.deepEqual(
      finals.map((m) => m.payload),
      ['turn on the kitchen lights', 'set a timer for ten minutes'],
    );
    for (const msg of finals) {
      const turn = turnOf(msg);
      assert.equal(turn.endOfTurn, true);
      assert.equal(turn.formatted, false);
      assert.ok(turn.words.length >= 5 && turn.words.every((w) => w.final));
    }
    assert.ok(h.turns.length > finals.length, 'partial turns come before the finals');
    const [begin] = await h.waitForEvent('begin');
    assert.equal((begin.payload as { id: string }).id, (finals[0].session as { id: string }).id);
    assert.equal((finals[0].session as { model: string }).model, 'universal-streaming-english');
    assert.equal(typeof (finals[0].session as { expiresAt: number }).expiresAt, 'number');
    assert.equal(h.sim?.stats().framesRejected, 0);
    assert.ok(h.statuses().some((s) => s.text === 'assemblyai-transcriber.status.listening' && s.fill === 'green'));
    assert.ok(h.statuses().some((s) => s.text === 'assemblyai-transcriber.status.speech' && s.fill === 'blue'));
  });

  it('marks the formatted end-of-turn message final when format_turns is on', async () => {
    h = await startFast({ simulator: { script: SCRIPT }, transcriber: { formatTurns: 'true' } });
    sendAll(h, chunk(pcmBytes(samplesOf(utterances(2))), [1600]));
    const finals = await h.waitForFinals(2);
    assertOneFinalPerTurn(h.turns, 2);
    assert.deepEqual(
      finals.map((m) => m.payload),
      FORMATTED,
    );
    for (const msg of finals) assert.equal(turnOf(msg).formatted, true);
    // Each turn's unformatted end-of-turn message came first and was not final.
    for (const order of [0, 1]) {
      const ends: Msg[] = h.turns.filter((m) => turnOf(m).order === order && turnOf(m).endOfTurn);
      assert.deepEqual(
        ends.map((m) => [turnOf(m).formatted, turnOf(m).final]),
        [
          [false, false],
          [true, true],
        ],
      );
    }
    assert.equal(h.sim?.connections()[0].query.format_turns, 'true');
  });

  it('emits speech-started events and one formatted final per turn on a U3 model', async () => {
    h = await startFast({ simulator: { script: SCRIPT }, transcriber: { speechModel: 'u3-rt-pro' } });
    sendAll(h, chunk(pcmBytes(samplesOf(utterances(2))), [4000]));
    const finals = await h.waitForFinals(2);
    assertOneFinalPerTurn(h.turns, 2);
    assert.deepEqual(
      finals.map((m) => m.payload),
      FORMATTED,
    );
    for (const msg of finals) {
      assert.equal(turnOf(msg).formatted, true);
      assert.equal(turnOf(msg).endOfTurn, true);
    }
    const started = await h.waitForEvent('speech-started', 2);
    assert.equal(typeof (started[0].payload as { timestamp: number }).timestamp, 'number');
    assert.equal((finals[0].session as { model: string }).model, 'u3-rt-pro');
  });

  it('streams a whole WAV file given in one Buffer', async () => {
    h = await Harness.start({ simulator: { script: SCRIPT }, transcriber: { wavPace: 'fast' } });
    const samples = samplesOf(utterances(2));
    const wav = encodeWav(pcmBytes(samples), { sampleRate: 16000, encoding: 'pcm_s16le' });
    const error = await h.sendAndWait({ payload: wav }, 20000);
    assert.equal(error, undefined);
    const finals = await h.waitForFinals(2);
    assert.deepEqual(
      finals.map((m) => m.payload),
      ['turn on the kitchen lights', 'set a timer for ten minutes'],
    );
    await h.sendAndWait({ action: 'stop' });
    const stats = h.sim?.stats();
    assert.equal(stats?.samplesReceived, samples.length, 'every sample of the file reached the service');
    assert.equal(stats?.framesRejected, 0);
  });

  it('transcribes 8 kHz mu-law audio declared in msg.audio', async () => {
    h = await startFast({ simulator: { script: SCRIPT }, transcriber: { encoding: 'pcm_mulaw', sampleRate: 8000 } });
    const samples = samplesOf(utterances(1), 8000);
    sendAll(h, chunk(mulawBytes(samples), [160]), { audio: { sampleRate: 8000, encoding: 'pcm_mulaw', channels: 1 } });
    const finals = await h.waitForFinals(1);
    assert.equal(finals[0].payload, 'turn on the kitchen lights');
    await h.sendAndWait({ action: 'stop' });
    const connection = h.sim?.connections()[0];
    assert.equal(connection?.query.encoding, 'pcm_mulaw');
    assert.equal(connection?.query.sample_rate, '8000');
    assert.equal(h.sim?.stats().samplesReceived, samples.length);
    assert.equal(h.sim?.stats().framesRejected, 0);
  });

  it('re-frames input of odd sizes into valid frames and loses no sample', async () => {
    h = await startFast({ simulator: { script: SCRIPT }, transcriber: { frameMs: 120 } });
    const samples = samplesOf(utterances(1));
    sendAll(h, chunk(pcmBytes(samples), [1, 3, 333, 4097, 7, 31999, 2]));
    await h.waitForFinals(1);
    await h.sendAndWait({ action: 'stop' });
    const stats = h.sim?.stats();
    assert.equal(stats?.framesRejected, 0);
    assert.equal(stats?.samplesReceived, samples.length);
    // 120 ms frames: every frame but the last holds exactly 1920 samples.
    assert.ok((stats?.framesReceived ?? 0) <= Math.ceil(samples.length / 1920));
  });

  it('connects with exactly the configured parameters and the key only in the header', async () => {
    h = await Harness.start({
      simulator: { script: SCRIPT, keys: [TEST_KEY] },
      transcriber: {
        speechModel: 'universal-streaming-english',
        formatTurns: 'false',
        endOfTurnConfidenceThreshold: '0',
        minTurnSilence: '160',
        maxTurnSilence: '1000',
        vadThreshold: '0',
        keyterms: 'kitchen lights\nthermostat',
        languageDetection: 'true',
        speakerLabels: 'true',
        maxSpeakers: '2',
        inactivityTimeout: '30',
        prompt: 'ignored on this model',
      },
    });
    assert.ok(h.warnings().some((w) => /prompt applies to Universal-3/.test(w)));
    assert.equal(await h.sendAndWait({ action: 'start' }), undefined);
    const [connection] = h.sim?.connections() ?? [];
    assert.deepEqual(connection.query, {
      speech_model: 'universal-streaming-english',
      format_turns: 'false',
      end_of_turn_confidence_threshold: '0',
      min_turn_silence: '160',
      max_turn_silence: '1000',
      vad_threshold: '0',
      keyterms_prompt: '["kitchen lights","thermostat"]',
      language_detection: 'true',
      speaker_labels: 'true',
      max_speakers: '2',
      inactivity_timeout: '30',
      sample_rate: '16000',
      encoding: 'pcm_s16le',
    });
    assert.equal(connection.authorization, TEST_KEY);
    assert.equal(connection.usedToken, false);
    assert.ok(!connection.rawQuery.includes(TEST_KEY));
    assert.deepEqual(connection.ignoredParameters, []);
  });

  it('sends only speech_model, sample_rate and encoding when every field is blank', async () => {
    h = await Harness.start({ simulator: { script: SCRIPT }, transcriber: { speechModel: 'u3-rt-pro', policy: 'manual' } });
    assert.equal(await h.sendAndWait({ action: 'start' }), undefined);
    assert.deepEqual(h.sim?.connections()[0].query, { speech_model: 'u3-rt-pro', sample_rate: '16000', encoding: 'pcm_s16le' });
    await waitFor('listening status', () => statusState(h?.lastStatus()?.text) === 'assemblyai-transcriber.status.listening');
  });
});
