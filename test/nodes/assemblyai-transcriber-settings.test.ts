import assert from 'node:assert/strict';
import { readConfigureFields, updatableFields } from '../../src/config/configure-fields';
import { readTranscriberSettings } from '../../src/config/transcriber-settings';
import { DEFAULT_TUNING, readTuning } from '../../src/config/transcriber-tuning';
import {
  classifyInput as classifyWith,
  looksLikeWav,
  readAudioFormat as readAudioFormatWith,
} from '../../src/nodes/assemblyai-transcriber/transcriber-input';
import { statusForState } from '../../src/nodes/assemblyai-transcriber/transcriber-status';
import { encodeWav } from '../../src/audio/wav-encode';
import { render } from './support/locale';

// Error texts as a user reads them, rendered from the en-US catalog.
const classifyInput = (msg: Parameters<typeof classifyWith>[0]) => classifyWith(msg, render);
const readAudioFormat = (raw: unknown) => readAudioFormatWith(raw, render);

function settingsOf(config: Parameters<typeof readTranscriberSettings>[0]) {
  const result = readTranscriberSettings(config);
  if (!result.ok) throw new Error(`unexpected errors: ${result.errors.join('; ')}`);
  return result;
}

describe('assemblyai-transcriber: settings', () => {
  it('sends only the speech model when every field is blank, with the documented defaults', () => {
    const { settings, warnings } = settingsOf({ speechModel: '', keyterms: '', formatTurns: '', minTurnSilence: '  ' });
    assert.deepEqual(settings.params, { speech_model: 'universal-streaming-english' });
    assert.equal(settings.sampleRate, 16000);
    assert.equal(settings.encoding, 'pcm_s16le');
    assert.equal(settings.frameMs, 50);
    assert.equal(settings.policy, 'auto');
    assert.equal(settings.idleSeconds, 10);
    assert.equal(settings.openOn, 'speech');
    assert.equal(settings.speechThresholdDbfs, -45);
    assert.equal(settings.preRollMs, 1500);
    // A node that saved no model keeps the model it has always run, and says so.
    assert.deepEqual(warnings, [
      'no speech model saved: running universal-streaming-english, as earlier versions did; open the node and choose a model (new nodes use universal-3-5-pro)',
    ]);
  });

  it('sends 0 and false, and converts editor text to wire types', () => {
    const { settings } = settingsOf({
      speechModel: 'universal-streaming-english',
      formatTurns: 'false',
      endOfTurnConfidenceThreshold: '0',
      vadThreshold: 0,
      minTurnSilence: '160',
      maxTurnSilence: 2400,
      keyterms: 'kitchen lights\nthermostat, Node-RED',
      languageDetection: 'true',
      speakerLabels: true,
      maxSpeakers: '2',
      inactivityTimeout: '30',
    });
    assert.deepEqual(settings.params, {
      speech_model: 'universal-streaming-english',
      format_turns: false,
      end_of_turn_confidence_threshold: 0,
      vad_threshold: 0,
      min_turn_silence: 160,
      max_turn_silence: 2400,
      keyterms_prompt: ['kitchen lights', 'thermostat', 'Node-RED'],
      language_detection: true,
      speaker_labels: true,
      max_speakers: 2,
      inactivity_timeout: 30,
    });
  });

  it('leaves out fields of another model family with a warning', () => {
    const us = settingsOf({ speechModel: 'universal-streaming-english', prompt: 'Be brief.', languageCodes: 'en', mode: 'balanced' });
    assert.deepEqual(us.settings.params, { speech_model: 'universal-streaming-english' });
    assert.equal(us.warnings.length, 3);
    assert.match(us.warnings[0], /prompt applies to Universal-3 \(U3\) models only; it is not sent with universal-streaming-english/);

    const u3 = settingsOf({
      speechModel: 'u3-rt-pro',
      formatTurns: 'true',
      endOfTurnConfidenceThreshold: '0.5',
      prompt: 'Be brief.',
      languageCodes: 'en, es',
    });
    assert.deepEqual(u3.settings.params, { speech_model: 'u3-rt-pro', prompt: 'Be brief.', language_codes: ['en', 'es'] });
    assert.equal(u3.warnings.length, 2);
  });

  it('sends every field to a model name it does not know, with a warning', () => {
    const result = settingsOf({ speechModel: 'universal-4-pro', formatTurns: 'true', prompt: 'x' });
    assert.deepEqual(result.settings.params, { speech_model: 'universal-4-pro', format_turns: true, prompt: 'x' });
    assert.match(result.warnings[0], /not one this node knows/);
  });

  it('reports every out-of-range or malformed field', () => {
    const result = readTranscriberSettings({
      speechModel: 'Bad Model!',
      sampleRate: '7999',
      encoding: 'opus',
      endOfTurnConfidenceThreshold: '1.5',
      minTurnSilence: '12.5',
      vadThreshold: 'loud',
      maxSpeakers: '11',
      inactivityTimeout: '4',
      languageCodes: 'multi, en',
      formatTurns: 'yes',
      frameMs: '20',
      policy: 'sometimes',
      idleSeconds: '0',
      wavPace: 'slow',
      turnUpdates: 'some',
      extraParams: '[1]',
    });
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.errors.length, 16, result.errors.join('\n'));
  });

  it("reads the auto policy's speech gate", () => {
    const { settings } = settingsOf({ openOn: 'audio', speechThresholdDbfs: '-50.5', preRollMs: '0' });
    assert.deepEqual([settings.openOn, settings.speechThresholdDbfs, settings.preRollMs], ['audio', -50.5, 0]);
    const bad = readTranscriberSettings({ openOn: 'noise', speechThresholdDbfs: '3', preRollMs: '10001' });
    assert.equal(!bad.ok && bad.errors.length, 3);
  });

  it('keeps at most 100 key terms and drops over-long ones with a note', () => {
    const many = Array.from({ length: 101 }, (_, i) => `term${i}`).join('\n');
    assert.equal(readTranscriberSettings({ keyterms: many }).ok, false);
    const long = settingsOf({ speechModel: 'universal-3-5-pro', keyterms: `short\n${'x'.repeat(51)}` });
    assert.deepEqual(long.settings.params.keyterms_prompt, ['short']);
    assert.match(long.warnings[0], /longer than 50/);
  });

  it('merges extra parameters, checked against the parameter table', () => {
    const ok = settingsOf({ extraParams: '{"filter_profanity": true, "redact_pii_policies": ["person_name"], "brand_new_flag": 1}' });
    assert.deepEqual(ok.settings.params, {
      speech_model: 'universal-streaming-english',
      filter_profanity: true,
      redact_pii_policies: ['person_name'],
      brand_new_flag: 1,
    });
    assert.match(ok.warnings.join('\n'), /brand_new_flag is not a documented parameter/);
    for (const bad of ['{"sample_rate": 8000}', '{"filter_profanity": "yes"}', '{"Bad-Name": 1}', 'not json', '{"max_speakers": 3}']) {
      const config = bad.includes('max_speakers') ? { maxSpeakers: '2', extraParams: bad } : { extraParams: bad };
      assert.equal(readTranscriberSettings(config).ok, false, bad);
    }
  });
});

