// Turns the session's audioDropped reports into user warnings through a second,
// slower DropReporter: the first one after the session's own coalescing has
// settled (so one large write is told in full), then at most one per window,
// each with what was dropped since the previous warning and in all, and the
// cause in words.
import { realClock, type Clock } from '../../session/clock';
import { DropReporter, type DropCause, type DropReport } from '../../session/drop-reporter';
import type { SessionPolicy, SessionState } from '../../session/types';
import type { Translate } from '../kit';

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
export function dropReason(cause: DropCause, state: SessionState, policy: SessionPolicy, t: Translate): string {
  if (state === 'failed') return t('assemblyai-transcriber.warnings.dropFailed');
  switch (cause) {
    case 'not-accepting':
      if (policy !== 'auto' && (state === 'idle' || state === 'stopping')) {
        return t('assemblyai-transcriber.warnings.dropNoSession', { policy });
      }
      return t('assemblyai-transcriber.warnings.dropClosing');
    case 'waiting-for-connection':
      return t('assemblyai-transcriber.warnings.dropConnecting');
    case 'back-pressure':
      return t('assemblyai-transcriber.warnings.dropBackPressure');
    case 'discarded':
      return t('assemblyai-transcriber.warnings.dropDiscarded');
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
    t: Translate,
    timing = { settleMs: DROP_SETTLE_MS, windowMs: DROP_WARNING_WINDOW_MS },
    clock: Clock = realClock,
  ) {
    this.reporter = new DropReporter<LatestDrop>(
      ({ droppedMs, cause: latest }) =>
        warn({
          text: t('assemblyai-transcriber.warnings.audioDropped', {
            droppedMs,
            totalDroppedMs: latest.totalDroppedMs,
            reason: latest.reason,
          }),
          droppedMs,
          totalDroppedMs: latest.totalDroppedMs,
          cause: latest.cause,
        }),
      timing.windowMs,
      timing.settleMs,
      clock,
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
