import assert from 'node:assert/strict';
import {
  CONNECTION_PARAMETERS,
  SPEECH_MODELS,
  modelFamily,
  validateConfigurationUpdate,
  validateConnectionQuery,
  formatQueryValue,
} from '../../src/protocol/params';

const base = 'speech_model=universal-streaming-english&sample_rate=16000';
const longText = (n: number) => 'x'.repeat(n);
const terms = (n: number, len = 5) => JSON.stringify(Array.from({ length: n }, (_, i) => `${'t'.repeat(len - 1)}${i % 10}`));

// [query addition, parameter expected to fail or null when accepted]
const cases: Array<[string, string | null]> = [
  ['', null],
  ['&speech_model=u3-rt-pro', null],
  ['&speech_model=universal-3-6-pro', null],
  ['&speech_model=whisper-rt', null],
  ['&speech_model=nano', 'speech_model'],
  ['&speech_model=', 'speech_model'],
  ['&sample_rate=8000', null],
  ['&sample_rate=7999', 'sample_rate'],
  ['&sample_rate=96001', 'sample_rate'],
  ['&sample_rate=16000.5', 'sample_rate'],
  ['&sample_rate=abc', 'sample_rate'],
  ['&encoding=pcm_mulaw', null],
  ['&encoding=pcm_s16be', 'encoding'],
  ['&format_turns=true', null],
  ['&format_turns=True', null],
  ['&format_turns=FALSE', null],
  ['&format_turns=1', 'format_turns'],
  ['&format_turns=yes', 'format_turns'],
  ['&end_of_turn_confidence_threshold=0', null],
  ['&end_of_turn_confidence_threshold=1', null],
  ['&end_of_turn_confidence_threshold=0.7', null],
  ['&end_of_turn_confidence_threshold=1.01', 'end_of_turn_confidence_threshold'],
  ['&end_of_turn_confidence_threshold=-0.1', 'end_of_turn_confidence_threshold'],
  ['&end_of_turn_confidence_threshold=high', 'end_of_turn_confidence_threshold'],
  ['&vad_threshold=0.5', null],
  ['&vad_threshold=2', 'vad_threshold'],
  ['&min_turn_silence=160', null],
  ['&min_turn_silence=49', 'min_turn_silence'],
  ['&min_turn_silence=10001', 'min_turn_silence'],
  ['&max_turn_silence=2000', null],
  ['&max_turn_silence=-5', 'max_turn_silence'],
  ['&min_end_of_turn_silence_when_confident=300', null],
  ['&min_end_of_turn_silence_when_confident=3', 'min_end_of_turn_silence_when_confident'],
  [`&keyterms_prompt=${encodeURIComponent(terms(100))}`, null],
  [`&keyterms_prompt=${encodeURIComponent(terms(101))}`, 'keyterms_prompt'],
  ['&keyterms_prompt=hello', 'keyterms_prompt'],
  [`&keyterms_prompt=${encodeURIComponent('{"a":1}')}`, 'keyterms_prompt'],
  [`&keyterms_prompt=${encodeURIComponent('[1,2]')}`, 'keyterms_prompt'],
  ['&keyterms_prompt=alpha&keyterms_prompt=beta', null],
  [`&prompt=${longText(1750)}`, null],
  [`&prompt=${longText(1751)}`, 'prompt'],
  [`&agent_context=${longText(1750)}`, null],
  [`&agent_context=${longText(1751)}`, 'agent_context'],
  [`&language_codes=${encodeURIComponent('["en", "es"]')}`, null],
  [`&language_codes=${encodeURIComponent('["multi"]')}`, null],
  [`&language_codes=${encodeURIComponent('["multi","en"]')}`, 'language_codes'],
  [`&language_codes=${encodeURIComponent(JSON.stringify(['en', 'es', 'fr', 'de', 'it', 'pt', 'nl', 'pl', 'sv', 'da']))}`, null],
  [
    `&language_codes=${encodeURIComponent(JSON.stringify(['en', 'es', 'fr', 'de', 'it', 'pt', 'nl', 'pl', 'sv', 'da', 'fi']))}`,
    'language_codes',
  ],
  [`&language_codes=${encodeURIComponent('["english"]')}`, 'language_codes'],
  ['&language_detection=true', null],
  ['&language_detection=maybe', 'language_detection'],
  ['&language=multi', null],
  ['&language=fr', 'language'],
  ['&mode=min_latency', null],
  ['&mode=fast', 'mode'],
  ['&speaker_labels=True', null],
  ['&max_speakers=1', null],
  ['&max_speakers=10', null],
  ['&max_speakers=0', 'max_speakers'],
  ['&max_speakers=11', 'max_speakers'],
  ['&inactivity_timeout=5', null],
  ['&inactivity_timeout=3600', null],
  ['&inactivity_timeout=4', 'inactivity_timeout'],
  ['&inactivity_timeout=3601', 'inactivity_timeout'],
  ['&previous_context_n_turns=100', null],
  ['&previous_context_n_turns=101', 'previous_context_n_turns'],
  ['&interruption_delay=1000', null],
  ['&interruption_delay=1001', 'interruption_delay'],
  ['&continuous_partials=false', null],
  ['&redact_pii_sub=hash', null],
  ['&redact_pii_sub=mask', 'redact_pii_sub'],
  [`&redact_pii_policies=${encodeURIComponent('["person_name"]')}`, null],
  ['&domain=medical-v1', null],
  ['&domain=legal', 'domain'],
  ['&voice_focus=far-field', null],
  ['&voice_focus=mid-field', 'voice_focus'],
  ['&voice_focus_threshold=1.5', 'voice_focus_threshold'],
  [`&llm_gateway=${encodeURIComponent('{"model":"x","messages":[]}')}`, null],
  [`&llm_gateway=${encodeURIComponent('[1]')}`, 'llm_gateway'],
  ['&session_heartbeat=true', null],
  ['&some_future_parameter=42', null],
];

