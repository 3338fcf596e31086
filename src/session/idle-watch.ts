// auto policy: ends the open session after idleMs without audio (or, with
// openOn 'speech', without speech), so billing stops; the next audio opens a
// new one. A WAV file still playing counts as audio.
import type { Clock, TimerHandle } from './clock';
import type { Link } from './link';

/** Shortest re-check delay, so a near miss does not spin. */
const MIN_RECHECK_MS = 50;

export interface IdleHost {
  active(): Link | undefined;
  /** Last audio taken (with a gate: last speech heard). */
  lastAudioAt(): number;
  wavPlaying(): boolean;
  /** The active link has been quiet for idleMs: end it. */
  closeIdle(link: Link): void;
  guard(action: () => void): void;
}

export class IdleWatch {
  private timer: TimerHandle;

  constructor(
    /** Off for the manual and always policies. */
    private readonly enabled: boolean,
    private readonly idleMs: number,
    private readonly clock: Clock,
    private readonly host: IdleHost,
  ) {}

  /** The active connection began (or audio may have stopped): check after `delayMs`. */
  arm(delayMs = this.idleMs): void {
    if (!this.enabled) return;
    this.cancel();
    this.timer = this.clock.setTimeout(() => this.host.guard(() => this.check()), delayMs);
  }

  cancel(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private check(): void {
    this.timer = undefined;
    const link = this.host.active();
    if (link === undefined || !link.conn.begun) return;
    const quietMs = this.clock.now() - Math.max(this.host.lastAudioAt(), link.beganAt);
    if (quietMs < this.idleMs || this.host.wavPlaying()) {
      this.arm(Math.max(this.idleMs - quietMs, MIN_RECHECK_MS));
      return;
    }
    this.host.closeIdle(link);
  }
}
