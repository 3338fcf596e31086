// What the capture loop needs from a recorder. PvRecorder satisfies it; tests
// and alternative back ends provide their own module with the same shape.

/** One opened capture device delivering mono 16 kHz s16 frames. */
export interface Recorder {
  start(): void;
  /** Resolves with exactly one frame of `frameLength` samples; rejects when no audio arrives. */
  read(): Promise<Int16Array>;
  stop(): void;
  /** Frees the native recorder. Nothing may be called on it afterwards. */
  release(): void;
}

/** A capture back end: lists devices by name and opens one by index (-1 = system default). */
export interface RecorderModule {
  listDevices(): string[];
  createRecorder(frameLength: number, deviceIndex: number, bufferedFrames: number): Recorder;
}

/**
 * The shape of a module file that provides a RecorderModule. The capture
 * worker `require`s such a file by absolute path and calls this with the
 * options it was given.
 */
export interface RecorderModuleFile {
  createRecorderModule(options?: unknown): RecorderModule;
}

/** pvrecorder's only sample rate. */
export const CAPTURE_SAMPLE_RATE = 16000;
