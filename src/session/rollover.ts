// Rollover: a session expires (expires_at in Begin), so before it does a
// second connection (the candidate) is opened. Once it has begun, and the
// current turn has ended (bounded wait), it takes the audio and the old one
// is Terminated, so no sample is lost and no sentence is split. A candidate
// that fails is retried with backoff while the active connection streams on.
import { backoffDelay } from './backoff';
import type { Clock, TimerHandle } from './clock';
import type { Fault } from './fault';
import type { Link } from './link';
import { planCandidateLoss } from './loss-planner';
import type { RetrySettings } from './options';
import type { SessionInfo } from '../protocol/turn';

/** Longest wait, after the next session began, for the current turn to end before switching. */
export const MAX_SWITCH_WAIT_MS = 10000;
/** Guards against a rollover loop when expires_at is already near (clock skew). */
export const MIN_ROLLOVER_DELAY_MS = 500;
/** setTimeout fires at once beyond this. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface RolloverHost {
  /** The connection receiving audio. */
  active(): Link | undefined;
  /** Not stopping or closing. */
  mayRollOver(): boolean;
  /** A new link in the candidate role, not opened yet. */
  createCandidate(): Link;
  /** The candidate takes the audio; the previous active connection (if any) is ended. */
  promote(next: Link, previous: Link | undefined): void;
  /** The candidate ended: report it ('closed' with willRetry, and an error). */
  reportCandidateLoss(fault: Fault, willRetry: boolean): void;
  guard(action: () => void): void;
}

export interface RolloverSettings {
  rolloverLeadMs: number;
  retry: RetrySettings;
}

/** When to open the next session: lead time before expiry, at least half-way, never at once. */
export function rolloverDelay(expiresAtMs: number, now: number, leadMs: number): number {
  const remainingMs = expiresAtMs - now;
  // A session shorter than the lead time rolls over half-way instead of at once.
  return Math.min(Math.max(remainingMs - leadMs, remainingMs / 2, MIN_ROLLOVER_DELAY_MS), MAX_TIMER_MS);
}

export class Rollover {
  private next: Link | undefined;
  private attempt = 0;
  private rolloverTimer: TimerHandle;
  private switchTimer: TimerHandle;
  private switchPending = false;

  constructor(
    private readonly settings: RolloverSettings,
    private readonly host: RolloverHost,
    private readonly clock: Clock,
  ) {}

  get candidate(): Link | undefined {
    return this.next;
  }

  /** The active connection began: plan its rollover before expires_at. */
  activeBegan(link: Link): void {
    this.attempt = 0;
    this.cancelTimer('rollover');
    const delayMs = rolloverDelay((link.info as SessionInfo).expiresAt * 1000, this.clock.now(), this.settings.rolloverLeadMs);
    this.rolloverTimer = this.clock.setTimeout(() => this.host.guard(() => this.open()), delayMs);
  }

  candidateBegan(): void {
    const active = this.host.active();
    if (active === undefined || !active.conn.ready || !active.turnOpen) {
      this.switchNow();
      return;
    }
    // Switch at the end of the current turn, so one sentence is not split over two sessions.
    this.switchPending = true;
    this.switchTimer = this.clock.setTimeout(
      () => this.host.guard(() => this.switchNow()),
      Math.min(MAX_SWITCH_WAIT_MS, this.settings.rolloverLeadMs / 2),
    );
  }

  /** A turn message or SpeechStarted came on the active connection. */
  activeTurnChanged(link: Link): void {
    if (this.switchPending && !link.turnOpen) this.switchNow();
  }

  candidateEnded(link: Link, fault: Fault): void {
    if (link === this.next) this.next = undefined;
    this.cancelTimer('switch');
    this.switchPending = false;
    const active = this.host.active();
    const plan = planCandidateLoss(fault, active !== undefined && active.conn.ready);
    this.host.reportCandidateLoss(fault, plan.retry);
    if (plan.retry) {
      this.attempt++;
      this.rolloverTimer = this.clock.setTimeout(
        () => this.host.guard(() => this.open()),
        backoffDelay(this.attempt, this.settings.retry, plan.longerBackoff),
      );
    }
  }

  /** Removes the candidate (it is promoted or ended by the session) and returns it. */
  take(): Link | undefined {
    const link = this.next;
    this.next = undefined;
    return link;
  }

  /** Forgets `link` if it is the candidate. */
  forget(link: Link): void {
    if (link === this.next) this.next = undefined;
  }

  /** Stops planning: no rollover timer, no pending switch. The candidate, if any, stays. */
  cancel(): void {
    this.cancelTimer('rollover');
    this.cancelTimer('switch');
    this.switchPending = false;
  }

  private open(): void {
    this.rolloverTimer = undefined;
    const active = this.host.active();
    if (this.next !== undefined || active === undefined || !active.conn.ready || !this.host.mayRollOver()) return;
    const link = this.host.createCandidate();
    this.next = link;
    link.conn.open();
  }

  private switchNow(): void {
    this.cancelTimer('switch');
    this.switchPending = false;
    const next = this.next;
    if (next === undefined || !next.conn.begun) return;
    this.next = undefined;
    this.host.promote(next, this.host.active());
  }

  private cancelTimer(name: 'rollover' | 'switch'): void {
    const key = `${name}Timer` as const;
    const timer = this[key];
    if (timer !== undefined) this.clock.clearTimeout(timer);
    this[key] = undefined;
  }
}
