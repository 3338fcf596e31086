// Temporary tokens (GET /v3/token): each is good for one session, until it expires.
import { randomBytes } from 'node:crypto';

export interface TokenGrant {
  expiresAtMs: number;
  maxSessionSeconds: number;
  used: boolean;
}

export type TokenCheck = { ok: true; grant: TokenGrant } | { ok: false; reason: string };

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

export class TokenStore {
  private readonly grants = new Map<string, TokenGrant>();
  issued = 0;

  /** Mints a JWT-shaped token (its signature is random: only this simulator can check it). */
  mint(expiresInSeconds: number, maxSessionSeconds: number, now = Date.now()): string {
    this.prune(now);
    const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const payload = base64url(
      JSON.stringify({
        sim: true,
        exp: Math.floor(now / 1000) + expiresInSeconds,
        max_session_duration_seconds: maxSessionSeconds,
        jti: randomBytes(8).toString('hex'),
      }),
    );
    const token = `${header}.${payload}.${base64url(randomBytes(24))}`;
    this.grants.set(token, { expiresAtMs: now + expiresInSeconds * 1000, maxSessionSeconds, used: false });
    this.issued++;
    return token;
  }

  has(token: string): boolean {
    return this.grants.has(token);
  }

  /** Checks a token and, if good, marks it used. */
  redeem(token: string, now = Date.now()): TokenCheck {
    const grant = this.grants.get(token);
    if (!grant) return { ok: false, reason: 'Invalid temporary token' };
    if (grant.used) return { ok: false, reason: 'Temporary token already used' };
    if (now >= grant.expiresAtMs) return { ok: false, reason: 'Temporary token expired' };
    grant.used = true;
    return { ok: true, grant };
  }

  /** Drops tokens that expired more than a minute ago (their rejections stop saying "expired"). */
  prune(now = Date.now()): void {
    for (const [token, grant] of this.grants) if (now - grant.expiresAtMs > 60_000) this.grants.delete(token);
  }
}
