// Decides which message of a turn is final (../shared/DESIGN.md; exactly one
// per turn). Keyed by the service's turn_order; end_of_turn is the only
// end-of-turn signal.
//  - awaitFormatted (format_turns on a Universal-Streaming model): the
//    formatted end-of-turn message is final. If it has not come within
//    timeoutMs of the unformatted end-of-turn, that unformatted message is
//    emitted again with final=true, and a late formatted one gets final=false.
//  - otherwise: the first end-of-turn message is final (U3 models send one
//    formatted final; Universal-Streaming without format_turns sends one).
import type { TurnMessage } from '../protocol/messages';
import type { Turn } from '../protocol/turn';
import { toTurn } from '../protocol/turn-map';

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

const REMEMBERED_FINALS = 64;

interface Waiting {
  message: TurnMessage;
  order: number;
  timer: unknown;
}

export class TurnFinalizer {
  private readonly finalized = new Set<number>();
  private readonly waiting = new Map<number, Waiting>();

  constructor(
    public awaitFormatted: boolean,
    private readonly timeoutMs: number,
    private readonly emit: (turn: Turn) => void,
    private readonly timers: Timers = realTimers,
  ) {}

  /** Emits the message as a Turn with `order` as its stream order. */
  handle(message: TurnMessage, order: number): void {
    const key = message.turn_order;
    if (!message.end_of_turn || this.finalized.has(key)) {
      this.emit(toTurn(message, order, false));
      return;
    }
    if (!this.awaitFormatted || message.turn_is_formatted) {
      this.cancelWait(key);
      this.markFinal(key);
      this.emit(toTurn(message, order, true));
      return;
    }
    this.emit(toTurn(message, order, false));
    const earlier = this.waiting.get(key);
    if (earlier) {
      earlier.message = message; // the latest unformatted end-of-turn wins
      return;
    }
    const timer = this.timers.setTimeout(() => this.finishWaiting(key), this.timeoutMs);
    this.waiting.set(key, { message, order, timer });
  }

  /** Makes every turn still waiting for its formatted message final now (its connection is ending). */
  flush(): void {
    for (const key of [...this.waiting.keys()]) this.finishWaiting(key);
  }

  /** Cancels the waits without emitting. */
  dispose(): void {
    for (const w of this.waiting.values()) this.timers.clearTimeout(w.timer);
    this.waiting.clear();
  }

  get pendingCount(): number {
    return this.waiting.size;
  }

  private finishWaiting(key: number): void {
    const w = this.waiting.get(key);
    if (!w) return;
    this.cancelWait(key);
    this.markFinal(key);
    this.emit(toTurn(w.message, w.order, true));
  }

  private cancelWait(key: number): void {
    const w = this.waiting.get(key);
    if (!w) return;
    this.timers.clearTimeout(w.timer);
    this.waiting.delete(key);
  }

  private markFinal(key: number): void {
    this.finalized.add(key);
    if (this.finalized.size > REMEMBERED_FINALS) this.finalized.delete(this.finalized.values().next().value as number);
  }
}
