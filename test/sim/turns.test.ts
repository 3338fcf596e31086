import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startSimulator, type Simulator } from '../../src/sim';
import { connect, field, frames, speechPcm, toMulaw } from './helpers';

const speech = (ms: number) => ({ speechMs: ms });
const silence = (ms: number) => ({ silenceMs: ms });

describe('sim: turns from audio over the wire', function () {
  this.timeout(30000);
  let sim: Simulator;
  afterEach(async () => {
    await sim?.close();
  });

  it('sends growing partials while speech is streamed in real time, then the end of turn and the formatted turn', async () => {
    sim = await startSimulator({ script: ['Turn on the kitchen lights.'] });
    const c = connect(sim.url, { query: { speech_model: 'universal-streaming-english', sample_rate: 16000, format_turns: true } });
    await c.waitForType('Begin');
    const pcm = speechPcm([silence(200), speech(1800), silence(800)]);
    const all = frames(pcm, 1600);
    const sending = c.sendPaced(all, 50);
    // While the speech is still being sent (it ends at 2.0 s of 2.8 s), partials are already here.
    const firstPartial = await c.waitForMatch('Turn', (m) => !m.end_of_turn, 3000, 'a partial');
    const sentAtFirstPartial = sim.connections()[0].framesReceived;
    assert.ok(sentAtFirstPartial < 40, `first partial after ${sentAtFirstPartial} frames`);
    assert.equal(firstPartial.turn_order, 0);
    await sending;
    const formatted = await c.waitForMatch('Turn', (m) => m.turn_is_formatted, 3000, 'formatted turn');
    const turns = c.ofType('Turn');
    const partials = turns.filter((m) => !m.end_of_turn);
    assert.ok(partials.length >= 20, `partials: ${partials.length}`);
    const eot = turns.filter((m) => m.end_of_turn);
    assert.equal(eot.length, 2);
    assert.equal(eot[0].turn_is_formatted, false);
    assert.equal(eot[0].transcript, 'turn on the kitchen lights');
    assert.equal(formatted.transcript, 'Turn on the kitchen lights.');
    assert.equal(formatted.turn_order, eot[0].turn_order);
    assert.ok(turns.indexOf(formatted) > turns.indexOf(eot[0]));
    // Word times lie within the detected speech (200-2000 ms) and are ordered.
    const words = eot[0].words;
    assert.equal(words[0].start, 200);
    assert.ok(words.at(-1)!.end <= 2000);
    for (let i = 1; i < words.length; i++) assert.ok(words[i].start >= words[i - 1].end);
    c.sendJson({ type: 'Terminate' });
    assert.equal((await c.closedWithin()).code, 1000);
  });

  it('U3 sequence: SpeechStarted first, stable partials with non-final words, one formatted final', async () => {
    sim = await startSimulator({ script: ['What is the temperature in the living room?'], timing: { throttleFactor: 40 } });
    const c = connect(sim.url, { query: { speech_model: 'u3-rt-pro', sample_rate: 16000 } });
    await c.waitForType('Begin');
    await c.sendPaced(frames(speechPcm([silence(500), speech(2500), silence(1200)]), 3200), 100, 10);
    const final = await c.waitForMatch('Turn', (m) => m.end_of_turn, 5000, 'final');
    const types = c.messages.map((m) => m.type);
    assert.equal(types[1], 'SpeechStarted');
    assert.equal(field(c.messages[1], 'timestamp'), 500);
    const partials = c.ofType('Turn').filter((m) => !m.end_of_turn);
    assert.ok(partials.length >= 1);
    assert.ok(partials.every((p) => p.words.every((w) => !w.word_is_final) && p.turn_is_formatted === false));
    assert.equal(final.turn_is_formatted, true);
    assert.equal(final.end_of_turn_confidence, 1);
    assert.equal(final.transcript, 'What is the temperature in the living room?');
    assert.equal(final.utterance, final.transcript);
    assert.equal(c.ofType('Turn').filter((m) => m.end_of_turn).length, 1);
    c.terminate();
  });

  it('ForceEndpoint ends the current turn at once', async () => {
    sim = await startSimulator({ script: ['Set a timer for ten minutes.'], timing: { throttleFactor: 40 } });
    const c = connect(sim.url, {
      query: {
        speech_model: 'universal-streaming-english',
        sample_rate: 16000,
        max_turn_silence: 10000,
        end_of_turn_confidence_threshold: 1,
      },
    });
    await c.waitForType('Begin');
    await c.sendPaced(frames(speechPcm([speech(600), silence(300)]), 1600), 50, 10);
    await c.waitForType('Turn', 3000);
    assert.equal(c.ofType('Turn').filter((m) => m.end_of_turn).length, 0);
    c.sendJson({ type: 'ForceEndpoint' });
    const eot = await c.waitForMatch('Turn', (m) => m.end_of_turn, 3000, 'end of turn');
    assert.equal(eot.transcript, 'set a timer for ten minutes');
    c.terminate();
  });

  it('UpdateConfiguration changes turn settings mid-session; an out-of-range value closes 3006', async () => {
    sim = await startSimulator({ script: ['First turn here.', 'Second turn here.'], timing: { throttleFactor: 40 } });
    const c = connect(sim.url, { query: { speech_model: 'universal-streaming-english', sample_rate: 16000 } });
    await c.waitForType('Begin');
    // Default min_turn_silence 400 ms: 600 ms of silence ends the turn.
    await c.sendPaced(frames(speechPcm([speech(1200), silence(600)]), 1600), 50, 10);
    await c.waitForMatch('Turn', (m) => m.end_of_turn && m.turn_order === 0, 3000, 'turn 0 end');
    c.sendJson({ type: 'UpdateConfiguration', min_turn_silence: 1000, max_turn_silence: 3000 });
    await c.sendPaced(frames(speechPcm([speech(1200), silence(600)]), 1600), 50, 10);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(c.ofType('Turn').filter((m) => m.end_of_turn && m.turn_order === 1).length, 0, 'no end after 600 ms with min 1000');
    await c.sendPaced(frames(speechPcm([silence(600)]), 1600), 50, 10);
    await c.waitForMatch('Turn', (m) => m.end_of_turn && m.turn_order === 1, 3000, 'turn 1 end');
    c.sendJson({ type: 'UpdateConfiguration', end_of_turn_confidence_threshold: 3 });
    const closed = await c.closedWithin();
    assert.equal(closed.code, 3006);
    const last = c.messages.at(-1);
    assert.ok(last?.type === 'Error', `the last message is an Error; got ${JSON.stringify(last)}`);
    assert.match(last.error, /end_of_turn_confidence_threshold/);
  });

  it('speaker_labels and language_detection decorate finals; mu-law audio at 8 kHz is understood', async () => {
    sim = await startSimulator({ script: [{ text: 'Hola, buenos días.', speaker: 'B', language: 'es' }], timing: { throttleFactor: 40 } });
    const c = connect(sim.url, {
      query: {
        speech_model: 'universal-streaming-multilingual',
        sample_rate: 8000,
        encoding: 'pcm_mulaw',
        speaker_labels: true,
        language_detection: true,
      },
    });
    await c.waitForType('Begin');
    const audio = toMulaw(speechPcm([speech(1500), silence(600)], 8000));
    await c.sendPaced(frames(audio, 800), 100, 10);
    const eot = await c.waitForMatch('Turn', (m) => m.end_of_turn, 3000, 'end of turn');
    assert.equal(eot.speaker_label, 'B');
    assert.ok(eot.words.every((w) => w.speaker === 'B'));
    assert.equal(eot.language_code, 'es');
    assert.equal(typeof eot.language_confidence, 'number');
    assert.equal(eot.transcript, 'Hola, buenos días.');
    c.terminate();
  });

  it('Terminate finishes the open turn before Termination', async () => {
    sim = await startSimulator({ timing: { throttleFactor: 40 } });
    const c = connect(sim.url, { query: { speech_model: 'u3-rt-pro', sample_rate: 16000 } });
    await c.waitForType('Begin');
    await c.sendPaced(frames(speechPcm([speech(900)]), 1600), 50, 10);
    c.sendJson({ type: 'Terminate' });
    const closed = await c.closedWithin();
    assert.equal(closed.code, 1000);
    const tail = c.messages.slice(-2);
    assert.equal(tail[0].type, 'Turn');
    assert.equal(tail[0].end_of_turn, true);
    assert.equal(tail[0].transcript, 'Simulated utterance 1.');
    assert.equal(tail[1].type, 'Termination');
  });

  it('setScript targets the next session or an open session; placeholders follow a used-up script', async () => {
    sim = await startSimulator({ script: ['Default one.'], timing: { throttleFactor: 40 } });
    sim.setScript(['Only for the next session.'], { target: 'next' });
    const oneTurn = async (client: ReturnType<typeof connect>) => {
      const before = client.ofType('Turn').filter((m) => m.end_of_turn).length;
      await client.sendPaced(frames(speechPcm([speech(900), silence(1400)]), 1600), 50, 10);
      await client.waitFor(() => client.ofType('Turn').filter((m) => m.end_of_turn).length > before, 3000, 'end of turn');
      return client
        .ofType('Turn')
        .filter((m) => m.end_of_turn)
        .at(-1)!.transcript;
    };
    const a = connect(sim.url);
    await a.waitForType('Begin');
    assert.equal(await oneTurn(a), 'only for the next session');
    const b = connect(sim.url);
    const beginB = await b.waitForType('Begin');
    assert.equal(await oneTurn(b), 'default one');
    assert.equal(await oneTurn(b), 'simulated utterance two');
    sim.setScript(['Changed mid session.'], { target: beginB.id });
    assert.equal(await oneTurn(b), 'changed mid session');
    assert.throws(() => sim.setScript(['x'], { target: 'no-such-session' }), /no open session/);
    a.terminate();
    b.terminate();
  });

  it('sends Heartbeat messages with session_heartbeat=true', async () => {
    sim = await startSimulator({ timing: { heartbeatMs: 300 } });
    const c = connect(sim.url, { query: { speech_model: 'universal-streaming-english', sample_rate: 16000, session_heartbeat: true } });
    await c.waitForType('Begin');
    c.ws.send(speechPcm([speech(100)]));
    const hb = await c.waitForType('Heartbeat', 3000);
    assert.equal(hb.total_audio_received_ms, 100);
    assert.ok(Number.isInteger(hb.total_duration_ms));
    assert.equal(typeof hb.realtime_factor, 'number');
    assert.ok(hb.max_speech_probability !== undefined && hb.max_speech_probability > 0.5);
    c.terminate();
  });

  it('finds the four spoken commands of the bundled espeak-ng sample as four turns in both model families', async () => {
    const root = path.resolve(__dirname, '..', '..', 'assets');
    const wav = readFileSync(path.join(root, 'demo-speech.wav'));
    const pcm = wav.subarray(wav.indexOf('data') + 8);
    const script = readFileSync(path.join(root, 'demo-speech.txt'), 'utf8').trim().split('\n');
    sim = await startSimulator({ script, timing: { throttleFactor: 50 } });
    for (const model of ['universal-streaming-english', 'u3-rt-pro']) {
      const c = connect(sim.url, { query: { speech_model: model, sample_rate: 16000 } });
      await c.waitForType('Begin');
      await c.sendPaced(frames(pcm, 1600), 50, 20);
      c.sendJson({ type: 'Terminate' });
      await c.closedWithin(10000);
      const finals = c.ofType('Turn').filter((m) => m.end_of_turn);
      assert.deepEqual(
        finals.map((m) => m.turn_order),
        [0, 1, 2, 3],
        model,
      );
      // The script is what is said; U3 finals are formatted (numbers as digits), US finals are the spoken form.
      const expected =
        model === 'u3-rt-pro'
          ? [
              'Turn on the kitchen lights.',
              'What is the temperature in the living room?',
              'Set a timer for 10 minutes.',
              'Turn off the lights.',
            ]
          : [
              'turn on the kitchen lights',
              'what is the temperature in the living room',
              'set a timer for ten minutes',
              'turn off the lights',
            ];
      assert.deepEqual(
        finals.map((m) => m.transcript),
        expected,
        model,
      );
      // Each turn's words lie in order, inside the 14 s recording.
      for (const f of finals) assert.ok(f.words[0].start < f.words.at(-1)!.end && f.words.at(-1)!.end < 14100);
      for (let i = 1; i < finals.length; i++) assert.ok(finals[i].words[0].start > finals[i - 1].words.at(-1)!.end);
    }
  });
});
