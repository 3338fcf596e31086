// The wait before the next connection attempt: counts attempts since the last
// Begin and backs off exponentially (backoff.ts), on the session's clock.
import { backoffDelay } from './backoff';
import type { Clock, TimerHandle } from './clock';
import type { RetrySettings } from './options';

export class RetryTimer {
  /** Retries since the last Begin. */
  attempt = 0;
  private timer: TimerHandle;

  constructor(
    private readonly settings: RetrySettings,
    private readonly clock: Clock,
    private readonly guard: (action: () => void) => void,
  ) {}

  get pending(): boolean {
    return this.timer !== undefined;
  }

  /** Counts an attempt and calls `fire` after its backoff delay; returns the delay. */
  schedule(longer: boolean, fire: () => void): number {
    this.attempt++;
    const delayMs = backoffDelay(this.attempt, this.settings, longer);
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.guard(fire);
    }, delayMs);
    return delayMs;
  }

  /** A session began: the next fault starts from the first delay again. */
  reset(): void {
    this.attempt = 0;
  }

  cancel(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
