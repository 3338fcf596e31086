// What went wrong when the browser tried to capture, in words a user can act on.
import type { MicError } from './socket-events';

export interface CaptureEnvironment {
  isSecureContext: boolean;
  hostname: string;
  hasGetUserMedia: boolean;
  hasAudioWorklet: boolean;
}

/** The error that stops capture before it starts, or undefined when the page can capture. */
export function environmentError(env: CaptureEnvironment): MicError | undefined {
  if (!env.isSecureContext || !env.hasGetUserMedia) {
    return {
      code: 'insecure-context',
      message:
        `The browser only allows the microphone on https pages (or http://localhost). This page is http://${env.hostname}: ` +
        'serve Node-RED over https (settings.js: https) or open the dashboard through an https proxy.',
    };
  }
  if (!env.hasAudioWorklet) {
    return { code: 'worklet-unsupported', message: 'This browser has no AudioWorklet; use a current Chrome, Edge, Firefox or Safari.' };
  }
  return undefined;
}

/** Maps a getUserMedia / AudioContext failure (a DOMException name) to a MicError. */
export function captureError(err: unknown): MicError {
  const name = typeof err === 'object' && err !== null && 'name' in err ? String(err.name) : '';
  const detail = err instanceof Error ? err.message : String(err);
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
    case 'PermissionDeniedError':
      return {
        code: 'permission-denied',
        message: "Microphone permission was denied: allow it in the browser's site settings, then press the button again.",
      };
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return { code: 'no-device', message: 'No microphone was found: connect one, then press the button again.' };
    case 'NotReadableError':
    case 'TrackStartError':
      return { code: 'device-busy', message: 'The microphone could not be opened (another application may be using it).' };
    default:
      return { code: 'capture-failed', message: `The microphone could not start: ${detail}` };
  }
}

export const DEVICE_UNPLUGGED: MicError = {
  code: 'device-unplugged',
  message: 'The microphone stopped (unplugged or disabled): reconnect it and press the button again.',
};

export const SOCKET_DROPPED: MicError = {
  code: 'socket-dropped',
  message: 'The connection to Node-RED dropped: audio is held briefly and sent when it comes back.',
};
