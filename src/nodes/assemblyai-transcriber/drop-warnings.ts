// Turns the session's audioDropped reports into user warnings through a second,
// slower DropReporter: the first one after the session's own coalescing has
// settled (so one large write is told in full), then at most one per window,
// each with what was dropped since the previous warning and in all, and the
// cause in words.
import { DropReporter, type DropCause, type DropReport } from '../../session/drop-reporter';
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

/** What the transcriber knows of the latest drop: the session's cause and total, and the reason in words. */
interface LatestDrop {
  cause: DropCause;
  reason: string;
  totalDroppedMs: number;
}

export class DropWarnings {
  private readonly reporter: DropReporter<LatestDrop>;

  constructor(
    warn: (warning: DroppedAudioWarning) => void,
    timing = { settleMs: DROP_SETTLE_MS, windowMs: DROP_WARNING_WINDOW_MS },
  ) {
    this.reporter = new DropReporter<LatestDrop>(
      ({ droppedMs, cause: latest }) =>
        warn({
          text: `audio dropped: ${droppedMs} ms (${latest.totalDroppedMs} ms in all); ${latest.reason}`,
          droppedMs,
          totalDroppedMs: latest.totalDroppedMs,
          cause: latest.cause,
        }),
      timing.windowMs,
      timing.settleMs,
    );
  }

  /** `reason`: the cause in words, as things stand when the audio is dropped. */
  add(report: DropReport, reason: string): void {
    this.reporter.add(report.droppedMs, { cause: report.cause, reason, totalDroppedMs: report.totalDroppedMs });
  }

  dispose(): void {
    this.reporter.cancel();
  }
}
