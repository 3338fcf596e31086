// The two documented real-time rate behaviours of the service
// (../shared/assemblyai-v3.md §5), as pure logic over audio and wall-clock
// milliseconds so tests can drive them without a socket or a clock.
//
// - throttle (newer docs): audio sent faster than real time is accepted and
//   held; it is processed at up to `factor` x real time (after `burstMs` that
//   may run ahead at the start); once more than `maxHeldMs` is held the
//   session closes with 3007.
// - strict (older docs): audio arriving faster than `factor` x real time closes
//   the session with 3007 "Audio Transmission Rate Exceeded". Measured as a
//   token bucket: over any interval of T ms, at most burstMs + factor x T ms of
//   audio may arrive. The burst allowance absorbs a pre-roll and scheduling jitter.

export interface HeldFrame {
  data: Buffer;
  ms: number;
}

export class Throttle {
  private readonly queue: HeldFrame[] = [];
  private heldMs = 0;
  private processedMs = 0;

  constructor(
    private readonly startedAt: number,
    private readonly factor: number,
    private readonly burstMs: number,
    private readonly maxHeldMs: number,
  ) {}

  /** Holds a frame until take() releases it. */
  hold(frame: HeldFrame): void {
    this.queue.push(frame);
    this.heldMs += frame.ms;
  }

  /** More than maxHeldMs is held (the caller closes with 3007). */
  get overLimit(): boolean {
    return this.heldMs > this.maxHeldMs;
  }

  get pending(): boolean {
    return this.queue.length > 0;
  }

  /** The held frames that may be processed now, in order (all of them when flushing). */
  take(now: number, flush = false): HeldFrame[] {
    const allowedMs = flush ? Infinity : (now - this.startedAt) * this.factor + this.burstMs;
    const out: HeldFrame[] = [];
    while (this.queue.length > 0) {
      const head = this.queue[0];
      if (this.processedMs + head.ms > allowedMs) break;
      this.queue.shift();
      this.heldMs -= head.ms;
      this.processedMs += head.ms;
      out.push(head);
    }
    return out;
  }

  clear(): void {
    this.queue.length = 0;
    this.heldMs = 0;
  }
}

export class StrictRate {
  private tokensMs: number;
  private lastAt: number;

  constructor(
    startedAt: number,
    private readonly factor: number,
    private readonly burstMs: number,
  ) {
    this.tokensMs = burstMs;
    this.lastAt = startedAt;
  }

  /** Counts a frame of `ms` audio arriving at `now`; false when it breaks the rule. */
  accept(ms: number, now: number): boolean {
    this.tokensMs = Math.min(this.burstMs, this.tokensMs + Math.max(0, now - this.lastAt) * this.factor);
    this.lastAt = Math.max(this.lastAt, now);
    // A small epsilon: frames of exactly real-time duration must never fail on rounding.
    if (ms > this.tokensMs + 1e-6) return false;
    this.tokensMs -= ms;
    return true;
  }
}
