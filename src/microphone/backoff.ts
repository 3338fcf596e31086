// Exponential retry delays: initial, initial*factor, ... capped at max.

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  factor?: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 1000, maxMs: 30000, factor: 2 };

export class Backoff {
  private attempts = 0;

  constructor(private readonly options: BackoffOptions = DEFAULT_BACKOFF) {
    if (!(options.initialMs >= 0) || !(options.maxMs >= options.initialMs)) {
      throw new RangeError(`invalid backoff: initialMs ${options.initialMs}, maxMs ${options.maxMs}`);
    }
  }

  /** Retries made since the last reset. */
  get attempt(): number {
    return this.attempts;
  }

  /** The delay before the next retry; each call counts one retry. */
  next(): number {
    const factor = this.options.factor ?? 2;
    const delay = Math.min(this.options.maxMs, this.options.initialMs * factor ** this.attempts);
    this.attempts++;
    return delay;
  }

  reset(): void {
    this.attempts = 0;
  }
}
