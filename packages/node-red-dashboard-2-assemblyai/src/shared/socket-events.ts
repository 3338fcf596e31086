// Names and payloads of the custom socket events between the widgets and their
// nodes. Shared by the browser bundle and the Node-RED side.

export const MIC_HELLO = 'assemblyai-mic:hello';
export const MIC_AUDIO = 'assemblyai-mic:audio';
export const MIC_STATE = 'assemblyai-mic:state';
export const micControlEvent = (widgetId: string): string => `assemblyai-mic:control:${widgetId}`;

export const CAPTIONS_HELLO = 'assemblyai-captions:hello';
export const captionsEvent = (widgetId: string): string => `assemblyai-captions:${widgetId}`;

export type MicState = 'idle' | 'starting' | 'live' | 'muted' | 'stopped' | 'reconnecting' | 'error';

export type MicErrorCode =
  | 'insecure-context'
  | 'permission-denied'
  | 'no-device'
  | 'device-busy'
  | 'device-unplugged'
  | 'worklet-unsupported'
  | 'socket-dropped'
  | 'capture-failed';

export interface MicError {
  code: MicErrorCode;
  message: string;
}

export interface MicStatePayload {
  state: MicState;
  error?: MicError;
  /** Frames the browser dropped from its own buffer since the last report. */
  droppedFrames?: number;
  captureRate?: number;
}

export interface MicAudioPayload {
  seq: number;
  /** s16le mono 16 kHz samples. */
  data: ArrayBuffer | Uint8Array;
  /** Date.now() when the worklet's frame reached the page, for latency figures. */
  sentAt: number;
}

export type MicAction = 'start' | 'stop' | 'mute' | 'unmute';

export interface MicControlPayload {
  action: MicAction;
}

export type CaptionEvent =
  { kind: 'partial' | 'final'; text: string; speaker?: string; startMs?: number; order?: number } | { kind: 'clear' };
