// Counts audio the session had to drop and reports it at most once per
// interval, so a steady loss gives a steady trickle of events, not one per frame.
export interface DropReport {
  droppedMs: number;
  totalDroppedMs: number;
}

export class DropReporter {
  private totalMs = 0;
  private pendingMs = 0;
  private lastReportAt = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly report: (event: DropReport) => void,
    private readonly intervalMs = 1000,
  ) {}

  get totalDroppedMs(): number {
    return this.totalMs;
  }

  add(ms: number): void {
    if (ms <= 0) return;
    this.totalMs += ms;
    this.pendingMs += ms;
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
    this.report({ droppedMs, totalDroppedMs: Math.round(this.totalMs) });
  }
}
