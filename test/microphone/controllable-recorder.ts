// An in-process fake recorder whose reads the test settles by hand, for
// driving CaptureLoop step by step.
import type { Recorder, RecorderModule } from '../../src/microphone/recorder';

export class ControllableRecorder implements Recorder {
  started = false;
  released = false;
  private pending: { resolve(frame: Int16Array): void; reject(err: Error): void } | undefined;
  failStart: Error | undefined;
  failStop: Error | undefined;

  constructor(
    readonly id: number,
    readonly frameLength: number,
    readonly deviceIndex: number,
    readonly bufferedFrames: number,
    private readonly log: string[],
  ) {}

  get reading(): boolean {
    return this.pending !== undefined;
  }

  start(): void {
    this.log.push(`start:${this.id}`);
    if (this.failStart) throw this.failStart;
    this.started = true;
  }

  read(): Promise<Int16Array> {
    this.log.push(`read:${this.id}`);
    if (this.released) this.log.push(`VIOLATION read after release:${this.id}`);
    if (this.pending) this.log.push(`VIOLATION overlapping read:${this.id}`);
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
    });
  }

  stop(): void {
    this.log.push(`stop:${this.id}`);
    if (this.pending) this.log.push(`VIOLATION stop during read:${this.id}`);
    if (this.failStop) throw this.failStop;
    this.started = false;
  }

  release(): void {
    this.log.push(`release:${this.id}`);
    if (this.pending) this.log.push(`VIOLATION release during read:${this.id}`);
    this.released = true;
  }

  /** Settles the read in flight with a frame. */
  deliver(frame: Int16Array): void {
    const pending = this.take();
    this.log.push(`frame:${this.id}`);
    pending.resolve(frame);
  }

  /** Settles the read in flight with an error. */
  fail(error: Error): void {
    const pending = this.take();
    this.log.push(`fail:${this.id}`);
    pending.reject(error);
  }

  private take() {
    const pending = this.pending;
    if (!pending) throw new Error(`recorder ${this.id} has no read in flight`);
    this.pending = undefined;
    return pending;
  }
}

export class ControllableRecorders implements RecorderModule {
  readonly log: string[] = [];
  readonly recorders: ControllableRecorder[] = [];
  devices = ['Mic A', 'Mic B'];
  createFailures: Error[] = [];
  startFailures: Error[] = [];

  listDevices(): string[] {
    return this.devices.slice();
  }

  createRecorder(frameLength: number, deviceIndex: number, bufferedFrames: number): Recorder {
    const failure = this.createFailures.shift();
    this.log.push(`create:${deviceIndex}`);
    if (failure) throw failure;
    const recorder = new ControllableRecorder(this.recorders.length + 1, frameLength, deviceIndex, bufferedFrames, this.log);
    recorder.failStart = this.startFailures.shift();
    this.recorders.push(recorder);
    return recorder;
  }

  get latest(): ControllableRecorder | undefined {
    return this.recorders[this.recorders.length - 1];
  }

  /** Waits until some recorder has a read in flight and returns it. */
  async readInFlight(timeoutMs = 5000): Promise<ControllableRecorder> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const reading = this.recorders.find((r) => r.reading);
      if (reading) return reading;
      if (Date.now() > until) throw new Error(`no read in flight; log: ${this.log.join(' ')}`);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }
}

export function frameOf(...samples: number[]): Int16Array {
  return Int16Array.from(samples);
}
