// Mints a one-use temporary streaming token from the API key
// (GET <token url>?expires_in_seconds=N, header Authorization: <key>).
// The key travels only in that header; errors never quote it.
import http from 'node:http';
import https from 'node:https';
import { tokenUrlFor } from './endpoint';

export interface TemporaryTokenRequest {
  /** The streaming endpoint (wss://…/v3/ws); the token URL is derived from it. */
  streamingUrl: string;
  apiKey: string;
  /** 1-600: how long the token may wait before it is used. */
  expiresInSeconds: number;
  /** 60-10800: caps the session opened with the token. Omitted = service default (3 h). */
  maxSessionDurationSeconds?: number;
  tls?: { ca?: string | Buffer; rejectUnauthorized?: boolean };
  /** Bound on the whole request. Default 10000 ms. */
  timeoutMs?: number;
}

export class TemporaryTokenError extends Error {
  constructor(
    message: string,
    /** HTTP status, when the service answered. */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'TemporaryTokenError';
  }
}

const MAX_BODY_BYTES = 64 * 1024;

export function mintTemporaryToken(request: TemporaryTokenRequest): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let url: URL;
    try {
      url = tokenUrlFor(request.streamingUrl);
    } catch {
      reject(new TemporaryTokenError('temporary token: the streaming URL is not valid'));
      return;
    }
    url.searchParams.set('expires_in_seconds', String(request.expiresInSeconds));
    if (request.maxSessionDurationSeconds !== undefined) {
      url.searchParams.set('max_session_duration_seconds', String(request.maxSessionDurationSeconds));
    }
    const secure = url.protocol === 'https:';
    const options: https.RequestOptions = {
      method: 'GET',
      headers: { Authorization: request.apiKey, Accept: 'application/json' },
      timeout: request.timeoutMs ?? 10000,
    };
    if (secure && request.tls) {
      if (request.tls.ca !== undefined) options.ca = request.tls.ca;
      if (request.tls.rejectUnauthorized !== undefined) options.rejectUnauthorized = request.tls.rejectUnauthorized;
    }
    let settled = false;
    const fail = (error: TemporaryTokenError) => {
      if (settled) return;
      settled = true;
      reject(error);
    };
    const where = `${url.protocol}//${url.host}${url.pathname}`;
    const req = (secure ? https : http).request(url, options, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('error', () => fail(new TemporaryTokenError(`temporary token: the response from ${where} broke off`)));
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
          fail(new TemporaryTokenError(`temporary token: the response from ${where} is too large`, res.statusCode));
          req.destroy();
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => {
        if (settled) return;
        const status = res.statusCode ?? 0;
        let body: unknown;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          body = undefined;
        }
        const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
        if (status !== 200) {
          const detail = typeof record.error === 'string' ? `: ${record.error.slice(0, 200)}` : '';
          const hint = status === 401 || status === 403 ? ' (check the API key)' : '';
          fail(new TemporaryTokenError(`temporary token: ${where} answered HTTP ${status}${detail}${hint}`, status));
          return;
        }
        if (typeof record.token !== 'string' || record.token === '') {
          fail(new TemporaryTokenError(`temporary token: ${where} answered without a token`, status));
          return;
        }
        settled = true;
        resolve(record.token);
      });
    });
    req.on('timeout', () => {
      fail(new TemporaryTokenError(`temporary token: no answer from ${where} in time`));
      req.destroy();
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      fail(new TemporaryTokenError(`temporary token: request to ${where} failed (${error.code ?? error.message})`));
    });
    req.end();
  });
}
