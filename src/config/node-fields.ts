// The one source of the nodes' form fields: each field's default and what it
// accepts. The runtime reads settings by these rules (transcriber-settings.ts,
// account-settings.ts, the microphone's settings) and scripts/build.js writes
// them into each node's built .html as literal `defaults` (see editor-html.ts),
// so the editor and the runtime cannot disagree. Ranges of connection
// parameters come from the protocol table (src/protocol/params.ts). Pure data.
import { AUDIO_ENCODINGS, MAX_FRAME_MS, MIN_FRAME_MS } from '../protocol/messages';
import { CONNECTION_PARAMETERS, LANGUAGE_CODE, type ConnectionParameterSpec } from '../protocol/params';
import type { AudioEncoding } from '../protocol/messages';
import { DEFAULT_MAX_SEND_RATE, MAX_MAX_SEND_RATE, MIN_MAX_SEND_RATE } from '../session/pacing';
import type { SessionPolicy } from '../session/types';
import { DEFAULT_DEVICE } from '../microphone/devices';
import { DEFAULT_CONFIG as FILTER_DEFAULTS, TEXT_MODES, WAKE_MODES } from '../filter/config';
import { STAGES as FILTER_STAGES } from '../filter/turn-input';
import { INTENT_STAGES } from '../intent/turn-text';
import { REGIONS } from './endpoint';
import type { FieldRule } from './field-rules';
import { DEFAULT_SPEECH_MODEL, SPEECH_MODEL_NAME } from './model-fields';

export interface NodeField {
  /** The editor's default for a new node. */
  value: string | number | boolean | ReadonlyArray<Readonly<Record<string, string>>>;
  rule?: FieldRule;
  /**
   * A value no FieldRule describes (the turn filter's rule list): the node's editor script defines
   * LivevoiceAssemblyAI.checks[type][check], and the built validator calls it.
   */
  check?: string;
  required?: boolean;
  /** A config node type. */
  type?: string;
  /** Locale key of the editor's message when the value is refused. */
  messageKey?: string;
  /** Checked only while another field has this value (read from the open form when there is one). */
  onlyWhen?: { field: string; value: string };
  /** What a blank field means, shown as the input's placeholder (the build writes it). */
  placeholder?: string;
}

export type TurnUpdates = 'all' | 'final';

export const SESSION_POLICIES: readonly SessionPolicy[] = ['auto', 'manual', 'always'];

/** What a blank transcriber field means at runtime. */
export const TRANSCRIBER_DEFAULTS = {
  sampleRate: 16000,
  encoding: 'pcm_s16le' as AudioEncoding,
  frameMs: 50,
  policy: 'auto' as SessionPolicy,
  idleSeconds: 10,
  // A microphone streams silence all day; opening on any audio would keep a session (and its bill) open around the clock.
  openOn: 'speech' as const,
  speechThresholdDbfs: -45,
  preRollMs: 1500,
  // The gate that met the noisy-day goal (docs/readme/room.md); without its optional packages the node runs adaptive.
  speechGate: 'neural' as SpeechGateChoice,
  muteAfterTurnMs: 0,
  // The service's documented throttle: audio that piled up goes out at up to 1.25x real time.
  maxSendRate: DEFAULT_MAX_SEND_RATE,
  wavPace: 'realtime' as const,
  turnUpdates: 'all' as TurnUpdates,
  maxStreams: 10,
};

/** Ranges of the transcriber's own (not connection-parameter) number fields. */
export const TRANSCRIBER_RANGES = {
  sampleRate: { min: CONNECTION_PARAMETERS.sample_rate.min, max: CONNECTION_PARAMETERS.sample_rate.max, integer: true },
  frameMs: { min: MIN_FRAME_MS, max: MAX_FRAME_MS, integer: true },
  idleSeconds: { min: 1, max: 10800 },
  speechThresholdDbfs: { min: -90, max: 0 },
  preRollMs: { min: 0, max: 10000, integer: true },
  muteAfterTurnMs: { min: 0, max: 600000, integer: true },
  maxSendRate: { min: MIN_MAX_SEND_RATE, max: MAX_MAX_SEND_RATE },
  maxStreams: { min: 1, max: 1000, integer: true },
};

