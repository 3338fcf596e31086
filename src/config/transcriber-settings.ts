// The transcriber node's fields -> the StreamingSession options they mean.
// A blank field is not sent (the service default applies); 0 and false are sent.
// Fields that do not apply to the chosen model are left out with a warning. Pure.
import { AUDIO_ENCODINGS, type AudioEncoding } from '../protocol/messages';
import { checkJsonValue, isSpeechModel, type ConnectionParameterSpec } from '../protocol/params';
import type { ConnectionParams, SessionPolicy } from '../session/types';
import { isBlank, readBoolean, readList, readNumber, readText, type FieldValue } from './field-values';
import { acceptsFieldValue, type FieldRule } from './field-rules';
import { appliesToModel, DEFAULT_SPEECH_MODEL, modelsNote, parameterSpec, UNSAVED_SPEECH_MODEL } from './model-fields';
import {
  OPEN_ON_VALUES,
  SESSION_POLICIES,
  SPEECH_GATES,
  TRANSCRIBER_DEFAULTS,
  TRANSCRIBER_FIELDS,
  TRANSCRIBER_PARAM_FIELDS,
  TRANSCRIBER_RANGES,
  TURN_UPDATES,
  WAV_PACES,
  type SpeechGateChoice,
  type TurnUpdates,
} from './node-fields';

export { SESSION_POLICIES, TRANSCRIBER_DEFAULTS, type TurnUpdates } from './node-fields';

export interface TranscriberConfig {
  speechModel?: unknown;
  sampleRate?: unknown;
  encoding?: unknown;
  formatTurns?: unknown;
  endOfTurnConfidenceThreshold?: unknown;
  minTurnSilence?: unknown;
  maxTurnSilence?: unknown;
  vadThreshold?: unknown;
  keyterms?: unknown;
  prompt?: unknown;
  languageDetection?: unknown;
  languageCodes?: unknown;
  speakerLabels?: unknown;
  maxSpeakers?: unknown;
  inactivityTimeout?: unknown;
  mode?: unknown;
  extraParams?: unknown;
  policy?: unknown;
  idleSeconds?: unknown;
  openOn?: unknown;
  speechThresholdDbfs?: unknown;
  preRollMs?: unknown;
  speechGate?: unknown;
  muteAfterTurnMs?: unknown;
  maxSendRate?: unknown;
  frameMs?: unknown;
  wavPace?: unknown;
  turnUpdates?: unknown;
}

export interface TranscriberSettings {
  speechModel: string;
  /** Wire-form parameters, speech_model included; sample_rate and encoding are separate. */
  params: ConnectionParams;
  sampleRate: number;
  encoding: AudioEncoding;
  frameMs: number;
  policy: SessionPolicy;
  idleSeconds: number;
  /** auto: what opens a session (any audio, or audio loud enough to be speech). */
  openOn: 'audio' | 'speech';
  speechThresholdDbfs: number;
  preRollMs: number;
  /** openOn 'speech': which gate decides what is speech; a node that saved none gets the default (neural). */
  speechGate: SpeechGateChoice;
  /** Mute this long after each final turn (0: never). */
  muteAfterTurnMs: number;
  maxSendRate: number;
  wavPace: 'realtime' | 'fast';
  /** Output 1: every update of a turn, or only its final message. */
  turnUpdates: TurnUpdates;
}

export type TranscriberSettingsResult =
  { ok: true; settings: TranscriberSettings; warnings: string[] } | { ok: false; errors: string[]; warnings: string[] };

/** Set from the node's own fields, never from extra parameters. */
const RESERVED_PARAMS: readonly string[] = ['speech_model', 'sample_rate', 'encoding', 'token'];

/** Editor field -> wire parameter (its kind and range come from the shared table). */
const PARAM_FIELDS = Object.entries(TRANSCRIBER_PARAM_FIELDS).map(([key, wire]) => ({ key: key as keyof TranscriberConfig, wire }));

/** Editor text -> a JSON value of the parameter's kind (range checks come after). */
function readEditorValue(spec: ConnectionParameterSpec, raw: unknown): FieldValue<unknown> {
  switch (spec.kind) {
    case 'boolean':
      return readBoolean(raw, spec.name);
    case 'integer':
    case 'number':
      return readNumber(raw, spec.name, {});
    case 'string-list':
      return readList(raw, spec.name);
    case 'string':
    case 'enum':
      return typeof raw === 'string' && spec.kind === 'enum' ? readText(raw.trim(), spec.name) : readText(raw, spec.name);
    case 'json-object':
      return isBlank(raw) ? { set: false } : { set: true, value: raw };
  }
}

