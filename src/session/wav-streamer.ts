// Streams the samples of a WAV file into the session at a set pace: real time,
// or a bounded speed-up that stays under the service's ~1.25x limit. One timer
// tick per 100 ms pushes what is due; the clock only runs while the session is
// ready to send, so a reconnect pauses the file instead of dropping it.
import { realClock, type Clock, type TimerHandle } from './clock';

export const FAST_PACE = 1.2;
const TICK_MS = 100;

export interface WavTarget {
  /** Audio pushed now will be sent now (listening, little queued). */
  isReady(): boolean;
  push(chunk: Buffer): void;
  /** Called while paused, so an idle timer does not mistake the pause for silence. */
  touch(): void;
  /** The file is done: flush the held fragment. */
  finish(): void;
}

export class WavStreamer {
  private position = 0;
  private activeMs = 0;
  private lastTick = 0;
  private timer: TimerHandle;
  private settle: (() => void) | undefined;
  private done = false;

  constructor(
    private readonly data: Buffer,
    private readonly bytesPerSecond: number,
    private readonly sampleBytes: number,
    private readonly rate: number,
    /** Sent ahead of the clock so the framer always has a frame ready. */
    private readonly leadBytes: number,
    private readonly target: WavTarget,
    private readonly clock: Clock = realClock,
  ) {}

  run(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.settle = resolve;
      this.lastTick = this.clock.monotonic();
      this.safeTick();
    });
  }

  /** Stops early; run() resolves. */
  cancel(): void {
    this.finishRun(false);
  }

  private tick(): void {
    this.timer = undefined;
    if (this.done) return;
    const now = this.clock.monotonic();
    const step = Math.min(now - this.lastTick, TICK_MS * 3); // after a stall, do not burst
    this.lastTick = now;
    if (!this.target.isReady()) {
      this.target.touch();
      this.schedule();
      return;
    }
    this.activeMs += step;
    let due = Math.round((this.activeMs / 1000) * this.bytesPerSecond * this.rate) + this.leadBytes;
    due -= due % this.sampleBytes;
    if (due > this.data.length) due = this.data.length;
    if (due > this.position) {
      const chunk = this.data.subarray(this.position, due);
      this.position = due;
      this.target.push(chunk);
    } else this.target.touch();
    if (this.position >= this.data.length) this.finishRun(true);
    else this.schedule();
  }

  private schedule(): void {
    if (!this.done) this.timer = this.clock.setTimeout(() => this.safeTick(), TICK_MS);
  }

  private safeTick(): void {
    try {
      this.tick();
    } catch {
      this.finishRun(false); // the target refused audio (closed): end the file quietly
    }
  }

  private finishRun(complete: boolean): void {
    if (this.done) return;
    this.done = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    if (complete) this.target.finish();
    this.settle?.();
  }
}