describe('assemblyai-transcriber: configure action fields', () => {
  it('takes updatable fields in wire or camelCase form and returns wire form', () => {
    const result = readConfigureFields({ maxTurnSilence: 800, vad_threshold: 0, keyterms_prompt: [] }, 'universal-streaming-english');
    assert.deepEqual(result, { ok: true, fields: { max_turn_silence: 800, vad_threshold: 0, keyterms_prompt: [] }, notes: [] });
  });

  it('refuses fields of another family, non-updatable fields, bad values and non-objects', () => {
    assert.match(
      (readConfigureFields({ prompt: 'x' }, 'universal-streaming-english') as { message: string }).message,
      /applies to Universal-3/,
    );
    assert.match((readConfigureFields({ format_turns: true }, 'u3-rt-pro') as { message: string }).message, /Universal-Streaming/);
    assert.match(
      (readConfigureFields({ speaker_labels: true }, 'u3-rt-pro') as { message: string }).message,
      /cannot be changed mid-session/,
    );
    assert.match(
      (readConfigureFields({ max_turn_silence: 'long' }, 'u3-rt-pro') as { message: string }).message,
      /max_turn_silence must be an integer/,
    );
    assert.match(
      (readConfigureFields({ maxTurnSilence: 700, max_turn_silence: 800 }, 'u3-rt-pro') as { message: string }).message,
      /given twice/,
    );
    for (const payload of [null, 'x', 5, [], Buffer.from('a'), {}]) {
      assert.equal(readConfigureFields(payload, 'u3-rt-pro').ok, false);
    }
  });

  it('lists per model what can change', () => {
    assert.ok(updatableFields('universal-streaming-english').includes('format_turns'));
    assert.ok(!updatableFields('universal-streaming-english').includes('prompt'));
    assert.ok(updatableFields('u3-rt-pro').includes('prompt'));
  });
});

