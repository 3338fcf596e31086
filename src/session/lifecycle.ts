// The session's lifecycle as one value and a table of the moves it may make.
// What the caller asked for (start, stop, close) and what happened (a fatal
// fault, a stop that finished) are events; a move not in the table is refused,
// so a closed session cannot be restarted and a failed one cannot be stopped
// into 'idle'. Connections are not part of this: the state the user sees
// combines the phase with the connections (displayState).
import type { SessionPolicy, SessionState } from './types';

export type Phase =
  /** Nothing asked for: auto opens on audio, manual/always wait for start(). */
  | 'idle'
  /** start() was called and stop() was not: manual/always keep a session open. */
  | 'started'
  /** A fault that is not retried; start() tries again. */
  | 'failed'
  /** stop() is ending the connections; then idle. */
  | 'stopping'
  /** stop() after a failure; then failed again. */
  | 'stopping-failed'
  /** close(): its stop is running; then releasing. */
  | 'closing'
  /** close() after a failure: stop, release, closed; it shows as failed until closed. */
  | 'closing-failed'
  /** close(): stopped; timers and held audio are released next. */
  | 'releasing'
  /** For good. */
  | 'closed';

export type LifecycleEvent =
  | 'start'
  /** A session the service ended is not reopened (manual/always): back to waiting for start(). */
  | 'end'
  | 'fail'
  | 'stop'
  | 'close'
  /** Every connection of the stop has ended. */
  | 'stopped'
  /** close() released what was left. */
  | 'released';

export const PHASES: readonly Phase[] = [
  'idle',
  'started',
  'failed',
  'stopping',
  'stopping-failed',
  'closing',
  'closing-failed',
  'releasing',
  'closed',
];
export const LIFECYCLE_EVENTS: readonly LifecycleEvent[] = ['start', 'end', 'fail', 'stop', 'close', 'stopped', 'released'];

export const TRANSITIONS: { readonly [P in Phase]: { readonly [E in LifecycleEvent]?: Phase } } = {
  idle: { start: 'started', fail: 'failed', stop: 'stopping', close: 'closing' },
  started: { start: 'started', end: 'idle', fail: 'failed', stop: 'stopping', close: 'closing' },
  failed: { start: 'started', stop: 'stopping-failed', close: 'closing-failed' },
  stopping: { close: 'closing', stopped: 'idle' },
  'stopping-failed': { close: 'closing-failed', stopped: 'failed' },
  closing: { stopped: 'releasing' },
  'closing-failed': { stopped: 'closing-failed', released: 'closed' },
  releasing: { released: 'closed' },
  closed: {},
};

export function nextPhase(phase: Phase, event: LifecycleEvent): Phase | undefined {
  return TRANSITIONS[phase][event];
}

/** A fault that is not retried happened and no new start() has been made. */
export function isFailed(phase: Phase): boolean {
  return phase === 'failed' || phase === 'stopping-failed' || phase === 'closing-failed';
}

/** A stop (of its own or of close()) is running. */
export function isStopping(phase: Phase): boolean {
  return phase === 'stopping' || phase === 'stopping-failed' || phase === 'closing' || phase === 'closing-failed';
}

/** close() was called: no more audio, no start(). */
export function isClosing(phase: Phase): boolean {
  return phase === 'closing' || phase === 'closing-failed' || phase === 'releasing' || phase === 'closed';
}

/** Audio may be taken: not failed, and a session is wanted (auto: always; manual/always: once started). */
export function acceptsAudio(phase: Phase, policy: SessionPolicy): boolean {
  return !isFailed(phase) && (policy === 'auto' || phase === 'started');
}

/** A new connection may be opened now: nothing failed, stopping or closing. */
export function mayConnect(phase: Phase): boolean {
  return phase === 'idle' || phase === 'started';
}

/** What decides whether a connection that was lost is wanted again. */
export interface StayOpenFacts {
  pendingAudio: boolean;
  wavPlaying: boolean;
  /** Time since the last audio came in. */
  quietForMs: number;
  idleMs: number;
}

/** A lost connection is still wanted: not stopping or closing; auto: audio is held or came within idleMs; otherwise: started. */
export function staysOpen(phase: Phase, policy: SessionPolicy, facts: StayOpenFacts): boolean {
  if (isClosing(phase) || isStopping(phase)) return false;
  if (policy === 'auto') return facts.pendingAudio || facts.wavPlaying || facts.quietForMs < facts.idleMs;
  return phase === 'started';
}

/** What the connections look like, for the state the user sees. */
export interface ConnectionView {
  /** The connection receiving audio: not begun yet, or begun with or without an open turn. */
  active?: { begun: boolean; turnOpen: boolean };
  retryPending: boolean;
  draining: number;
}

/** The SessionState reported to the user: the phase first, then the connections. */
export function displayState(phase: Phase, view: ConnectionView): SessionState {
  if (phase === 'closed') return 'closed';
  if (isFailed(phase)) return 'failed';
  if (phase === 'stopping' || phase === 'closing') return 'stopping';
  const active = view.active;
  if (active !== undefined) {
    if (!active.begun) return 'connecting';
    return active.turnOpen ? 'speech' : 'listening';
  }
  if (view.retryPending) return 'reconnecting';
  if (view.draining > 0) return 'stopping';
  return 'idle';
}

export class Lifecycle {
  private current: Phase = 'idle';

  get phase(): Phase {
    return this.current;
  }

  can(event: LifecycleEvent): boolean {
    return nextPhase(this.current, event) !== undefined;
  }

  /** Makes the move; a move the table refuses is a bug in the caller and throws. */
  apply(event: LifecycleEvent): Phase {
    const next = nextPhase(this.current, event);
    if (next === undefined) throw new Error(`lifecycle: '${event}' is not allowed in phase '${this.current}'`);
    this.current = next;
    return next;
  }
}
