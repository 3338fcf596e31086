// Messages between the main thread and the capture worker.
import type { BackoffOptions } from './backoff';
import type { FaultKind } from './capture-loop';

/** A recorder back end other than pvrecorder: a module file exporting createRecorderModule(options). */
export interface RecorderSource {
  /** Absolute path of the module file; it must load in a plain worker thread. */
  modulePath: string;
  /** Passed to createRecorderModule (must survive structured cloning). */
  options?: unknown;
}

export interface CaptureWorkerData {
  mode: 'capture';
  deviceName: string;
  frameLength: number;
  bufferedFrames: number;
  backoff?: BackoffOptions;
  recorder?: RecorderSource;
}

export interface ListWorkerData {
  mode: 'list';
  recorder?: RecorderSource;
}

export type WorkerData = CaptureWorkerData | ListWorkerData;

/** Main thread -> worker. */
export interface StopRequest {
  type: 'stop';
}

export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
}

/** Worker -> main thread. */
export type WorkerEvent =
  | { type: 'devices'; devices: string[] }
  | { type: 'started'; deviceIndex: number; deviceName: string }
  /** PCM s16le bytes of one frame; the ArrayBuffer is transferred, not copied. */
  | { type: 'frame'; pcm: ArrayBuffer }
  | { type: 'fault'; kind: FaultKind; error: SerializedError; retryInMs: number; attempt: number }
  /** Capture cannot run at all (e.g. pvrecorder does not load); the worker ends. */
  | { type: 'fatal'; error: SerializedError }
  /** The loop ended and the recorder is released; the worker ends. */
  | { type: 'stopped'; frames: number };

export function serializeError(value: unknown): SerializedError {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return { name: 'Error', message: String(value) };
}

export function deserializeError(value: SerializedError): Error {
  const error = new Error(value.message);
  error.name = value.name;
  if (value.stack) error.stack = value.stack;
  return error;
}