/** The transcriber's stream key: a message property path such as "streamId" or "call.id", "msg." allowed. */
export const STREAM_KEY_PATH = /^(?:msg\.)?[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/;

export const OPEN_ON_VALUES = ['audio', 'speech'] as const;
export type SpeechGateChoice = 'energy' | 'adaptive' | 'neural';
export const SPEECH_GATES: readonly SpeechGateChoice[] = ['energy', 'adaptive', 'neural'];
export const WAV_PACES = ['realtime', 'fast'] as const;
export const TURN_UPDATES: readonly TurnUpdates[] = ['all', 'final'];

/** Transcriber field -> the connection parameter it sets (kind, range and models come from the protocol table). */
export const TRANSCRIBER_PARAM_FIELDS = {
  formatTurns: 'format_turns',
  endOfTurnConfidenceThreshold: 'end_of_turn_confidence_threshold',
  minTurnSilence: 'min_turn_silence',
  maxTurnSilence: 'max_turn_silence',
  vadThreshold: 'vad_threshold',
  keyterms: 'keyterms_prompt',
  prompt: 'prompt',
  languageDetection: 'language_detection',
  languageCodes: 'language_codes',
  speakerLabels: 'speaker_labels',
  maxSpeakers: 'max_speakers',
  inactivityTimeout: 'inactivity_timeout',
  mode: 'mode',
} as const;

/** The editor's rule for a field that sets a connection parameter; blank always means "not sent". */
export function parameterRule(spec: ConnectionParameterSpec): FieldRule {
  switch (spec.kind) {
    case 'boolean':
      return { kind: 'choice', values: ['true', 'false'], blank: true };
    case 'integer':
    case 'number':
      return { kind: 'number', min: spec.min, max: spec.max, integer: spec.kind === 'integer', blank: true };
    case 'enum':
      return { kind: 'choice', values: spec.values ?? [], blank: true, trim: true };
    case 'string-list':
      return {
        kind: 'list',
        maxItems: spec.maxItems,
        ...(spec.name === 'language_codes' ? { itemPattern: LANGUAGE_CODE.source, alone: 'multi' } : {}),
      };
    case 'string':
      return { kind: 'text', maxLength: spec.maxLength };
    case 'json-object':
      return { kind: 'json-object' };
  }
}

const number = (range: { min: number | undefined; max: number | undefined; integer?: boolean; minExclusive?: boolean }): FieldRule => ({
  kind: 'number',
  ...range,
  blank: true,
});
const choice = (values: readonly string[]): FieldRule => ({ kind: 'choice', values, blank: true });

function paramFields(): Record<string, NodeField> {
  const fields: Record<string, NodeField> = {};
  for (const [field, wire] of Object.entries(TRANSCRIBER_PARAM_FIELDS))
    fields[field] = { value: '', rule: parameterRule(CONNECTION_PARAMETERS[wire]) };
  // A single service default is shown as the placeholder; the others ("400 (U3: 100)") are worded in the locale files.
  fields.endOfTurnConfidenceThreshold.placeholder = CONNECTION_PARAMETERS.end_of_turn_confidence_threshold.defaultValue;
  return fields;
}

const PARAMS = paramFields();

export const TRANSCRIBER_FIELDS: Readonly<Record<string, NodeField>> = {
  name: { value: '' },
  account: { value: '', type: 'assemblyai-account', required: true },
  speechModel: { value: DEFAULT_SPEECH_MODEL, rule: { kind: 'pattern', pattern: SPEECH_MODEL_NAME.source, blank: true, trim: true } },
  sampleRate: { value: TRANSCRIBER_DEFAULTS.sampleRate, rule: number(TRANSCRIBER_RANGES.sampleRate) },
  encoding: { value: TRANSCRIBER_DEFAULTS.encoding, rule: choice(AUDIO_ENCODINGS) },
  frameMs: { value: TRANSCRIBER_DEFAULTS.frameMs, rule: number(TRANSCRIBER_RANGES.frameMs) },
  ...PARAMS,
  extraParams: { value: '', rule: { kind: 'json-object' } },
  policy: { value: TRANSCRIBER_DEFAULTS.policy, rule: choice(SESSION_POLICIES) },
  idleSeconds: { value: TRANSCRIBER_DEFAULTS.idleSeconds, rule: number(TRANSCRIBER_RANGES.idleSeconds) },
  openOn: { value: TRANSCRIBER_DEFAULTS.openOn, rule: choice(OPEN_ON_VALUES) },
  // Blank: the runtime's default, which the form shows as its placeholder.
  speechThresholdDbfs: {
    value: '',
    rule: number(TRANSCRIBER_RANGES.speechThresholdDbfs),
    placeholder: String(TRANSCRIBER_DEFAULTS.speechThresholdDbfs),
  },
  preRollMs: { value: '', rule: number(TRANSCRIBER_RANGES.preRollMs), placeholder: String(TRANSCRIBER_DEFAULTS.preRollMs) },
  speechGate: { value: TRANSCRIBER_DEFAULTS.speechGate, rule: choice(SPEECH_GATES) },
  muteAfterTurnMs: {
    value: '',
    rule: number(TRANSCRIBER_RANGES.muteAfterTurnMs),
    placeholder: String(TRANSCRIBER_DEFAULTS.muteAfterTurnMs),
  },
  maxSendRate: { value: '', rule: number(TRANSCRIBER_RANGES.maxSendRate), placeholder: String(TRANSCRIBER_DEFAULTS.maxSendRate) },
  wavPace: { value: TRANSCRIBER_DEFAULTS.wavPace, rule: choice(WAV_PACES) },
  turnUpdates: { value: TRANSCRIBER_DEFAULTS.turnUpdates, rule: choice(TURN_UPDATES) },
  // Blank: no key property (streams keyed by msg._client only, else the one default stream).
  streamKey: { value: '', rule: { kind: 'pattern', pattern: STREAM_KEY_PATH.source, blank: true, trim: true } },
  maxStreams: {
    value: TRANSCRIBER_DEFAULTS.maxStreams,
    rule: number(TRANSCRIBER_RANGES.maxStreams),
    placeholder: String(TRANSCRIBER_DEFAULTS.maxStreams),
  },
};

export const DEFAULT_TOKEN_EXPIRES_IN_SECONDS = 60;

/** The account's optional price per hour of open session, and its currency (a code or sign, e.g. USD, EUR, $). */
export const PRICE_RANGE = { min: 0, max: 1000 };
export const CURRENCY_PATTERN = '^[A-Za-z$€£¥]{1,4}$';
export const DEFAULT_CURRENCY = 'USD';

/** ../shared/assemblyai-v3.md §1.3: expires_in_seconds 1-600, max_session_duration_seconds 60-10800. */
export const TOKEN_RANGES = {
  expiresIn: { min: 1, max: 600, integer: true },
  maxSessionSeconds: { min: 60, max: 10800, integer: true },
};

export const ACCOUNT_FIELDS: Readonly<Record<string, NodeField>> = {
  name: { value: '' },
  region: { value: 'edge', rule: choice(REGIONS) },
  customUrl: { value: '', rule: { kind: 'ws-url' }, onlyWhen: { field: 'region', value: 'custom' } },
  caCert: { value: '' },
  allowSelfSigned: { value: false },
  useTemporaryTokens: { value: false },
  tokenExpiresIn: { value: DEFAULT_TOKEN_EXPIRES_IN_SECONDS, rule: number(TOKEN_RANGES.expiresIn) },
  tokenMaxSessionSeconds: { value: '', rule: number(TOKEN_RANGES.maxSessionSeconds) },
  pricePerHour: { value: '', rule: number(PRICE_RANGE) },
  currency: { value: '', rule: { kind: 'pattern', pattern: CURRENCY_PATTERN, blank: true, trim: true } },
};

/** The microphone captures in frames of 10-1000 ms (PvRecorder's frame length at 16 kHz). */
export const MICROPHONE_FRAME_MS = { min: 10, max: 1000, integer: true, default: 50 };

export const MICROPHONE_FIELDS: Readonly<Record<string, NodeField>> = {
  name: { value: '' },
  device: { value: DEFAULT_DEVICE, required: true },
  frameMs: {
    value: MICROPHONE_FRAME_MS.default,
    required: true,
    // The editor asks for a value; the runtime reads a blank one (a hand-written flow) as the default.
    rule: { kind: 'number', min: MICROPHONE_FRAME_MS.min, max: MICROPHONE_FRAME_MS.max, integer: true },
    messageKey: 'assemblyai-microphone.validation.frameMs',
  },
  startOnDeploy: { value: false },
  record: { value: false },
  recordPath: { value: '' },
};

export const INTENT_FIELDS: Readonly<Record<string, NodeField>> = {
  name: { value: '' },
  stage: { value: 'final', rule: choice(INTENT_STAGES) },
  // The editor checks the JSON's shape; the templates inside are checked by src/intent at deploy and live in the
  // dialog (its admin endpoint runs the same code).
  intents: { value: '[]', rule: { kind: 'json-array' } },
  lists: { value: '{}', rule: { kind: 'json-object' } },
  expansionRules: { value: '{}', rule: { kind: 'json-object' } },
};

/** The turn filter's ranges (src/filter/config.ts reads the node's settings by the same limits). */
export const TURN_FILTER_RANGES = {
  wakeWindow: { min: 0, minExclusive: true },
  wakeThreshold: { min: 0, max: 1, minExclusive: true },
  minConfidence: { min: 0, max: 1 },
  // Word counts are whole numbers; 0 is off.
  minWords: { min: 0, integer: true },
  maxWords: { min: 0, integer: true },
};

const placeholderOf = (value: number) => String(value);

export const TURN_FILTER_FIELDS: Readonly<Record<string, NodeField>> = {
  name: { value: '' },
  stage: { value: FILTER_DEFAULTS.stage, rule: choice(FILTER_STAGES) },
  // A new node starts with one empty rule for the user to fill in, so its first state is "needs a rule".
  rules: { value: [{ type: 'phrase', value: '', threshold: '', cooldown: '', label: '' }], check: 'rules' },
  checkAll: { value: String(FILTER_DEFAULTS.checkAll), rule: choice(['true', 'false']) },
  otherwise: { value: FILTER_DEFAULTS.otherwise, rule: choice(['true', 'false']) },
  textMode: { value: FILTER_DEFAULTS.textMode, rule: choice(TEXT_MODES) },
  wakeWord: { value: '' },
  wakeMode: { value: FILTER_DEFAULTS.wakeMode, rule: choice(WAKE_MODES) },
  // Blank reads as the default, shown as the placeholder.
  wakeWindow: {
    value: FILTER_DEFAULTS.wakeWindow,
    rule: number({ ...TURN_FILTER_RANGES.wakeWindow, max: undefined }),
    placeholder: placeholderOf(FILTER_DEFAULTS.wakeWindow),
  },
  wakeThreshold: {
    value: FILTER_DEFAULTS.wakeThreshold,
    rule: number(TURN_FILTER_RANGES.wakeThreshold),
    placeholder: placeholderOf(FILTER_DEFAULTS.wakeThreshold),
  },
  minConfidence: {
    value: FILTER_DEFAULTS.minConfidence,
    rule: number(TURN_FILTER_RANGES.minConfidence),
    placeholder: placeholderOf(FILTER_DEFAULTS.minConfidence),
  },
  speakers: { value: '' },
  minWords: {
    value: FILTER_DEFAULTS.minWords,
    rule: number({ ...TURN_FILTER_RANGES.minWords, max: undefined }),
    placeholder: placeholderOf(FILTER_DEFAULTS.minWords),
  },
  maxWords: {
    value: FILTER_DEFAULTS.maxWords,
    rule: number({ ...TURN_FILTER_RANGES.maxWords, max: undefined }),
    placeholder: placeholderOf(FILTER_DEFAULTS.maxWords),
  },
  // Written by the dialog: the map old port -> new port that lets Node-RED move the wires with the rules.
  outputs: { value: 1 },
};

/** Node type -> its fields, in the order of the editor's `defaults`. */
export const NODE_FIELDS: Readonly<Record<string, Readonly<Record<string, NodeField>>>> = {
  'assemblyai-account': ACCOUNT_FIELDS,
  'assemblyai-transcriber': TRANSCRIBER_FIELDS,
  'assemblyai-microphone': MICROPHONE_FIELDS,
  'assemblyai-intent': INTENT_FIELDS,
  'assemblyai-turn-filter': TURN_FILTER_FIELDS,
};
