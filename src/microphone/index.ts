// Local microphone capture off the main thread (pvrecorder in a worker), the
// device list, and WAV recording. Usable without Node-RED.
export * from './backoff';
export * from './capture-loop';
export * from './devices';
export * from './list-devices';
export * from './microphone-capture';
export * from './recorder';
export * from './recording-path';
export * from './wav-file-writer';
export type { RecorderSource } from './worker-protocol';
export { RecorderUnavailableError } from './pvrecorder-module';
