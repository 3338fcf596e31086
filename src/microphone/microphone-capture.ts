// Main-thread side of one capture run: starts the worker that owns the
// recorder, turns its messages into callbacks, and stops it. The main thread
// never reads from the device; frames arrive as transferred buffers.
import type { Worker } from 'node:worker_threads';
import type { BackoffOptions } from './backoff';
import type { FaultKind } from './capture-loop';
import { DEFAULT_DEVICE } from './devices';
import { startWorker } from './worker-launch';
import { deserializeError, type RecorderSource, type StopRequest, type WorkerEvent } from './worker-protocol';

export interface MicrophoneCaptureOptions {
  /** Device name as listed by listMicrophones(), or "default". */
  deviceName?: string;
  /** Samples per frame (16 per millisecond). */
  frameLength: number;
  /** Frames the recorder buffers before dropping audio; default about 3 s worth. */
  bufferedFrames?: number;
  /** Retry delays after a device fault; default 1 s doubling to 30 s. */
  backoff?: BackoffOptions;
  /** A recorder back end other than pvrecorder. */
  recorder?: RecorderSource;
  /** How long stop() waits for the worker to release the device before terminating it; default 5000. */
  stopTimeoutMs?: number;
}

export interface CaptureFaultReport {
  kind: FaultKind;
  error: Error;
  retryInMs: number;
  attempt: number;
}

export interface CaptureOutcome {
  frames: number;
  /** Set when capture ended by itself: pvrecorder unavailable, worker crash, forced termination. */
  error?: Error;
}

export interface MicrophoneCaptureListener {
  started?(device: { index: number; name: string }): void;
  /** PCM s16le mono at 16 kHz, exactly as the device produced it. */
  frame(pcm: Buffer): void;
  fault?(report: CaptureFaultReport): void;
  /** Called exactly once, when the worker has exited. */
  ended?(outcome: CaptureOutcome): void;
  /** A listener callback threw; the capture goes on. */
  listenerError?(error: Error): void;
}

const SAMPLES_PER_MS = 16;
const DEFAULT_BUFFER_MS = 3000;
const DEFAULT_STOP_TIMEOUT_MS = 5000;

export function defaultBufferedFrames(frameLength: number): number {
  return Math.max(50, Math.ceil((DEFAULT_BUFFER_MS * SAMPLES_PER_MS) / frameLength));
}

export class MicrophoneCapture {
  private worker: Worker | undefined;
  private state: 'idle' | 'running' | 'stopping' | 'ended' = 'idle';
  private frames = 0;
  private endError: Error | undefined;
  private exited: Promise<void> = Promise.resolve();
  private stopTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly options: MicrophoneCaptureOptions,
    private readonly listener: MicrophoneCaptureListener,
  ) {
    if (!Number.isInteger(options.frameLength) || options.frameLength <= 0) {
      throw new RangeError(`frameLength must be a positive integer, got ${options.frameLength}`);
    }
  }

  get running(): boolean {
    return this.state === 'running' || this.state === 'stopping';
  }

  /** Starts the worker. One MicrophoneCapture captures once; create another to capture again. */
  start(): void {
    if (this.state !== 'idle') throw new Error('this capture was already started');
    const worker = startWorker({
      mode: 'capture',
      deviceName: this.options.deviceName ?? DEFAULT_DEVICE,
      frameLength: this.options.frameLength,
      bufferedFrames: this.options.bufferedFrames ?? defaultBufferedFrames(this.options.frameLength),
      backoff: this.options.backoff,
      recorder: this.options.recorder,
    });
    this.worker = worker;
    this.state = 'running';
    this.exited = new Promise((resolve) => {
      worker.on('exit', (code) => {
        this.onExit(code);
        resolve();
      });
    });
    worker.on('message', (event: WorkerEvent) => this.safely(() => this.onEvent(event)));
    worker.on('error', (err) => {
      this.endError ??= err;
    });
    worker.on('messageerror', (err) => this.safely(() => this.listener.listenerError?.(err)));
  }

  /**
   * Asks the worker to finish the read in flight, stop and release the
   * device, and resolves once it has exited (terminating it after
   * stopTimeoutMs if it has not). Never rejects.
   */
  stop(): Promise<void> {
    if (this.state === 'running' && this.worker) {
      this.state = 'stopping';
      const worker = this.worker;
      try {
        worker.postMessage({ type: 'stop' } satisfies StopRequest);
      } catch {
        // Worker already gone: 'exit' follows.
      }
      this.stopTimer = setTimeout(() => {
        const timeoutMs = this.options.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS;
        this.endError ??= new Error(`capture worker did not stop within ${timeoutMs} ms and was terminated`);
        worker.terminate().catch(() => undefined);
      }, this.options.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS);
    }
    return this.exited;
  }

  private onEvent(event: WorkerEvent): void {
    switch (event.type) {
      case 'started':
        this.listener.started?.({ index: event.deviceIndex, name: event.deviceName });
        break;
      case 'frame':
        this.frames++;
        this.listener.frame(Buffer.from(event.pcm));
        break;
      case 'fault':
        this.listener.fault?.({
          kind: event.kind,
          error: deserializeError(event.error),
          retryInMs: event.retryInMs,
          attempt: event.attempt,
        });
        break;
      case 'fatal':
        this.endError ??= deserializeError(event.error);
        break;
      default:
        break;
    }
  }

  private onExit(code: number): void {
    clearTimeout(this.stopTimer);
    const wasStopping = this.state === 'stopping';
    this.state = 'ended';
    if (!this.endError && !wasStopping) {
      this.endError = new Error(`capture worker exited unexpectedly (code ${code})`);
    }
    this.safely(() => this.listener.ended?.({ frames: this.frames, error: this.endError }));
  }

  private safely(call: () => void): void {
    try {
      call();
    } catch (err) {
      try {
        this.listener.listenerError?.(err instanceof Error ? err : new Error(String(err)));
      } catch {
        // A listener that throws while reporting a throw has nowhere left to report.
      }
    }
  }
}
