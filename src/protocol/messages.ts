// Wire shapes of AssemblyAI Streaming v3 (see ../shared/assemblyai-v3.md §2-3).
// Server messages are JSON text frames; audio goes up as binary frames.

export interface Word {
  text: string;
  start: number;
  end: number;
  confidence: number;
  word_is_final: boolean;
  speaker?: string;
}

export interface BeginMessage {
  type: 'Begin';
  id: string;
  expires_at: number;
  configuration?: Record<string, unknown>;
}

export interface TurnMessage {
  type: 'Turn';
  turn_order: number;
  turn_is_formatted: boolean;
  end_of_turn: boolean;
  transcript: string;
  utterance?: string;
  end_of_turn_confidence: number;
  words: Word[];
  language_code?: string;
  language_confidence?: number;
  speaker_label?: string;
}

export interface SpeechStartedMessage {
  type: 'SpeechStarted';
  timestamp: number;
  confidence?: number;
}

export interface TerminationMessage {
  type: 'Termination';
  audio_duration_seconds: number;
  session_duration_seconds: number;
}

export interface ErrorMessage {
  type: 'Error';
  error_code: number;
  error: string;
}

/** The 2025 shape: no type, no code. Clients must accept it too. */
export interface LegacyErrorMessage {
  error: string;
}

export interface WarningMessage {
  type: 'Warning';
  warning_code: number;
  warning: string;
}

export interface HeartbeatMessage {
  type: 'Heartbeat';
  total_audio_received_ms: number;
  total_duration_ms: number;
  realtime_factor: number;
  max_speech_probability?: number;
}

export interface SpeakerRevisionMessage {
  type: 'SpeakerRevision';
  revisions: Array<{ turn_order: number; speaker_label: string; words: Word[] }>;
}

export interface LLMGatewayResponseMessage {
  type: 'LLMGatewayResponse';
  turn_order: number;
  transcript: string;
  data: unknown;
}

export type ServerMessage =
  | BeginMessage
  | TurnMessage
  | SpeechStartedMessage
  | TerminationMessage
  | ErrorMessage
  | WarningMessage
  | HeartbeatMessage
  | SpeakerRevisionMessage
  | LLMGatewayResponseMessage;

export interface TerminateMessage {
  type: 'Terminate';
}
export interface ForceEndpointMessage {
  type: 'ForceEndpoint';
}
export interface KeepAliveMessage {
  type: 'KeepAlive';
}
export interface UpdateConfigurationMessage {
  type: 'UpdateConfiguration';
  [field: string]: unknown;
}

export type ClientMessage = TerminateMessage | ForceEndpointMessage | KeepAliveMessage | UpdateConfigurationMessage;

/** Every typed text message a client may send (docs/protocol.md, "Client messages"). */
export const CLIENT_MESSAGE_TYPES: readonly ClientMessage['type'][] = ['Terminate', 'ForceEndpoint', 'KeepAlive', 'UpdateConfiguration'];

/** Every server message type the client understands (docs/protocol.md, "Server messages"). */
export const SERVER_MESSAGE_TYPES: readonly ServerMessage['type'][] = [
  'Begin',
  'Turn',
  'SpeechStarted',
  'Termination',
  'Error',
  'Warning',
  'Heartbeat',
  'SpeakerRevision',
  'LLMGatewayResponse',
];

export type AudioEncoding = 'pcm_s16le' | 'pcm_mulaw';

export const AUDIO_ENCODINGS: readonly AudioEncoding[] = ['pcm_s16le', 'pcm_mulaw'];

export function bytesPerSample(encoding: AudioEncoding): number {
  return encoding === 'pcm_mulaw' ? 1 : 2;
}

/** Frame limits the service enforces on every binary message (3007 outside them). */
export const MIN_FRAME_MS = 50;
export const MAX_FRAME_MS = 1000;
