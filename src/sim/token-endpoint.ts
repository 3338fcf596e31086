// GET /v3/token?expires_in_seconds=N[&max_session_duration_seconds=M] (../shared/assemblyai-v3.md §1.3).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KeyChecker } from './auth';
import type { TokenStore } from './tokens';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function intInRange(text: string | null, min: number, max: number): number | null {
  if (text === null || !/^\d+$/.test(text)) return null;
  const n = Number(text);
  return n >= min && n <= max ? n : null;
}

export function handleTokenRequest(
  req: IncomingMessage,
  res: ServerResponse,
  query: URLSearchParams,
  keys: KeyChecker,
  tokens: TokenStore,
): void {
  if (req.method !== 'GET') {
    sendJson(res, 405, { error: 'Method Not Allowed' }, { Allow: 'GET' });
    return;
  }
  const authorization = req.headers.authorization;
  if (authorization === undefined || authorization === '') {
    sendJson(res, 401, { error: 'Missing Authorization header', code: 'unauthorized' });
    return;
  }
  if (!keys.accepts(authorization)) {
    sendJson(res, 401, { error: 'Invalid API key', code: 'unauthorized' });
    return;
  }
  const expiresText = query.get('expires_in_seconds');
  const expiresIn = intInRange(expiresText, 1, 600);
  if (expiresIn === null) {
    const error = expiresText === null ? 'expires_in_seconds is required' : 'expires_in_seconds must be an integer between 1 and 600';
    sendJson(res, 400, { error, code: 'invalid_request', details: { parameter: 'expires_in_seconds' } });
    return;
  }
  const maxText = query.get('max_session_duration_seconds');
  const maxSession = maxText === null ? 10800 : intInRange(maxText, 60, 10800);
  if (maxSession === null) {
    sendJson(res, 400, {
      error: 'max_session_duration_seconds must be an integer between 60 and 10800',
      code: 'invalid_request',
      details: { parameter: 'max_session_duration_seconds' },
    });
    return;
  }
  sendJson(res, 200, { token: tokens.mint(expiresIn, maxSession), expires_in_seconds: expiresIn });
}