describe('assemblyai-transcriber: input classification', () => {
  it('recognises each action, case-insensitively, and refuses unknown ones', () => {
    assert.deepEqual(classifyInput({ action: 'start' }), { kind: 'action', action: 'start' });
    assert.deepEqual(classifyInput({ action: 'forceendpoint' }), { kind: 'action', action: 'forceEndpoint' });
    assert.deepEqual(classifyInput({ action: 'KeepAlive' }), { kind: 'action', action: 'keepAlive' });
    assert.deepEqual(classifyInput({ action: 'configure', payload: { a: 1 } }), { kind: 'configure', fields: { a: 1 } });
    for (const action of ['restart', '', 3, null, { a: 1 }]) {
      const input = classifyInput({ action });
      assert.equal(input.kind, 'invalid');
      if (input.kind === 'invalid')
        assert.match(input.message, /unknown msg.action .*use one of start, stop, forceEndpoint, configure, keepAlive/);
    }
  });

  it('takes Buffer, Uint8Array and Int16Array audio, and spots WAV files', () => {
    const pcm = Buffer.alloc(3200, 1);
    assert.deepEqual(classifyInput({ payload: pcm }), { kind: 'audio', audio: pcm });
    const u8 = new Uint8Array([1, 2, 3]);
    const fromU8 = classifyInput({ payload: u8 });
    assert.equal(fromU8.kind === 'audio' && fromU8.audio.equals(Buffer.from([1, 2, 3])), true);
    const i16 = Int16Array.from([1, -1]);
    const fromI16 = classifyInput({ payload: i16 });
    assert.deepEqual(fromI16.kind === 'audio' && [...fromI16.audio], [1, 0, 255, 255]);
    assert.deepEqual(fromI16.kind === 'audio' && fromI16.format, { encoding: 'pcm_s16le' });
    const wav = encodeWav(Buffer.alloc(3200), { sampleRate: 16000, encoding: 'pcm_s16le' });
    assert.equal(looksLikeWav(wav), true);
    assert.equal(classifyInput({ payload: wav }).kind, 'wav');
    assert.equal(classifyInput({ payload: Buffer.alloc(0) }).kind, 'empty');
  });

  it('refuses other payloads with a message naming what it got', () => {
    const cases: Array<[unknown, RegExp]> = [
      ['hello', /not a string \(to transcribe a file/],
      [42, /not a number/],
      [{ a: 1 }, /not an object/],
      [[1, 2], /not an array/],
      [null, /not null/],
      [undefined, /not undefined/],
      [new Float32Array(4), /not a Float32Array/],
      [new ArrayBuffer(4), /not an ArrayBuffer/],
    ];
    for (const [payload, expected] of cases) {
      const input = classifyInput({ payload });
      assert.equal(input.kind, 'invalid');
      if (input.kind === 'invalid') assert.match(input.message, expected);
    }
  });

  it('checks msg.audio', () => {
    assert.deepEqual(readAudioFormat({ sampleRate: 8000, encoding: 'pcm_mulaw', channels: 1 }), {
      ok: true,
      format: { sampleRate: 8000, encoding: 'pcm_mulaw' },
    });
    assert.equal(readAudioFormat({ channels: 2 }).ok, false);
    assert.equal(readAudioFormat({ sampleRate: '16000' }).ok, false);
    assert.equal(readAudioFormat({ encoding: 'opus' }).ok, false);
    assert.equal(readAudioFormat('pcm').ok, false);
    const input = classifyInput({ payload: Buffer.alloc(10), audio: { encoding: 'pcm_mulaw' } });
    assert.deepEqual(input, { kind: 'audio', audio: Buffer.alloc(10), format: { encoding: 'pcm_mulaw' } });
    assert.equal(classifyInput({ payload: Int16Array.from([1]), audio: { encoding: 'pcm_mulaw' } }).kind, 'invalid');
  });
});

describe('assemblyai-transcriber: status', () => {
  const t = (key: string, subs?: Record<string, string | number>) => (subs ? `${key}${JSON.stringify(subs)}` : key);

  it('shows each state with its own colour and text', () => {
    assert.deepEqual(statusForState('idle', {}, 'auto', t), {
      fill: 'grey',
      shape: 'ring',
      text: 'assemblyai-transcriber.status.idleAuto',
    });
    assert.deepEqual(statusForState('idle', {}, 'manual', t).text, 'assemblyai-transcriber.status.idle');
    assert.deepEqual(statusForState('idle', {}, 'auto', t, 'speech').text, 'assemblyai-transcriber.status.idleSpeech');
    assert.deepEqual(statusForState('idle', {}, 'manual', t, 'speech').text, 'assemblyai-transcriber.status.idle');
    assert.deepEqual(statusForState('connecting', {}, 'auto', t).fill, 'yellow');
    assert.deepEqual(statusForState('listening', {}, 'auto', t), {
      fill: 'green',
      shape: 'dot',
      text: 'assemblyai-transcriber.status.listening',
    });
    assert.deepEqual(statusForState('speech', {}, 'auto', t).fill, 'blue');
    assert.equal(
      statusForState('reconnecting', { retryInMs: 2100 }, 'auto', t).text,
      'assemblyai-transcriber.status.reconnecting{"seconds":3}',
    );
    assert.equal(statusForState('failed', { code: 1008 }, 'auto', t).text, 'assemblyai-transcriber.status.unauthorized{"code":1008}');
    assert.equal(statusForState('failed', { code: 3009 }, 'auto', t).text, 'assemblyai-transcriber.status.tooManySessions{"code":3009}');
    assert.equal(statusForState('failed', {}, 'auto', t).fill, 'red');
  });
});

describe('assemblyai-transcriber: settings.js tuning', () => {
  it('keeps defaults, takes valid knobs, and ignores bad ones with a warning', () => {
    assert.deepEqual(readTuning(undefined), { tuning: DEFAULT_TUNING, warnings: [] });
    const { tuning, warnings } = readTuning({
      terminationTimeoutMs: 500,
      closeTimeoutMs: -1,
      retry: { initialDelayMs: 50, maxAttempts: 'x' },
    });
    assert.equal(tuning.terminationTimeoutMs, 500);
    assert.equal(tuning.closeTimeoutMs, DEFAULT_TUNING.closeTimeoutMs);
    assert.deepEqual(tuning.retry, { initialDelayMs: 50 });
    assert.equal(warnings.length, 2);
    assert.equal(readTuning('fast').warnings.length, 1);
  });

  it('takes a clock with every method a session uses, and refuses anything less', () => {
    const clock = {
      now: () => 1,
      monotonic: () => 1,
      setTimeout: () => 0,
      clearTimeout: () => undefined,
      setInterval: () => 0,
      clearInterval: () => undefined,
    };
    assert.equal(readTuning({ clock }).tuning.clock, clock);
    const { tuning, warnings } = readTuning({ clock: { now: () => 1 } });
    assert.equal(tuning.clock, undefined);
    assert.match(warnings[0], /clock must have now, monotonic, setTimeout/);
  });
});
