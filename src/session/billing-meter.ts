// What AssemblyAI bills: the time each session is open (from its Begin to the
// end of its connection), summed. Sessions can overlap (a rollover candidate
// opens before the old one ends), and each is billed. "Today" is split at
// local midnight, so the status can say what the day has cost so far. Pure:
// time comes from the injected clock.
import type { Clock } from './clock';

export interface BillingFigures {
  /** Seconds the sessions open now have been open (0 when none is). */
  openSeconds: number;
  /** Billed seconds since local midnight, open sessions included. */
  todaySeconds: number;
  /** Billed seconds since the meter was made, open sessions included. */
  totalSeconds: number;
}

/** The first millisecond of the local day after `at`. */
export function nextLocalMidnight(at: number): number {
  const day = new Date(at);
  day.setHours(24, 0, 0, 0);
  return day.getTime();
}

/** The first millisecond of the local day that holds `at`. */
export function localMidnight(at: number): number {
  const day = new Date(at);
  day.setHours(0, 0, 0, 0);
  return day.getTime();
}

export class BillingMeter {
  private readonly open = new Map<number | string, number>();
  private closedMs = 0;
  /** Closed time that fell on the day starting at dayStart. */
  private closedTodayMs = 0;
  private dayStart: number;

  constructor(private readonly clock: Pick<Clock, 'now'>) {
    this.dayStart = localMidnight(clock.now());
  }

  /** A session began (its Begin arrived). A key already open keeps its start. */
  opened(key: number | string): void {
    if (!this.open.has(key)) this.open.set(key, this.clock.now());
  }

  /** A session's connection ended; unknown keys (never begun) are ignored. Returns its billed seconds. */
  closed(key: number | string): number {
    const startedAt = this.open.get(key);
    if (startedAt === undefined) return 0;
    this.open.delete(key);
    const now = this.clock.now();
    this.rollDay(now);
    this.closedMs += now - startedAt;
    this.closedTodayMs += now - Math.max(startedAt, this.dayStart);
    return (now - startedAt) / 1000;
  }

  /** Seconds one open session has been open so far (0 when it is not open). */
  secondsOf(key: number | string): number {
    const startedAt = this.open.get(key);
    return startedAt === undefined ? 0 : (this.clock.now() - startedAt) / 1000;
  }

  figures(): BillingFigures {
    const now = this.clock.now();
    this.rollDay(now);
    let openMs = 0;
    let openTodayMs = 0;
    for (const startedAt of this.open.values()) {
      openMs += now - startedAt;
      openTodayMs += now - Math.max(startedAt, this.dayStart);
    }
    return {
      openSeconds: openMs / 1000,
      todaySeconds: (this.closedTodayMs + openTodayMs) / 1000,
      totalSeconds: (this.closedMs + openMs) / 1000,
    };
  }

  private rollDay(now: number): void {
    if (now < nextLocalMidnight(this.dayStart)) return;
    this.dayStart = localMidnight(now);
    this.closedTodayMs = 0;
  }
}
