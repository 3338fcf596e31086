// A session's fault modes. The ones it takes from the simulator as it begins
// and keeps for its life: a socket destroyed or a close with a given code, at
// a time after Begin or once a count of audio samples has arrived. And the
// state of slowReads, which (like stall and warning) is live and read on
// every tick.
import type WebSocket from 'ws';
import type { SimulatorFaults } from './types';

export type FaultStrike = { kind: 'destroy' } | { kind: 'close'; code: number; reason: string };

export class SessionFaults {
  private readonly destroyAt: number | null;
  private readonly destroyAfterSamples: number | null;
  private readonly closeAt: number | null;
  private readonly closeAfterSamples: number | null;
  private readonly closeWith: FaultStrike;
  private readsPaused = false;

  constructor(faults: SimulatorFaults, beganAt: number) {
    const { destroyAfterMs, destroyAfterSamples, closeAfter } = faults;
    this.destroyAt = destroyAfterMs !== null ? beganAt + destroyAfterMs : null;
    this.destroyAfterSamples = destroyAfterSamples;
    this.closeAt = closeAfter && 'afterMs' in closeAfter ? beganAt + closeAfter.afterMs : null;
    this.closeAfterSamples = closeAfter && 'afterSamples' in closeAfter ? closeAfter.afterSamples : null;
    this.closeWith = { kind: 'close', code: closeAfter?.code ?? 0, reason: closeAfter?.reason ?? '' };
  }

  /** The timed fault due at `now`, if any. */
  dueAt(now: number): FaultStrike | undefined {
    if (this.destroyAt !== null && now >= this.destroyAt) return { kind: 'destroy' };
    if (this.closeAt !== null && now >= this.closeAt) return this.closeWith;
    return undefined;
  }

  /** The counted fault due once the session has received `samples` in all, if any. */
  dueAfter(samples: number): FaultStrike | undefined {
    if (this.destroyAfterSamples !== null && samples >= this.destroyAfterSamples) return { kind: 'destroy' };
    if (this.closeAfterSamples !== null && samples >= this.closeAfterSamples) return this.closeWith;
    return undefined;
  }

  /** slowReads: pauses reading the client's socket while `slow`, and resumes it after. */
  pressReads(ws: WebSocket, slow: boolean): void {
    if (slow === this.readsPaused) return;
    this.readsPaused = slow;
    if (slow) ws.pause();
    else ws.resume();
  }
}
