// The capture loop: open the chosen device, read frames until told to stop,
// and on any failure release the device and reopen it after a backoff delay.
// It runs inside the capture worker (pvrecorder's read blocks its thread) but
// knows nothing of threads, so tests drive it directly with a fake recorder.
//
// Order on stop or failure, always: no new read is started, the read in
// flight is awaited, then stop(), then release(). A read can therefore never
// touch a released recorder.
import { Backoff, type BackoffOptions, DEFAULT_BACKOFF } from './backoff';
import { DeviceNotFoundError, isDefaultDevice, resolveDeviceIndex } from './devices';
import type { Recorder, RecorderModule } from './recorder';

export type FaultKind = 'device-not-found' | 'open-failed' | 'read-failed';

export interface CaptureFault {
  kind: FaultKind;
  error: Error;
  /** How long the loop waits before reopening the device. */
  retryInMs: number;
  /** 1 for the first fault since the last good frame, then 2, 3, ... */
  attempt: number;
}

export interface CaptureLoopOptions {
  /** Device name, or "default"/"" for the system default. */
  deviceName: string;
  frameLength: number;
  /** Frames pvrecorder buffers internally before it drops audio. */
  bufferedFrames: number;
  backoff?: BackoffOptions;
}

export interface CaptureLoopEvents {
  /** The device is open and recording (again). */
  onStarted(device: { index: number; name: string }): void;
  /** One frame, exactly as the recorder returned it. */
  onFrame(frame: Int16Array): void;
  onFault(fault: CaptureFault): void;
}

export interface CaptureLoopResult {
  frames: number;
}

class StepError extends Error {
  constructor(
    readonly kind: FaultKind,
    readonly reason: Error,
  ) {
    super(reason.message);
  }
}

function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}

export class CaptureLoop {
  private stopping = false;
  private frames = 0;
  private wakeFromBackoff: (() => void) | undefined;
  private deviceIndexInUse = -1;
  private readonly backoff: Backoff;

  constructor(
    private readonly recorders: RecorderModule,
    private readonly options: CaptureLoopOptions,
    private readonly events: CaptureLoopEvents,
  ) {
    this.backoff = new Backoff(options.backoff ?? DEFAULT_BACKOFF);
  }

  /** Asks the loop to end; run() resolves once the device is released. */
  stop(): void {
    this.stopping = true;
    this.wakeFromBackoff?.();
  }

  /** Captures until stop(); never rejects (faults go to onFault and are retried). */
  async run(): Promise<CaptureLoopResult> {
    while (!this.stopping) {
      const failure = await this.captureUntilFailure();
      // A read that failed because the device went quiet may have blocked the
      // thread while a stop request waited; let it in before calling it a fault.
      await new Promise((resolve) => setImmediate(resolve));
      if (this.stopping || failure === undefined) break;
      const retryInMs = this.backoff.next();
      this.events.onFault({ kind: failure.kind, error: failure.reason, retryInMs, attempt: this.backoff.attempt });
      await this.pause(retryInMs);
    }
    return { frames: this.frames };
  }

  /** One open-read-release cycle; returns why it ended, or undefined on stop. */
  private async captureUntilFailure(): Promise<StepError | undefined> {
    let recorder: Recorder | undefined;
    let started = false;
    let failure: StepError | undefined;
    try {
      recorder = this.open();
      recorder.start();
      started = true;
      this.events.onStarted({ index: this.deviceIndexInUse, name: this.options.deviceName });
      while (!this.stopping) {
        let frame: Int16Array;
        try {
          frame = await recorder.read();
        } catch (err) {
          throw new StepError('read-failed', asError(err));
        }
        this.frames++;
        this.backoff.reset();
        this.events.onFrame(frame);
      }
    } catch (err) {
      failure = err instanceof StepError ? err : new StepError('open-failed', asError(err));
    } finally {
      if (recorder) this.close(recorder, started);
    }
    return this.stopping ? undefined : failure;
  }

  private open(): Recorder {
    let index = -1;
    if (!isDefaultDevice(this.options.deviceName)) {
      try {
        index = resolveDeviceIndex(this.options.deviceName, this.recorders.listDevices());
      } catch (err) {
        throw new StepError(err instanceof DeviceNotFoundError ? 'device-not-found' : 'open-failed', asError(err));
      }
    }
    this.deviceIndexInUse = index;
    return this.recorders.createRecorder(this.options.frameLength, index, this.options.bufferedFrames);
  }

  /** stop() then release(), each guarded: a failing stop must not leak the native recorder. */
  private close(recorder: Recorder, started: boolean): void {
    if (started) {
      try {
        recorder.stop();
      } catch {
        // The device may already be gone; release() below still frees it.
      }
    }
    try {
      recorder.release();
    } catch {
      // Nothing more can be done for a recorder that fails to release.
    }
  }

  private pause(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        this.wakeFromBackoff = undefined;
        resolve();
      };
      const timer = setTimeout(finish, ms);
      this.wakeFromBackoff = finish;
    });
  }
}
