// Counts audio the session had to drop and reports it at most once per
// interval, so a steady loss gives a steady trickle of events, not one per frame.

/**
 * Why audio was dropped: `not-accepting` no session is wanted or it failed;
 * `waiting-for-connection` the bounded buffer overflowed before a session
 * began (connecting or reconnecting); `back-pressure` it overflowed on an open
 * session (audio arriving faster than the socket takes it); `discarded` audio
 * still held when the session stopped or failed.
 */
export type DropCause = 'not-accepting' | 'waiting-for-connection' | 'back-pressure' | 'discarded';

export interface DropReport {
  droppedMs: number;
  totalDroppedMs: number;
  /** The cause of the most recent drop in this report. */
  cause: DropCause;
}

export class DropReporter {
  private totalMs = 0;
  private pendingMs = 0;
  private pendingCause: DropCause = 'not-accepting';
  private lastReportAt = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly report: (event: DropReport) => void,
    private readonly intervalMs = 1000,
  ) {}

  get totalDroppedMs(): number {
    return this.totalMs;
  }

  add(ms: number, cause: DropCause): void {
    if (ms <= 0) return;
    this.totalMs += ms;
    this.pendingMs += ms;
    this.pendingCause = cause;
    const since = Date.now() - this.lastReportAt;
    if (since >= this.intervalMs) this.flush();
    else if (this.timer === undefined) this.timer = setTimeout(() => this.flush(), this.intervalMs - since);
  }

  /** Reports what is pending now. */
  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pendingMs <= 0) return;
    this.lastReportAt = Date.now();
    const droppedMs = Math.round(this.pendingMs);
    this.pendingMs = 0;
    this.report({ droppedMs, totalDroppedMs: Math.round(this.totalMs), cause: this.pendingCause });
  }
}
