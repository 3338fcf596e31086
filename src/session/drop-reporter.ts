// Counts audio the session had to drop and reports it at most once per
// interval, so a steady loss gives a steady trickle of events, not one per frame.
import { realClock, type Clock, type TimerHandle } from './clock';

/**
 * Why audio was dropped: `not-accepting` no session is wanted or it failed;
 * `waiting-for-connection` the bounded buffer overflowed before a session
 * began (connecting or reconnecting); `back-pressure` it overflowed on an open
 * session (audio arriving faster than the socket takes it); `discarded` audio
 * still held when the session stopped or failed.
 */
export type DropCause = 'not-accepting' | 'waiting-for-connection' | 'back-pressure' | 'discarded';

export interface DropReport<C = DropCause> {
  droppedMs: number;
  totalDroppedMs: number;
  /** The cause of the most recent drop in this report. */
  cause: C;
}

/**
 * Reports at most once per `intervalMs`. With `settleMs` 0 the first loss after
 * a quiet interval is reported at once; otherwise every report waits at least
 * `settleMs`, so a burst (one large write) is told whole.
 */
export class DropReporter<C = DropCause> {
  private totalMs = 0;
  private pendingMs = 0;
  private pendingCause: C | undefined;
  private lastReportAt = Number.NEGATIVE_INFINITY;
  private timer: TimerHandle;

  constructor(
    private readonly report: (event: DropReport<C>) => void,
    private readonly intervalMs = 1000,
    private readonly settleMs = 0,
    private readonly clock: Clock = realClock,
  ) {}

  get totalDroppedMs(): number {
    return this.totalMs;
  }

  add(ms: number, cause: C): void {
    if (ms <= 0) return;
    this.totalMs += ms;
    this.pendingMs += ms;
    this.pendingCause = cause;
    const since = this.clock.now() - this.lastReportAt;
    if (since >= this.intervalMs && this.settleMs === 0) this.flush();
    else if (this.timer === undefined)
      this.timer = this.clock.setTimeout(() => this.flush(), Math.max(this.settleMs, this.intervalMs - since));
  }

  /** Reports what is pending now. */
  flush(): void {
    this.cancelTimer();
    if (this.pendingMs <= 0 || this.pendingCause === undefined) return;
    this.lastReportAt = this.clock.now();
    const droppedMs = Math.round(this.pendingMs);
    this.pendingMs = 0;
    this.report({ droppedMs, totalDroppedMs: Math.round(this.totalMs), cause: this.pendingCause });
  }

  /** Forgets what is pending without reporting it. */
  cancel(): void {
    this.cancelTimer();
    this.pendingMs = 0;
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
