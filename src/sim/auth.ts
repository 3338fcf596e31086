// Who may connect: an API key in the Authorization header (raw, no "Bearer"),
// or a temporary token in the `token` query parameter or the Authorization header.
import { CloseReason } from '../protocol/close-codes';
import type { TokenGrant, TokenStore } from './tokens';

export type AuthResult = { ok: true; via: 'key' | 'token'; grant?: TokenGrant } | { ok: false; reason: string };

export class KeyChecker {
  private readonly keys: Set<string> | null;

  constructor(keys: string[] | undefined) {
    this.keys = keys && keys.length > 0 ? new Set(keys) : null;
  }

  /** A raw key as the service takes it: non-empty, no "Bearer " scheme, and one of `keys` when given. */
  accepts(value: string): boolean {
    if (value.trim() === '' || /^bearer\s/i.test(value)) return false;
    return this.keys ? this.keys.has(value) : true;
  }
}

export function authorize(
  authorization: string | undefined,
  queryToken: string | null,
  keys: KeyChecker,
  tokens: TokenStore,
  now = Date.now(),
): AuthResult {
  if (queryToken !== null && queryToken !== '') {
    const check = tokens.redeem(queryToken, now);
    return check.ok ? { ok: true, via: 'token', grant: check.grant } : { ok: false, reason: `Unauthorized Connection: ${check.reason}` };
  }
  if (authorization === undefined || authorization === '') return { ok: false, reason: CloseReason.missingAuth };
  if (tokens.has(authorization)) {
    const check = tokens.redeem(authorization, now);
    return check.ok ? { ok: true, via: 'token', grant: check.grant } : { ok: false, reason: `Unauthorized Connection: ${check.reason}` };
  }
  return keys.accepts(authorization) ? { ok: true, via: 'key' } : { ok: false, reason: CloseReason.invalidAuth };
}
