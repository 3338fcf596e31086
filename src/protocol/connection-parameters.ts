// The connection parameters of AssemblyAI Streaming v3 (../shared/assemblyai-v3.md §1.4)
// as data: type, range, allowed values and the models each applies to.
// The checks on them are in params.ts. Pure: no I/O.

import { modelFamily, SPEECH_MODEL_CATALOGUE, type ModelFamily, type SpeechModel } from './speech-models';

export { modelFamily, type ModelFamily, type SpeechModel } from './speech-models';

/** Every model name the service documents (src/protocol/speech-models.ts holds the list). */
export const SPEECH_MODELS: readonly SpeechModel[] = SPEECH_MODEL_CATALOGUE.map((m) => m.name);

export const UNIVERSAL_STREAMING_MODELS: readonly SpeechModel[] = SPEECH_MODELS.filter((m) => modelFamily(m) === 'universal-streaming');

/** Models that speak the U3 message sequence (SpeechStarted, stable partials, one formatted final). */
export const U3_MODELS: readonly SpeechModel[] = SPEECH_MODELS.filter((m) => modelFamily(m) === 'u3');

export function isSpeechModel(value: string): value is SpeechModel {
  return (SPEECH_MODELS as readonly string[]).includes(value);
}

export type ParameterKind =
  | 'string'
  | 'enum'
  | 'integer'
  | 'number'
  | 'boolean'
  /** A JSON array of strings in the query string (also accepted as repeated parameters). */
  | 'string-list'
  /** A JSON object in the query string. */
  | 'json-object';

/** Which models a parameter has an effect on. The service accepts it on the others and ignores it. */
export type ParameterModels = 'all' | ModelFamily;

export interface ConnectionParameterSpec {
  name: string;
  kind: ParameterKind;
  description: string;
  models: ParameterModels;
  /** The service's default, as text for documentation and editors (the service applies it, not the client). */
  defaultValue?: string;
  /** Inclusive bounds for integer and number. */
  min?: number;
  max?: number;
  /** Allowed values for enum (and for each item of a string-list when set). */
  values?: readonly string[];
  /** Longest accepted string (string kind). */
  maxLength?: number;
  /** Most items of a string-list; more is an error. */
  maxItems?: number;
  /** Items longer than this are dropped silently (keyterms), not an error. */
  ignoreItemsLongerThan?: number;
  /** Whether UpdateConfiguration may change it mid-session. */
  updatable?: boolean;
  /** Deprecated name of another parameter; its value is stored under that name. */
  aliasOf?: string;
  deprecated?: boolean;
}

function spec(s: ConnectionParameterSpec): ConnectionParameterSpec {
  return s;
}

const LIST = (name: string, description: string, extra: Partial<ConnectionParameterSpec> = {}) =>
  spec({ name, kind: 'string-list', description, models: 'all', ...extra });

