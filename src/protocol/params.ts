// The connection parameters of AssemblyAI Streaming v3 (../shared/assemblyai-v3.md §1.4)
// as data: type, range, allowed values and the models each applies to, plus the
// validators the simulator, the transcriber's editor and the session share.
// Pure: no I/O.

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

export type ParameterValue = string | number | boolean | string[] | Record<string, unknown>;
export type ParsedParameters = Record<string, ParameterValue>;

export type ValidationResult =
  | {
      ok: true;
      params: ParsedParameters;
      /** Names that are not in CONNECTION_PARAMETERS; the service ignores them. */
      unknown: string[];
      /** Notes on values accepted but changed (e.g. keyterms longer than 50 characters dropped). */
      notes: string[];
    }
  | { ok: false; parameter: string; reason: string };

export type ParameterCheck = { ok: true; value: ParameterValue; note?: string } | { ok: false; reason: string };

const INTEGER_TEXT = /^[+-]?\d+$/;
const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** A language_codes item: ISO 639-1 (or -3), an optional region, or "multi". */
export const LANGUAGE_CODE = /^([a-z]{2,3}(-[A-Za-z]{2,4})?|multi)$/;

function checkRange(s: ConnectionParameterSpec, n: number): ParameterCheck {
  if (s.min !== undefined && n < s.min) return { ok: false, reason: `must be between ${s.min} and ${s.max ?? 'any'}` };
  if (s.max !== undefined && n > s.max) return { ok: false, reason: `must be between ${s.min ?? 'any'} and ${s.max}` };
  return { ok: true, value: n };
}

/** Checks a list's items against the spec (shared by query and UpdateConfiguration forms). */
function checkList(s: ConnectionParameterSpec, items: unknown[]): ParameterCheck {
  if (!items.every((item) => typeof item === 'string')) return { ok: false, reason: 'must be a JSON array of strings' };
  let list = items;
  if (s.maxItems !== undefined && list.length > s.maxItems) return { ok: false, reason: `must have at most ${s.maxItems} items` };
  let note: string | undefined;
  if (s.ignoreItemsLongerThan !== undefined) {
    const limit = s.ignoreItemsLongerThan;
    const kept = list.filter((item) => item.length <= limit);
    if (kept.length !== list.length) note = `${s.name}: ${list.length - kept.length} item(s) longer than ${limit} characters ignored`;
    list = kept;
  }
  if (s.name === 'language_codes') {
    const bad = list.find((code) => !LANGUAGE_CODE.test(code));
    if (bad !== undefined) return { ok: false, reason: `"${bad}" is not a language code` };
    if (list.includes('multi') && list.length > 1) return { ok: false, reason: '"multi" must be the only language code' };
  }
  if (s.values) {
    const bad = list.find((item) => !(s.values as readonly string[]).includes(item));
    if (bad !== undefined) return { ok: false, reason: `"${bad}" is not one of ${s.values.join(', ')}` };
  }
  return note ? { ok: true, value: list, note } : { ok: true, value: list };
}

/** Parses and checks one parameter given as query-string text (all occurrences, in order). */
export function checkQueryValue(s: ConnectionParameterSpec, texts: readonly string[]): ParameterCheck {
  const text = texts[texts.length - 1];
  switch (s.kind) {
    case 'string':
      if (s.maxLength !== undefined && text.length > s.maxLength) return { ok: false, reason: `must be at most ${s.maxLength} characters` };
      return { ok: true, value: text };
    case 'enum':
      if (!(s.values ?? []).includes(text)) return { ok: false, reason: `must be one of ${(s.values ?? []).join(', ')}` };
      return { ok: true, value: text };
    case 'integer':
      if (!INTEGER_TEXT.test(text)) return { ok: false, reason: 'must be an integer' };
      return checkRange(s, Number(text));
    case 'number':
      if (!NUMBER_TEXT.test(text)) return { ok: false, reason: 'must be a number' };
      return checkRange(s, Number(text));
    case 'boolean': {
      const lower = text.toLowerCase();
      if (lower !== 'true' && lower !== 'false') return { ok: false, reason: 'must be true or false' };
      return { ok: true, value: lower === 'true' };
    }
    case 'string-list': {
      // One JSON array, or (Fern's allow-multiple form) the parameter repeated with plain items.
      if (texts.length === 1) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          return { ok: false, reason: 'must be a JSON array of strings' };
        }
        if (!Array.isArray(parsed)) return { ok: false, reason: 'must be a JSON array of strings' };
        return checkList(s, parsed);
      }
      return checkList(s, [...texts]);
    }
    case 'json-object': {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        return { ok: false, reason: 'must be a JSON object' };
      }
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { ok: false, reason: 'must be a JSON object' };
      return { ok: true, value: parsed as Record<string, unknown> };
    }
  }
}

