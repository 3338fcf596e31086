// Connections being ended on purpose (stop, idle, switched away from at a
// rollover): the audio handed to one goes out after its Begin, paced like all
// audio (a stop during a backlog must not break the service's rate rule and
// lose the last turn to a 3007), then Terminate, and the session waits
// (bounded by the connection's timers) for each to end. close() bounds the
// paced send: what is not out by its deadline is counted lost.
import type { AudioPipeline } from './audio-pipeline';
import type { Clock, TimerHandle } from './clock';
import type { Link } from './link';
import type { PacingRule } from './pacing';

/** close() waits at most this long for the paced send of the audio still held (the rest is counted lost). */
export const CLOSE_SEND_BUDGET_MS = 1000;

export interface DrainerHost {
  /** A fresh pacing rule for one connection's last audio. */
  pacing(): PacingRule;
  guard(action: () => void): void;
}

interface Sending {
  timer: TimerHandle;
  rule: PacingRule;
  /** Monotonic ms after which the rest of the outbox is dropped (close()). */
  deadline: number;
}

export class Drainer {
  private readonly links = new Set<Link>();
  private readonly sending = new Map<Link, Sending>();

  constructor(
    private readonly audio: AudioPipeline,
    private readonly clock: Clock,
    private readonly host: DrainerHost,
  ) {}

  get size(): number {
    return this.links.size;
  }

  /** Ends `link` gracefully; `outbox` is its last audio (stop, idle), sent before Terminate. */
  drain(link: Link, outbox: Buffer[] | undefined, deadlineMs = Infinity): void {
    link.role = 'draining';
    this.links.add(link);
    if (outbox !== undefined) link.outbox = outbox;
    if (link.outbox !== undefined && link.outbox.length > 0) {
      this.sending.set(link, { timer: undefined, rule: this.host.pacing(), deadline: this.clock.monotonic() + deadlineMs });
    }
    if (link.conn.begun) this.finish(link);
    // Upgraded but Begin not yet here: the service already holds (and bills) a session, so it is
    // Terminated; terminate() aborts only a handshake still in progress.
    else if (link.outbox === undefined || link.outbox.length === 0) link.conn.terminate();
    // else: the connect timer bounds the wait for Begin; then finish() sends the outbox.
  }

  /** close(): every outbox still being sent ends within `withinMs`. */
  hurry(withinMs: number): void {
    const deadline = this.clock.monotonic() + withinMs;
    for (const sending of this.sending.values()) sending.deadline = Math.min(sending.deadline, deadline);
  }

  /** The link began (or had begun): send its outbox, paced, and Terminate. */
  finish(link: Link): void {
    const sending = this.sending.get(link);
    if (sending === undefined) {
      link.outbox = undefined;
      link.conn.terminate();
      return;
    }
    this.send(link, sending);
  }

  ended(link: Link): void {
    this.links.delete(link);
    this.stopSending(link);
  }

  private send(link: Link, sending: Sending): void {
    sending.timer = undefined;
    const outbox = link.outbox ?? [];
    while (outbox.length > 0 && link.conn.ready) {
      const now = this.clock.monotonic();
      if (now >= sending.deadline) break;
      const waitMs = sending.rule.waitMs(now);
      if (waitMs > 0) {
        sending.timer = this.clock.setTimeout(
          () => this.host.guard(() => this.send(link, sending)),
          Math.min(waitMs, Math.max(1, sending.deadline - now)),
        );
        return;
      }
      const frame = outbox.shift() as Buffer;
      this.audio.releaseLast(link.conn, frame);
      sending.rule.released(frame.length, now);
    }
    this.stopSending(link);
    if (outbox.length > 0) this.audio.lose(outbox);
    link.outbox = undefined;
    link.conn.terminate();
  }

  private stopSending(link: Link): void {
    const sending = this.sending.get(link);
    if (sending === undefined) return;
    if (sending.timer !== undefined) this.clock.clearTimeout(sending.timer);
    this.sending.delete(link);
  }
}