describe('protocol/params', () => {
  describe('validateConnectionQuery (table-driven)', () => {
    for (const [extra, failing] of cases) {
      const label = extra.length > 70 ? `${extra.slice(0, 70)}…` : extra || '(base query)';
      it(`${failing ? 'rejects' : 'accepts'} ${label}`, () => {
        const result = validateConnectionQuery(base + extra);
        if (failing === null) assert.equal(result.ok, true, JSON.stringify(result));
        else {
          assert.equal(result.ok, false);
          if (!result.ok) {
            assert.equal(result.parameter, failing);
            assert.ok(result.reason.length > 0);
          }
        }
      });
    }
  });

  it('requires speech_model unless told otherwise', () => {
    const missing = validateConnectionQuery('sample_rate=16000');
    assert.deepEqual(missing, { ok: false, parameter: 'speech_model', reason: 'is required' });
    assert.equal(validateConnectionQuery('sample_rate=16000', { requireSpeechModel: false }).ok, true);
  });

  it('parses types: booleans case-insensitively, numbers, JSON lists, repeated lists', () => {
    const r = validateConnectionQuery(
      `${base}&format_turns=True&end_of_turn_confidence_threshold=0.7&min_turn_silence=160&keyterms_prompt=${encodeURIComponent('["a", "b"]')}&speaker_labels=FALSE`,
    );
    assert.ok(r.ok);
    if (!r.ok) return;
    assert.equal(r.params.format_turns, true);
    assert.equal(r.params.speaker_labels, false);
    assert.equal(r.params.end_of_turn_confidence_threshold, 0.7);
    assert.equal(r.params.min_turn_silence, 160);
    assert.deepEqual(r.params.keyterms_prompt, ['a', 'b']);
    const repeated = validateConnectionQuery(`${base}&keyterms_prompt=alpha&keyterms_prompt=beta`);
    assert.ok(repeated.ok && JSON.stringify(repeated.params.keyterms_prompt) === '["alpha","beta"]');
  });

  it('drops keyterms longer than 50 characters and says so', () => {
    const r = validateConnectionQuery(`${base}&keyterms_prompt=${encodeURIComponent(JSON.stringify(['ok', longText(51), longText(50)]))}`);
    assert.ok(r.ok);
    if (!r.ok) return;
    assert.deepEqual(r.params.keyterms_prompt, ['ok', longText(50)]);
    assert.equal(r.notes.length, 1);
  });

  it('stores the deprecated silence name under min_turn_silence, the new name winning', () => {
    const old = validateConnectionQuery(`${base}&min_end_of_turn_silence_when_confident=300`);
    assert.ok(old.ok && old.params.min_turn_silence === 300 && !('min_end_of_turn_silence_when_confident' in old.params));
    const both = validateConnectionQuery(`${base}&min_end_of_turn_silence_when_confident=300&min_turn_silence=500`);
    assert.ok(both.ok && both.params.min_turn_silence === 500);
  });

  it('lists unknown parameters instead of failing on them', () => {
    const r = validateConnectionQuery(`${base}&some_future_parameter=42&another=x`);
    assert.ok(r.ok);
    if (r.ok) assert.deepEqual(r.unknown, ['some_future_parameter', 'another']);
  });

  it('accepts a URLSearchParams or a record as input', () => {
    assert.equal(validateConnectionQuery(new URLSearchParams(base)).ok, true);
    assert.equal(validateConnectionQuery({ speech_model: 'u3-rt-pro', sample_rate: '8000', keyterms_prompt: ['a', 'b'] }).ok, true);
  });

  it('describes every parameter with a kind, the models it applies to and sane bounds', () => {
    for (const [name, spec] of Object.entries(CONNECTION_PARAMETERS)) {
      assert.equal(spec.name, name);
      assert.ok(spec.description.length > 0, name);
      if (spec.kind === 'enum') assert.ok((spec.values ?? []).length > 0, name);
      if (spec.min !== undefined && spec.max !== undefined) assert.ok(spec.min <= spec.max, name);
      if (spec.aliasOf) assert.ok(CONNECTION_PARAMETERS[spec.aliasOf], name);
    }
    assert.deepEqual(CONNECTION_PARAMETERS.speech_model.values, SPEECH_MODELS);
  });

  it('sorts models into the two families', () => {
    assert.equal(modelFamily('universal-streaming-english'), 'universal-streaming');
    assert.equal(modelFamily('universal-streaming-multilingual'), 'universal-streaming');
    for (const m of ['u3-rt-pro', 'u3-rt-pro-beta-1', 'universal-3-5-pro', 'universal-3-6-pro', 'u3-pro', 'whisper-rt'])
      assert.equal(modelFamily(m), 'u3');
  });

  describe('validateConfigurationUpdate', () => {
    it('accepts updatable fields with JSON types', () => {
      const r = validateConfigurationUpdate({
        type: 'UpdateConfiguration',
        min_turn_silence: 200,
        max_turn_silence: 3000,
        end_of_turn_confidence_threshold: 0.9,
        format_turns: true,
        keyterms_prompt: [],
      });
      assert.ok(r.ok);
      if (r.ok)
        assert.deepEqual(r.params, {
          min_turn_silence: 200,
          max_turn_silence: 3000,
          end_of_turn_confidence_threshold: 0.9,
          format_turns: true,
          keyterms_prompt: [],
        });
    });
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ min_turn_silence: 10 }, 'min_turn_silence'],
      [{ max_turn_silence: '2000' }, 'max_turn_silence'],
      [{ end_of_turn_confidence_threshold: 1.5 }, 'end_of_turn_confidence_threshold'],
      [{ vad_threshold: -1 }, 'vad_threshold'],
      [{ format_turns: 'true' }, 'format_turns'],
      [{ keyterms_prompt: 'a' }, 'keyterms_prompt'],
      [{ prompt: longText(1751) }, 'prompt'],
      [{ interruption_delay: 2000 }, 'interruption_delay'],
    ];
    for (const [fields, parameter] of bad) {
      it(`rejects ${JSON.stringify(fields).slice(0, 60)}`, () => {
        const r = validateConfigurationUpdate(fields);
        assert.equal(r.ok, false);
        if (!r.ok) assert.equal(r.parameter, parameter);
      });
    }
    it('ignores fields that cannot be updated', () => {
      const r = validateConfigurationUpdate({ sample_rate: 8000, whatever: 1 });
      assert.ok(r.ok);
      if (r.ok) assert.deepEqual(r.ignored, ['sample_rate', 'whatever']);
    });
  });

  it('formats values back to query text', () => {
    assert.equal(formatQueryValue(true), 'true');
    assert.equal(formatQueryValue(0), '0');
    assert.equal(formatQueryValue(['a', 'b']), '["a","b"]');
  });
});