/** msg.payload-style extra parameters typed as a JSON object in the editor. */
function readExtraParams(raw: unknown, errors: string[]): Record<string, unknown> {
  if (isBlank(raw)) return {};
  let parsed: unknown = raw;
  if (typeof raw === 'string') {
    try {
      parsed = JSON.parse(raw);
    } catch {
      errors.push('extra parameters must be a JSON object, e.g. {"filter_profanity": true}');
      return {};
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    errors.push('extra parameters must be a JSON object, e.g. {"filter_profanity": true}');
    return {};
  }
  return parsed as Record<string, unknown>;
}

function isParamValue(value: unknown): boolean {
  if (typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  return typeof value === 'object' && value !== null;
}

export function readTranscriberSettings(config: TranscriberConfig): TranscriberSettingsResult {
  const errors: string[] = [];
  const warnings: string[] = [];

  const unsaved = isBlank(config.speechModel);
  const model = unsaved ? UNSAVED_SPEECH_MODEL : String(config.speechModel).trim();
  if (unsaved) {
    warnings.push(
      `no speech model saved: running ${UNSAVED_SPEECH_MODEL}, as earlier versions did; open the node and choose a model (new nodes use ${DEFAULT_SPEECH_MODEL})`,
    );
  }
  if (!acceptsFieldValue(TRANSCRIBER_FIELDS.speechModel.rule as FieldRule, config.speechModel))
    errors.push(`speech model "${model.slice(0, 40)}" is not a model name`);
  else if (!isSpeechModel(model)) warnings.push(`speech model "${model}" is not one this node knows; every parameter set is sent as is`);
  const params: ConnectionParams = { speech_model: model };

  const sampleRate = readNumber(config.sampleRate, 'sample rate', TRANSCRIBER_RANGES.sampleRate);
  if (sampleRate.set && 'error' in sampleRate) errors.push(sampleRate.error);
  const encoding = isBlank(config.encoding) ? TRANSCRIBER_DEFAULTS.encoding : config.encoding;
  if (!AUDIO_ENCODINGS.includes(encoding as AudioEncoding)) errors.push(`encoding must be ${AUDIO_ENCODINGS.join(' or ')}`);

  for (const field of PARAM_FIELDS) {
    const spec = parameterSpec(field.wire) as ConnectionParameterSpec;
    const value = readEditorValue(spec, config[field.key]);
    if (!value.set) continue;
    if ('error' in value) {
      errors.push(value.error);
      continue;
    }
    const check = checkJsonValue(spec, value.value);
    if (!check.ok) {
      errors.push(`${spec.name} ${check.reason}`);
      continue;
    }
    if (check.note) warnings.push(check.note);
    if (!appliesToModel(spec, model)) {
      warnings.push(`${spec.name} applies to ${modelsNote(spec)} only; it is not sent with ${model}`);
      continue;
    }
    params[spec.name] = check.value;
  }

  const extra = readExtraParams(config.extraParams, errors);
  for (const [name, value] of Object.entries(extra)) {
    if (RESERVED_PARAMS.includes(name)) {
      errors.push(`extra parameters: ${name} is set by the node's own fields, remove it`);
      continue;
    }
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) {
      errors.push(`extra parameters: "${name.slice(0, 40)}" is not a parameter name (snake_case, e.g. filter_profanity)`);
      continue;
    }
    const spec = parameterSpec(name);
    const target = spec?.aliasOf ?? name;
    if (target in params) {
      errors.push(`extra parameters: ${target} is already set by a field above`);
      continue;
    }
    if (!spec) {
      if (!isParamValue(value)) errors.push(`extra parameters: ${name} must be text, a number, true/false, a list or an object`);
      else {
        warnings.push(`extra parameters: ${name} is not a documented parameter; it is sent as is`);
        params[name] = value as ConnectionParams[string];
      }
      continue;
    }
    const check = checkJsonValue(spec, value);
    if (!check.ok) {
      errors.push(`extra parameters: ${name} ${check.reason}`);
      continue;
    }
    if (check.note) warnings.push(check.note);
    if (spec.deprecated) warnings.push(`extra parameters: ${name} is deprecated`);
    if (!appliesToModel(spec, model)) warnings.push(`extra parameters: ${name} has an effect on ${modelsNote(spec)} only`);
    params[target] = check.value;
  }

  const frameMs = readNumber(config.frameMs, 'frame size', TRANSCRIBER_RANGES.frameMs);
  if (frameMs.set && 'error' in frameMs) errors.push(frameMs.error);
  const policy = isBlank(config.policy) ? TRANSCRIBER_DEFAULTS.policy : config.policy;
  if (!SESSION_POLICIES.includes(policy as SessionPolicy)) errors.push(`session policy must be ${SESSION_POLICIES.join(', ')}`);
  const idle = readNumber(config.idleSeconds, 'idle time', TRANSCRIBER_RANGES.idleSeconds);
  if (idle.set && 'error' in idle) errors.push(idle.error);
  const openOn = isBlank(config.openOn) ? TRANSCRIBER_DEFAULTS.openOn : config.openOn;
  if (!(OPEN_ON_VALUES as readonly unknown[]).includes(openOn)) errors.push(`open on must be ${OPEN_ON_VALUES.join(' or ')}`);
  const threshold = readNumber(config.speechThresholdDbfs, 'speech threshold', TRANSCRIBER_RANGES.speechThresholdDbfs);
  if (threshold.set && 'error' in threshold) errors.push(threshold.error);
  const preRoll = readNumber(config.preRollMs, 'pre-roll', TRANSCRIBER_RANGES.preRollMs);
  if (preRoll.set && 'error' in preRoll) errors.push(preRoll.error);
  const speechGate = isBlank(config.speechGate) ? TRANSCRIBER_DEFAULTS.speechGate : String(config.speechGate);
  if (!(SPEECH_GATES as readonly string[]).includes(speechGate)) errors.push(`speech gate must be ${SPEECH_GATES.join(', ')}`);
  const muteAfter = readNumber(config.muteAfterTurnMs, 'mute after each turn', TRANSCRIBER_RANGES.muteAfterTurnMs);
  if (muteAfter.set && 'error' in muteAfter) errors.push(muteAfter.error);
  const sendRate = readNumber(config.maxSendRate, 'catch-up rate', TRANSCRIBER_RANGES.maxSendRate);
  if (sendRate.set && 'error' in sendRate) errors.push(sendRate.error);
  const wavPace = isBlank(config.wavPace) ? TRANSCRIBER_DEFAULTS.wavPace : config.wavPace;
  if (!(WAV_PACES as readonly unknown[]).includes(wavPace)) errors.push(`WAV pace must be ${WAV_PACES.join(' or ')}`);
  const turnUpdates = isBlank(config.turnUpdates) ? TRANSCRIBER_DEFAULTS.turnUpdates : config.turnUpdates;
  if (!(TURN_UPDATES as readonly unknown[]).includes(turnUpdates)) errors.push(`turn updates must be ${TURN_UPDATES.join(' or ')}`);

  if (errors.length > 0) return { ok: false, errors, warnings };
  return {
    ok: true,
    warnings,
    settings: {
      speechModel: model,
      params,
      sampleRate: sampleRate.set && 'value' in sampleRate ? sampleRate.value : TRANSCRIBER_DEFAULTS.sampleRate,
      encoding: encoding as AudioEncoding,
      frameMs: frameMs.set && 'value' in frameMs ? frameMs.value : TRANSCRIBER_DEFAULTS.frameMs,
      policy: policy as SessionPolicy,
      idleSeconds: idle.set && 'value' in idle ? idle.value : TRANSCRIBER_DEFAULTS.idleSeconds,
      openOn: openOn as 'audio' | 'speech',
      speechThresholdDbfs: threshold.set && 'value' in threshold ? threshold.value : TRANSCRIBER_DEFAULTS.speechThresholdDbfs,
      preRollMs: preRoll.set && 'value' in preRoll ? preRoll.value : TRANSCRIBER_DEFAULTS.preRollMs,
      speechGate: speechGate as SpeechGateChoice,
      muteAfterTurnMs: muteAfter.set && 'value' in muteAfter ? muteAfter.value : TRANSCRIBER_DEFAULTS.muteAfterTurnMs,
      maxSendRate: sendRate.set && 'value' in sendRate ? sendRate.value : TRANSCRIBER_DEFAULTS.maxSendRate,
      wavPace: wavPace as 'realtime' | 'fast',
      turnUpdates: turnUpdates as TurnUpdates,
    },
  };
}