/** Checks one value given as JSON (the form UpdateConfiguration uses). */
export function checkJsonValue(s: ConnectionParameterSpec, value: unknown): ParameterCheck {
  switch (s.kind) {
    case 'string':
    case 'enum':
      if (typeof value !== 'string') return { ok: false, reason: 'must be a string' };
      return checkQueryValue(s, [value]);
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) return { ok: false, reason: 'must be an integer' };
      return checkRange(s, value);
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return { ok: false, reason: 'must be a number' };
      return checkRange(s, value);
    case 'boolean':
      if (typeof value !== 'boolean') return { ok: false, reason: 'must be true or false' };
      return { ok: true, value };
    case 'string-list':
      if (!Array.isArray(value)) return { ok: false, reason: 'must be an array of strings' };
      return checkList(s, value);
    case 'json-object':
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, reason: 'must be an object' };
      return { ok: true, value: value as Record<string, unknown> };
  }
}

export type QueryInput = string | URLSearchParams | Record<string, string | readonly string[] | undefined>;

function toSearchParams(query: QueryInput): URLSearchParams {
  if (query instanceof URLSearchParams) return query;
  if (typeof query === 'string') return new URLSearchParams(query.startsWith('?') ? query.slice(1) : query);
  const out = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (typeof value === 'string') out.append(name, value);
    else for (const v of value) out.append(name, v);
  }
  return out;
}

export interface ValidateQueryOptions {
  /** The docs say speech_model is required (default true); set false to accept its absence. */
  requireSpeechModel?: boolean;
}

/**
 * Validates a connection query string against CONNECTION_PARAMETERS. Known
 * parameters are parsed to their types (booleans case-insensitively, lists from
 * JSON); unknown ones are listed and otherwise ignored, as the service does.
 * The first bad value fails the whole query.
 */
export function validateConnectionQuery(query: QueryInput, options: ValidateQueryOptions = {}): ValidationResult {
  const search = toSearchParams(query);
  const params: ParsedParameters = {};
  const unknown: string[] = [];
  const notes: string[] = [];
  const seen = new Set<string>();
  for (const name of search.keys()) {
    if (seen.has(name)) continue;
    seen.add(name);
    const s = CONNECTION_PARAMETERS[name];
    if (!s) {
      unknown.push(name);
      continue;
    }
    const check = checkQueryValue(s, search.getAll(name));
    if (!check.ok) return { ok: false, parameter: name, reason: check.reason };
    if (check.note) notes.push(check.note);
    const target = s.aliasOf ?? name;
    // The current name wins over its deprecated alias when both are present.
    if (s.aliasOf && search.has(s.aliasOf)) continue;
    params[target] = check.value;
  }
  if ((options.requireSpeechModel ?? true) && params.speech_model === undefined) {
    return { ok: false, parameter: 'speech_model', reason: 'is required' };
  }
  return { ok: true, params, unknown, notes };
}

export type ConfigurationUpdateResult =
  { ok: true; params: ParsedParameters; ignored: string[]; notes: string[] } | { ok: false; parameter: string; reason: string };

/**
 * Validates the fields of an UpdateConfiguration message (JSON values). Fields
 * that cannot be updated or are unknown are listed in `ignored`.
 */
export function validateConfigurationUpdate(fields: Record<string, unknown>): ConfigurationUpdateResult {
  const params: ParsedParameters = {};
  const ignored: string[] = [];
  const notes: string[] = [];
  for (const [name, value] of Object.entries(fields)) {
    if (name === 'type') continue;
    const s = CONNECTION_PARAMETERS[name];
    if (!s || !s.updatable) {
      ignored.push(name);
      continue;
    }
    const check = checkJsonValue(s, value);
    if (!check.ok) return { ok: false, parameter: name, reason: check.reason };
    if (check.note) notes.push(check.note);
    params[s.aliasOf ?? name] = check.value;
  }
  return { ok: true, params, ignored, notes };
}

/** Query-string form of a parameter value: booleans and numbers as text, lists and objects as JSON. */
export function formatQueryValue(value: ParameterValue): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
