// What to do when a connection ends: pure decisions from the fault (what the
// close code, HTTP status or local cause means, see fault.ts) and the
// situation, so each case is a row in a table test. The session carries the
// plan out.
import type { ConnectionEnd } from './connection';
import type { Fault } from './fault';
import type { SessionPolicy } from './types';

/**
 * - fail: fatal; the session goes to failed.
 * - finish: nothing more to do now (the session ended as asked, or no one wants it open); idle.
 * - promote: the rollover candidate takes over at once.
 * - reconnect: open a new connection at once (expired session, or audio waiting in auto).
 * - retry: open a new connection after a backoff delay.
 */
export type LossAction = 'fail' | 'finish' | 'promote' | 'reconnect' | 'retry';

export interface LossSituation {
  policy: SessionPolicy;
  /** Retries since the last Begin. */
  attempt: number;
  /** 0 = retry forever. */
  maxAttempts: number;
  /** Audio is queued or held in the framer. */
  pendingAudio: boolean;
  /** Someone still wants a session: manual/always started, or auto with recent or pending audio. */
  stayOpen: boolean;
  /** A rollover candidate connection exists. */
  hasCandidate: boolean;
  /** The service sent an Error message before the close. */
  serverError: boolean;
}

export interface LossPlan {
  action: LossAction;
  /** For 'fail': the fault to report (with "Gave up after N attempt(s)" when retries ran out). */
  failure?: Fault;
  /** The 'closed' event's willRetry. */
  willRetry: boolean;
  /** Report the fault as a non-fatal error besides the 'closed' event. */
  reportError: boolean;
  /** For 'retry': back off longer (account session limits). */
  longerBackoff: boolean;
}

/** The active connection ended. */
export function planActiveLoss(fault: Fault, s: LossSituation): LossPlan {
  const retry = fault.retry;
  let action: LossAction;
  if (retry === 'none' || (retry === 'once' && s.attempt > 0)) action = 'fail';
  else if (retry === 'normal' && s.policy !== 'always') action = s.policy === 'auto' && s.pendingAudio ? 'reconnect' : 'finish';
  else if (!s.stayOpen) action = 'finish';
  else if (s.hasCandidate) action = 'promote';
  else if (retry === 'expired') action = 'reconnect';
  else action = 'retry';
  let failure: Fault | undefined = action === 'fail' ? fault : undefined;
  if (action === 'retry' && s.maxAttempts > 0 && s.attempt + 1 > s.maxAttempts) {
    action = 'fail';
    failure = {
      ...fault,
      message: `Gave up after ${s.maxAttempts} attempt(s). ${fault.message.replace(/ (Retrying|Reconnecting)[^.]*\.$/, '')}`,
    };
  }
  return {
    action,
    failure,
    willRetry: action === 'promote' || action === 'reconnect' || action === 'retry',
    reportError: action !== 'fail' && (s.serverError || (retry !== 'normal' && retry !== 'expired')),
    longerBackoff: retry === 'concurrency',
  };
}

export interface CandidateLossPlan {
  /** Try the rollover again after a backoff (the active connection still streams). */
  retry: boolean;
  longerBackoff: boolean;
}

/** The rollover candidate ended before it was promoted. */
export function planCandidateLoss(fault: Fault, activeReady: boolean): CandidateLossPlan {
  return { retry: activeReady && fault.retry !== 'none', longerBackoff: fault.retry === 'concurrency' };
}

/** How a connection that was being ended on purpose (stop, idle, switched away from) reports its end. */
export function reportDrainedEnd(end: ConnectionEnd, fault: Fault): 'warning' | 'error' | 'none' {
  if (end.cause.kind === 'timeout' && end.cause.phase === 'termination') return 'warning';
  if (fault.retry !== 'normal' || end.serverError !== undefined) return 'error';
  return 'none';
}
