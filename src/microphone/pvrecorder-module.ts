// The real capture back end: @picovoice/pvrecorder-node, loaded only when this
// function runs (inside the capture worker). Its native library is chosen and
// required when the package is first loaded, and throws on unsupported CPUs or
// systems without an audio stack; loading it lazily keeps that failure out of
// Node-RED's startup and lets the node report it.
import type { RecorderModule } from './recorder';

export class RecorderUnavailableError extends Error {
  constructor(cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      `Microphone capture is not available on this system (@picovoice/pvrecorder-node could not be loaded: ${reason}). ` +
        'It supports Linux x64, Raspberry Pi 3/4/5 and Zero 2 (arm), macOS and Windows.',
    );
    this.name = 'RecorderUnavailableError';
  }
}

interface PvRecorderClass {
  new (
    frameLength: number,
    deviceIndex?: number,
    bufferedFramesCount?: number,
  ): {
    start(): void;
    stop(): void;
    read(): Promise<Int16Array>;
    release(): void;
  };
  getAvailableDevices(): string[];
}

export interface PvRecorderModuleOptions {
  /** The package to load; only tests change it (to check the failure path). */
  packageName?: string;
}

export function createRecorderModule(options: PvRecorderModuleOptions = {}): RecorderModule {
  let PvRecorder: PvRecorderClass;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    PvRecorder = (require(options.packageName ?? '@picovoice/pvrecorder-node') as { PvRecorder: PvRecorderClass }).PvRecorder;
  } catch (err) {
    throw new RecorderUnavailableError(err);
  }
  return {
    listDevices: () => PvRecorder.getAvailableDevices(),
    createRecorder: (frameLength, deviceIndex, bufferedFrames) => new PvRecorder(frameLength, deviceIndex, bufferedFrames),
  };
}
