// What the transcriber needs from an assemblyai-account config node.
import type { Node } from 'node-red';
import type { AccountConnection } from '../../config/account-connection';

export type AccountLookup =
  { ok: true; connection: AccountConnection } | { ok: false; problem: 'missingKey' | 'invalidConfig'; message: string };

export interface AccountCredentials {
  apiKey?: string;
}

export interface AccountNode extends Node<AccountCredentials> {
  /** The endpoint and authentication to use now, or why there are none. */
  lookupConnection(): AccountLookup;
  /** The price per hour of open session the user gave, if any (optional: older account nodes lack it). */
  lookupPrice?(): { perHour: number; currency: string } | undefined;
}

export function isAccountNode(node: unknown): node is AccountNode {
  return typeof node === 'object' && node !== null && typeof (node as AccountNode).lookupConnection === 'function';
}
