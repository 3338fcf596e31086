// Why a browser's audio overflowed the node's per-client queue. The queue is
// drained once per event-loop turn, so it only overflows when more audio than
// it holds arrives within one turn: a backlog that piled up somewhere. Either
// Node-RED's event loop was busy (the frames waited in the socket) or Node-RED
// was free and the audio came late (the network, a proxy or the browser held
// it back). Which one is read from the loop's busy time over the span in which
// that audio was spoken. Pure: the clock comes from the caller.

/** 16 kHz mono s16le. */
export const PCM_BYTES_PER_MS = 32;

export type BacklogCause = 'node-red-busy' | 'late-burst';

/** Where Node-RED's event loop stood at one moment: the time, and its busy (not idle) time so far, both in ms. */
export interface LoopMark {
  at: number;
  busy: number;
}

export interface LoopClock {
  now(): number;
  /** Milliseconds the event loop has been busy since it started (never decreases). */
  busyMs(): number;
}

/** What one overflowing turn cost one client, and why. */
export interface BacklogDrop {
  cause: BacklogCause;
  /** Audio that arrived in the turn, kept and dropped. */
  burstMs: number;
  droppedMs: number;
  droppedFrames: number;
  /** This client's dropped audio since it connected. */
  totalDroppedMs: number;
  /** Node-RED's busy time within the last `windowMs` (the span in which the burst was spoken, as far as marks go back). */
  busyMs: number;
  windowMs: number;
}

/** Busy for at least half of the span the audio covers: Node-RED held it up. */
export function backlogCause(busyMs: number, windowMs: number): BacklogCause {
  return windowMs > 0 && busyMs * 2 >= windowMs ? 'node-red-busy' : 'late-burst';
}

/**
 * Marks of the event loop, one per turn that brought audio, so a burst can be set
 * against the loop's busy time over the span it was spoken in. Bounded.
 */
export class LoopHistory {
  private readonly marks: LoopMark[] = [];

  constructor(
    private readonly clock: LoopClock,
    private readonly keep = 1024,
  ) {
    this.mark();
  }

  mark(): LoopMark {
    const mark = { at: this.clock.now(), busy: this.clock.busyMs() };
    this.marks.push(mark);
    if (this.marks.length > this.keep) this.marks.shift();
    return mark;
  }

  /** Busy time from the latest mark at or before `now - spanMs` (the oldest when none is that old) until now. */
  busySince(spanMs: number): { busyMs: number; windowMs: number } {
    const now = { at: this.clock.now(), busy: this.clock.busyMs() };
    let from = this.marks[0];
    for (const mark of this.marks) {
      if (mark.at <= now.at - spanMs) from = mark;
      else break;
    }
    return { busyMs: Math.max(0, now.busy - from.busy), windowMs: Math.max(0, now.at - from.at) };
  }
}

/** One client's audio of the current turn: what came and what was pushed out. */
export class TurnBacklog {
  private burstBytes = 0;
  private droppedBytes = 0;
  private droppedFrames = 0;
  private totalDroppedBytes = 0;

  arrived(bytes: number): void {
    this.burstBytes += bytes;
  }

  dropped(bytes: number): void {
    this.droppedBytes += bytes;
    this.droppedFrames++;
    this.totalDroppedBytes += bytes;
  }

  get burstMs(): number {
    return this.burstBytes / PCM_BYTES_PER_MS;
  }

  /** Ends the turn: what it dropped and why, or undefined when nothing was dropped. */
  settle(history: LoopHistory): BacklogDrop | undefined {
    const burstMs = this.burstMs;
    const droppedMs = this.droppedBytes / PCM_BYTES_PER_MS;
    const droppedFrames = this.droppedFrames;
    this.burstBytes = 0;
    this.droppedBytes = 0;
    this.droppedFrames = 0;
    if (droppedFrames === 0) return undefined;
    const { busyMs, windowMs } = history.busySince(burstMs);
    return {
      cause: backlogCause(busyMs, windowMs),
      burstMs,
      droppedMs,
      droppedFrames,
      totalDroppedMs: this.totalDroppedBytes / PCM_BYTES_PER_MS,
      busyMs,
      windowMs,
    };
  }
}
