// One connection as the session sees it: its role in the stream and the turn
// state that belongs to it (each connection numbers its own turns).
import type { SessionInfo } from '../protocol/turn';
import type { Connection } from './connection';
import type { TurnFinalizer } from './turn-finalizer';
import type { ConnectionTurnOrders } from './turn-numbering';

/**
 * - active: receives the audio (connecting, or begun).
 * - candidate: the next session opened for a rollover, not yet receiving audio.
 * - draining: Terminate sent (or due on Begin); its last turns still count.
 */
export type LinkRole = 'active' | 'candidate' | 'draining';

export interface Link {
  readonly id: number;
  role: LinkRole;
  readonly conn: Connection;
  readonly finalizer: TurnFinalizer;
  readonly orders: ConnectionTurnOrders;
  info?: SessionInfo;
  /** The session clock's now() at Begin. */
  beganAt: number;
  /** A turn has started (SpeechStarted or a partial) and not ended. */
  turnOpen: boolean;
  /** The service turn_order of the open turn, when known. */
  openTurnOrder?: number;
  /** Audio held for this connection until its Begin, then sent before Terminate (stop while connecting). */
  outbox?: Buffer[];
  /** UpdateConfiguration fields given while this link was connecting: sent right after its Begin. */
  pendingUpdate?: Record<string, unknown>;
  /** Unknown message types already reported once. */
  reportedTypes?: Set<string>;
}

/** UpdateConfiguration for one link: sent now if it has begun, else held until its Begin. */
export function updateLink(link: Link, update: Record<string, unknown>, awaitFormatted: boolean): void {
  link.finalizer.awaitFormatted = awaitFormatted;
  if (link.conn.begun) link.conn.sendText(JSON.stringify({ type: 'UpdateConfiguration', ...update }));
  else link.pendingUpdate = { ...link.pendingUpdate, ...update };
}
