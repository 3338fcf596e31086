// What the transcriber adds around its session for a real room (issue 15):
// mute and unmute (by action, and for a while after each final turn), the
// neural gate's loading state, and the cost in sight: open (billed) time of
// the current session and of today in the status, in money when the account
// has a price, and on the termination event. Timers come from an injected
// clock; Node-RED is reached only through the callbacks.
import type { BillingFigures } from '../../session/billing-meter';
import { realClock, type Clock, type TimerHandle } from '../../session/clock';
import type { NodeStatusView, Translate } from './transcriber-status';

export interface ExtrasSession {
  mute(): void;
  unmute(): void;
  stats(): { billing: BillingFigures };
}

export interface ExtrasOptions {
  /** Mute this long after each final turn; 0 = never. */
  muteAfterTurnMs: number;
  price?: { perHour: number; currency: string };
  clock?: Clock;
  /** How often the status's open time is refreshed while a session is open. */
  refreshMs?: number;
}

export type GateState = 'loading' | 'neural' | 'fallback';

const REFRESH_MS = 5000;

/** 75 -> "1:15", 3725 -> "1:02:05". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

export function costOf(seconds: number, price: { perHour: number; currency: string }): { amount: number; currency: string } {
  return { amount: Math.round((seconds / 3600) * price.perHour * 10000) / 10000, currency: price.currency };
}

export class TranscriberExtras {
  gateState: GateState | undefined;
  private session: ExtrasSession | undefined;
  private refresh: () => void = () => undefined;
  private mutedByAction = false;
  private turnMuteTimer: TimerHandle;
  private readonly refreshTimer: TimerHandle;
  private readonly clock: Clock;
  private wasOpen = false;

  constructor(private readonly options: ExtrasOptions) {
    this.clock = options.clock ?? realClock;
    this.refreshTimer = this.clock.setInterval(() => this.tick(), options.refreshMs ?? REFRESH_MS);
    // A status refresh must never keep Node-RED (or a test run) alive on its own.
    (this.refreshTimer as { unref?: () => void } | undefined)?.unref?.();
  }

  attach(session: ExtrasSession, refresh: () => void): void {
    this.session = session;
    this.refresh = refresh;
  }

  /** Shows the status again (the gate's state changed); before attach, nothing to show. */
  redraw(): void {
    this.refresh();
  }

  get muted(): boolean {
    return this.mutedByAction || this.turnMuteTimer !== undefined;
  }

  /** msg.action "mute" / "unmute". Unmute also ends a mute after a turn. */
  action(action: 'mute' | 'unmute'): void {
    if (action === 'mute') this.mutedByAction = true;
    else {
      this.mutedByAction = false;
      this.cancelTurnMute();
    }
    this.apply();
  }

  /** A final turn went out: mute for muteAfterTurnMs (the reply a flow speaks must not come back). */
  finalTurn(): void {
    const ms = this.options.muteAfterTurnMs;
    if (ms <= 0) return;
    this.cancelTurnMute();
    this.turnMuteTimer = this.clock.setTimeout(() => {
      this.turnMuteTimer = undefined;
      this.apply();
    }, ms);
    this.apply();
  }

  /**
   * The status for the session state, with muted and the gate loading; while
   * a session is open (sessionOpen) also its open time and today's, in money
   * with a price. Other states keep their own text (a fault must read plainly).
   */
  decorate(view: NodeStatusView, t: Translate, sessionOpen: boolean): NodeStatusView {
    const parts: string[] = [];
    let out = { ...view };
    const showMuted = this.muted && view.fill !== 'red';
    if (showMuted) out = { fill: 'grey', shape: 'dot', text: t('assemblyai-transcriber.status.muted') };
    parts.push(out.text ?? '');
    if (this.gateState === 'loading') parts.push(t('assemblyai-transcriber.status.gateLoading'));
    const billing = this.session?.stats().billing;
    if (billing !== undefined && (sessionOpen || showMuted) && billing.openSeconds >= 1) {
      parts.push(formatDuration(billing.openSeconds));
      let today = t('assemblyai-transcriber.status.today', { time: formatDuration(billing.todaySeconds) });
      if (this.options.price !== undefined) {
        const cost = costOf(billing.todaySeconds, this.options.price);
        today += ` (${cost.amount.toFixed(2)} ${cost.currency})`;
      }
      parts.push(today);
    }
    out.text = parts.filter((p) => p !== '').join(' · ');
    return out;
  }

  /** The termination event's payload, with the day's billed time and, with a price, the cost. */
  termination(payload: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = { ...payload };
    const billing = this.session?.stats().billing;
    if (billing !== undefined) out.billedTodaySeconds = Math.round(billing.todaySeconds * 1000) / 1000;
    const price = this.options.price;
    if (price !== undefined) {
      if (typeof payload.billedSeconds === 'number') out.cost = costOf(payload.billedSeconds, price);
      if (billing !== undefined) out.costToday = costOf(billing.todaySeconds, price);
    }
    return out;
  }

  dispose(): void {
    this.clock.clearInterval(this.refreshTimer);
    this.cancelTurnMute();
  }

  private apply(): void {
    if (this.session !== undefined) {
      if (this.muted) this.session.mute();
      else this.session.unmute();
    }
    this.refresh();
  }

  private cancelTurnMute(): void {
    if (this.turnMuteTimer !== undefined) this.clock.clearTimeout(this.turnMuteTimer);
    this.turnMuteTimer = undefined;
  }

  /** While a session is open its time grows: show it (and once more when it has closed). */
  private tick(): void {
    const open = (this.session?.stats().billing.openSeconds ?? 0) > 0;
    if (open || this.wasOpen) this.refresh();
    this.wasOpen = open;
  }
}
