// Parses one server text frame into a checked message. Never throws: bad JSON,
// a non-object, a known type with missing fields, and unknown types come back
// as values the caller can report and ignore.
import type {
  BeginMessage,
  HeartbeatMessage,
  LLMGatewayResponseMessage,
  SpeakerRevisionMessage,
  SpeechStartedMessage,
  TerminationMessage,
  TurnMessage,
  WarningMessage,
  Word,
} from './messages';

/** An Error frame in either shape: typed ({type:'Error', error_code, error}) or legacy ({error}). */
export interface ParsedError {
  type: 'Error';
  /** undefined for the legacy shape. */
  code?: number;
  text: string;
}

export type ParsedMessage =
  | BeginMessage
  | TurnMessage
  | SpeechStartedMessage
  | TerminationMessage
  | WarningMessage
  | HeartbeatMessage
  | SpeakerRevisionMessage
  | LLMGatewayResponseMessage
  | ParsedError
  | { type: 'Unknown'; messageType: string }
  | { type: 'Malformed'; problem: string };

type Json = Record<string, unknown>;

function malformed(problem: string): ParsedMessage {
  return { type: 'Malformed', problem };
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';

function isWord(v: unknown): v is Word {
  if (typeof v !== 'object' || v === null) return false;
  const w = v as Json;
  return isString(w.text) && isNumber(w.start) && isNumber(w.end);
}

function parseTurn(m: Json): ParsedMessage {
  if (!isNumber(m.turn_order)) return malformed('Turn without a numeric turn_order');
  if (!isBoolean(m.end_of_turn)) return malformed('Turn without a boolean end_of_turn');
  if (!isString(m.transcript)) return malformed('Turn without a transcript');
  if (m.words !== undefined && !(Array.isArray(m.words) && m.words.every(isWord))) {
    return malformed('Turn with malformed words');
  }
  if (m.words === undefined) m.words = [];
  if (!isBoolean(m.turn_is_formatted)) m.turn_is_formatted = false;
  if (!isNumber(m.end_of_turn_confidence)) m.end_of_turn_confidence = 0;
  return m as unknown as TurnMessage;
}

function parseObject(m: Json): ParsedMessage {
  const type = m.type;
  if (type === undefined) {
    if (isString(m.error)) return { type: 'Error', text: m.error };
    return malformed('message without a type');
  }
  if (!isString(type)) return malformed('message type is not a string');
  switch (type) {
    case 'Begin':
      if (!isString(m.id) || !isNumber(m.expires_at)) return malformed('Begin without id or expires_at');
      return m as unknown as BeginMessage;
    case 'Turn':
      return parseTurn(m);
    case 'SpeechStarted':
      if (!isNumber(m.timestamp)) return malformed('SpeechStarted without a timestamp');
      return m as unknown as SpeechStartedMessage;
    case 'Termination':
      return {
        type: 'Termination',
        audio_duration_seconds: isNumber(m.audio_duration_seconds) ? m.audio_duration_seconds : 0,
        session_duration_seconds: isNumber(m.session_duration_seconds) ? m.session_duration_seconds : 0,
      };
    case 'Error':
      return {
        type: 'Error',
        code: isNumber(m.error_code) ? m.error_code : undefined,
        text: isString(m.error) ? m.error : 'unspecified server error',
      };
    case 'Warning':
      return {
        type: 'Warning',
        warning_code: isNumber(m.warning_code) ? m.warning_code : 0,
        warning: isString(m.warning) ? m.warning : '',
      };
    case 'Heartbeat':
      return m as unknown as HeartbeatMessage;
    case 'SpeakerRevision':
      if (!Array.isArray(m.revisions)) return malformed('SpeakerRevision without revisions');
      return m as unknown as SpeakerRevisionMessage;
    case 'LLMGatewayResponse':
      return m as unknown as LLMGatewayResponseMessage;
    default:
      return { type: 'Unknown', messageType: type };
  }
}

export function parseServerMessage(text: string): ParsedMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return malformed('invalid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return malformed('not a JSON object');
  return parseObject(value as Json);
}
