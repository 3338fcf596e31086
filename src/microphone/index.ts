// Local microphone capture off the main thread (pvrecorder in a worker), the
// device list, and streaming WAV recording. Usable without Node-RED.
export type { BackoffOptions as CaptureBackoffOptions } from './backoff';
export type { FaultKind as CaptureFaultKind } from './capture-loop';
export { DEFAULT_DEVICE as DEFAULT_MICROPHONE, DeviceNotFoundError } from './devices';
export { listMicrophones, type ListMicrophonesOptions } from './list-devices';
export {
  MicrophoneCapture,
  type CaptureFaultReport,
  type CaptureOutcome,
  type MicrophoneCaptureListener,
  type MicrophoneCaptureOptions,
} from './microphone-capture';
export { RecorderUnavailableError } from './pvrecorder-module';
export type { Recorder, RecorderModule, RecorderModuleFile } from './recorder';
export { recordingFileName } from './recording-path';
export { WavFileWriter, type WavFileSummary, type WavFileWriterOptions } from './wav-file-writer';
export type { RecorderSource } from './worker-protocol';
