// Turns the session's audioDropped reports into user warnings: the first one
// after the session's own coalescing has settled (so one large write is told
// in full), then at most one per window, each with what was dropped since the
// previous warning and in all, and the cause in words.
import type { DropCause, DropReport } from '../../session/drop-reporter';
import type { SessionPolicy, SessionState } from '../../session/types';

/** Longer than the session's one-second coalescing, so a burst arrives whole. */
export const DROP_SETTLE_MS = 1100;
export const DROP_WARNING_WINDOW_MS = 30000;

export interface DroppedAudioWarning {
  text: string;
  droppedMs: number;
  totalDroppedMs: number;
  cause: DropCause;
}

/** Why audio was dropped, and what to do about it. */
export function dropReason(cause: DropCause, state: SessionState, policy: SessionPolicy): string {
  if (state === 'failed') return 'the session failed (see the error); send a start action or redeploy after fixing it';
  switch (cause) {
    case 'not-accepting':
      if (policy !== 'auto' && (state === 'idle' || state === 'stopping')) {
        return `no session is open: send a start action first (session policy ${policy})`;
      }
      return 'the session is closing';
    case 'waiting-for-connection':
      return 'buffer full while connecting or reconnecting';
    case 'back-pressure':
      return 'buffer full: audio arrives faster than the connection sends it; send audio at real-time pace';
    case 'discarded':
      return 'it was still waiting to be sent when the session ended';
  }
}

export class DropWarnings {
  private pendingMs = 0;
  private last: { report: DropReport; reason: string } | undefined;
  private lastWarnAt = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly warn: (warning: DroppedAudioWarning) => void,
    private readonly timing = { settleMs: DROP_SETTLE_MS, windowMs: DROP_WARNING_WINDOW_MS },
  ) {}

  /** `reason`: the cause in words, as things stand when the audio is dropped. */
  add(report: DropReport, reason: string): void {
    this.pendingMs += report.droppedMs;
    this.last = { report, reason };
    if (this.timer !== undefined) return;
    const wait = Math.max(this.timing.settleMs, this.lastWarnAt + this.timing.windowMs - Date.now());
    this.timer = setTimeout(() => this.flush(), wait);
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private flush(): void {
    this.timer = undefined;
    const last = this.last;
    if (last === undefined || this.pendingMs <= 0) return;
    const droppedMs = Math.round(this.pendingMs);
    this.pendingMs = 0;
    this.lastWarnAt = Date.now();
    const { report, reason } = last;
    this.warn({
      text: `audio dropped: ${droppedMs} ms (${report.totalDroppedMs} ms in all); ${reason}`,
      droppedMs,
      totalDroppedMs: report.totalDroppedMs,
      cause: report.cause,
    });
  }
}