const specs: ConnectionParameterSpec[] = [
  spec({ name: 'speech_model', kind: 'enum', values: SPEECH_MODELS, models: 'all', description: 'Model to use. Required by the service.' }),
  spec({
    name: 'sample_rate',
    kind: 'integer',
    min: 8000,
    max: 96000,
    defaultValue: '16000',
    models: 'all',
    description: 'Sample rate of the audio in Hz.',
  }),
  spec({
    name: 'encoding',
    kind: 'enum',
    values: ['pcm_s16le', 'pcm_mulaw', 'opus', 'ogg_opus', 'aac'],
    defaultValue: 'pcm_s16le',
    models: 'all',
    description: 'Audio encoding of the binary frames (mono).',
  }),
  spec({
    name: 'format_turns',
    kind: 'boolean',
    defaultValue: 'false',
    models: 'universal-streaming',
    updatable: true,
    description: 'Send a second, formatted message at each end of turn.',
  }),
  spec({
    name: 'end_of_turn_confidence_threshold',
    kind: 'number',
    min: 0,
    max: 1,
    defaultValue: '0.4',
    models: 'universal-streaming',
    updatable: true,
    description: 'Confidence above which a turn ends after min_turn_silence.',
  }),
  spec({
    name: 'min_turn_silence',
    kind: 'integer',
    min: 50,
    max: 10000,
    defaultValue: '400 (U3: 100)',
    models: 'all',
    updatable: true,
    description: 'Silence (ms) after which a confident turn ends.',
  }),
  spec({
    name: 'min_end_of_turn_silence_when_confident',
    kind: 'integer',
    min: 50,
    max: 10000,
    models: 'all',
    updatable: true,
    aliasOf: 'min_turn_silence',
    deprecated: true,
    description: 'Old name of min_turn_silence.',
  }),
  spec({
    name: 'max_turn_silence',
    kind: 'integer',
    min: 50,
    max: 10000,
    defaultValue: '1280 (U3: 1000)',
    models: 'all',
    updatable: true,
    description: 'Silence (ms) after which a turn always ends.',
  }),
  spec({
    name: 'vad_threshold',
    kind: 'number',
    min: 0,
    max: 1,
    defaultValue: '0.4 (U3: 0.3)',
    models: 'all',
    updatable: true,
    description: 'Speech probability above which audio counts as speech.',
  }),
  LIST('keyterms_prompt', 'Words or phrases to boost.', { maxItems: 100, ignoreItemsLongerThan: 50, updatable: true }),
  spec({
    name: 'prompt',
    kind: 'string',
    maxLength: 1750,
    models: 'u3',
    updatable: true,
    description: 'Instructions for the model (beta).',
  }),
  spec({
    name: 'agent_context',
    kind: 'string',
    maxLength: 1750,
    models: 'u3',
    updatable: true,
    description: 'What the voice agent last said.',
  }),
  spec({
    name: 'previous_context_n_turns',
    kind: 'integer',
    min: 0,
    max: 100,
    models: 'u3',
    description: 'Earlier turns given to the model as context.',
  }),
  LIST('language_codes', 'Expected languages (ISO 639-1), or ["multi"] alone.', { models: 'u3', maxItems: 10, updatable: true }),
  spec({
    name: 'language_code',
    kind: 'string',
    maxLength: 16,
    models: 'u3',
    deprecated: true,
    description: 'Deprecated single language; use language_codes.',
  }),
  spec({
    name: 'language',
    kind: 'enum',
    values: ['en', 'multi'],
    defaultValue: 'en',
    models: 'all',
    deprecated: true,
    description: 'Deprecated language choice.',
  }),
  spec({
    name: 'language_detection',
    kind: 'boolean',
    defaultValue: 'false',
    models: 'all',
    description: 'Add language_code and language_confidence to final turns.',
  }),
  spec({
    name: 'mode',
    kind: 'enum',
    values: ['min_latency', 'balanced', 'max_accuracy'],
    defaultValue: 'balanced',
    models: 'u3',
    description: 'Latency/accuracy trade-off (U3 family).',
  }),
  spec({
    name: 'speaker_labels',
    kind: 'boolean',
    defaultValue: 'false',
    models: 'all',
    description: 'Label speakers (speaker_label on turns, speaker on words).',
  }),
  spec({ name: 'max_speakers', kind: 'integer', min: 1, max: 10, models: 'all', description: 'Most speakers to tell apart.' }),
  spec({
    name: 'inactivity_timeout',
    kind: 'integer',
    min: 5,
    max: 3600,
    models: 'all',
    description: 'Seconds without audio or messages after which the session ends.',
  }),
  spec({
    name: 'continuous_partials',
    kind: 'boolean',
    defaultValue: 'true',
    models: 'u3',
    updatable: true,
    description: 'A partial every ~3 s in long turns.',
  }),
  spec({
    name: 'interruption_delay',
    kind: 'integer',
    min: 0,
    max: 1000,
    defaultValue: '500',
    models: 'u3',
    updatable: true,
    description: 'Speech (ms) before the early partial.',
  }),
  spec({ name: 'include_partial_turns', kind: 'boolean', defaultValue: 'true', models: 'all', description: 'Send partial turns.' }),
  spec({ name: 'redact_pii', kind: 'boolean', defaultValue: 'false', models: 'all', description: 'Redact personal information.' }),
  LIST('redact_pii_policies', 'Kinds of personal information to redact.'),
  spec({
    name: 'redact_pii_sub',
    kind: 'enum',
    values: ['hash', 'entity_name'],
    models: 'all',
    description: 'What replaces redacted text.',
  }),
  spec({
    name: 'filter_profanity',
    kind: 'boolean',
    defaultValue: 'false',
    models: 'all',
    updatable: true,
    description: 'Mask profanity.',
  }),
  spec({ name: 'domain', kind: 'enum', values: ['medical-v1'], models: 'all', description: 'Specialised vocabulary.' }),
  spec({ name: 'voice_focus', kind: 'enum', values: ['near-field', 'far-field'], models: 'all', description: 'Noise suppression model.' }),
  spec({ name: 'voice_focus_threshold', kind: 'number', min: 0, max: 1, models: 'all', description: 'Noise suppression strength.' }),
  spec({
    name: 'noise_suppression_model',
    kind: 'enum',
    values: ['near-field', 'far-field'],
    models: 'all',
    deprecated: true,
    description: 'Old name of voice_focus.',
  }),
  spec({
    name: 'noise_suppression_threshold',
    kind: 'number',
    min: 0,
    max: 1,
    models: 'all',
    deprecated: true,
    description: 'Old name of voice_focus_threshold.',
  }),
  spec({
    name: 'session_heartbeat',
    kind: 'boolean',
    defaultValue: 'false',
    models: 'all',
    updatable: true,
    description: 'Send Heartbeat messages.',
  }),
  spec({
    name: 'turn_left_pad_ms',
    kind: 'integer',
    min: 0,
    max: 10000,
    models: 'all',
    updatable: true,
    description: 'Audio kept before each turn (ms).',
  }),
  spec({ name: 'webhook_url', kind: 'string', maxLength: 2048, models: 'all', description: 'URL told when the session ends.' }),
  spec({ name: 'webhook_auth_header_name', kind: 'string', maxLength: 256, models: 'all', description: 'Header name for the webhook.' }),
  spec({ name: 'webhook_auth_header_value', kind: 'string', maxLength: 4096, models: 'all', description: 'Header value for the webhook.' }),
  spec({ name: 'llm_gateway', kind: 'json-object', models: 'all', description: 'LLM request run on each final turn.' }),
  spec({
    name: '_customer_support_audio_capture',
    kind: 'boolean',
    models: 'all',
    description: 'Record audio for support (support only).',
  }),
  spec({
    name: 'token',
    kind: 'string',
    maxLength: 8192,
    models: 'all',
    description: 'Temporary token instead of the Authorization header.',
  }),
];

/** Every connection parameter the service documents, by wire name. */
export const CONNECTION_PARAMETERS: Readonly<Record<string, ConnectionParameterSpec>> = Object.freeze(
  Object.fromEntries(specs.map((s) => [s.name, Object.freeze(s)])),
);
