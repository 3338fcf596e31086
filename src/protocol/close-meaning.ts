// What a close code, HTTP status or network error means for the user, and
// whether the session should try again (../shared/assemblyai-v3.md §4).

/**
 * - none: fatal; the same request would fail again (auth, account, input).
 * - transient: retry with exponential backoff.
 * - concurrency: retry with a longer backoff (account session limits).
 * - once: a known sporadic glitch; retry once, then treat as fatal.
 * - expired: the session ran out of time; open a new one at once.
 * - normal: the session ended as asked or by the service's own rules.
 */
export type RetryClass = 'none' | 'transient' | 'concurrency' | 'once' | 'expired' | 'normal';

export interface FaultMeaning {
  retry: RetryClass;
  /** What happened and what to do. Never holds a secret. */
  message: string;
}

function withReason(reason: string): string {
  return reason ? ` (server said: "${reason}")` : '';
}

function describePolicyClose(reason: string): FaultMeaning {
  const said = withReason(reason);
  if (/too many concurrent sessions/i.test(reason)) {
    return {
      retry: 'concurrency',
      message: `Too many sessions for this account${said}. Retrying with a longer delay; end unused sessions or ask AssemblyAI for a higher limit.`,
    };
  }
  if (/incorrect padding/i.test(reason)) {
    return { retry: 'once', message: `The service failed to read the credentials${said}. This is sporadic; retrying once.` };
  }
  if (/missing authorization/i.test(reason)) {
    return { retry: 'none', message: `No API key reached the service${said}. Set the API key in the account configuration.` };
  }
  if (/unauthori[sz]ed|not authori[sz]ed|api key|token/i.test(reason)) {
    return {
      retry: 'none',
      message: `AssemblyAI refused the connection${said}. Check the API key (or the token source), the account's balance and whether the account is enabled.`,
    };
  }
  return {
    retry: 'none',
    message: `The service closed the session for a policy violation${said}. Check the account and the connection parameters.`,
  };
}

const LEGACY_CODES: Record<number, FaultMeaning> = {
  4000: { retry: 'none', message: 'The sample rate was rejected. Use a supported sample rate.' },
  4001: { retry: 'none', message: 'Not authorized. Check the API key.' },
  4002: { retry: 'none', message: 'Insufficient funds on the AssemblyAI account. Add funds.' },
  4003: { retry: 'none', message: 'This feature needs a paid AssemblyAI account.' },
  4004: { retry: 'transient', message: 'The service could not find the session. Opening a new one.' },
  4008: { retry: 'expired', message: 'The session reached its maximum duration. Opening a new one.' },
  4010: { retry: 'transient', message: 'The session was already closed. Opening a new one.' },
  4029: { retry: 'none', message: 'Audio was sent faster than the service accepts. Send audio at real-time pace.' },
  4030: { retry: 'transient', message: 'Another connection took over the session. Opening a new one.' },
  4031: { retry: 'normal', message: 'The service closed the session because it was idle too long.' },
  4032: { retry: 'none', message: 'An audio chunk was too short. Chunks must hold 50-1000 ms.' },
  4033: { retry: 'none', message: 'An audio chunk was too long. Chunks must hold 50-1000 ms.' },
  4034: { retry: 'none', message: 'An audio chunk was too small to transcode. Chunks must hold 50-1000 ms.' },
  4100: { retry: 'none', message: 'The service could not parse a message from the client (invalid JSON).' },
  4101: { retry: 'none', message: 'The service rejected a message from the client (invalid schema).' },
  4102: { retry: 'concurrency', message: 'Too many streams for this account. Retrying with a longer delay.' },
  4103: { retry: 'transient', message: 'The session was reconnected elsewhere. Opening a new one.' },
};

/** The meaning of a WebSocket close code and its reason text. */
export function describeClose(code: number, reason: string): FaultMeaning {
  const said = withReason(reason);
  switch (code) {
    case 1000:
      return { retry: 'normal', message: `The session ended normally${said}.` };
    case 1001:
    case 1012:
      return { retry: 'transient', message: `The service is going away or restarting${said}. Reconnecting.` };
    case 1005:
    case 1006:
      return {
        retry: 'transient',
        message: `The connection was lost without a close frame (network loss or server crash)${said}. Reconnecting.`,
      };
    case 1008:
      return describePolicyClose(reason);
    case 1011:
      return { retry: 'transient', message: `The service had an internal error${said}. Reconnecting.` };
    case 1013:
      return { retry: 'transient', message: `The service is temporarily overloaded${said}. Reconnecting after a delay.` };
    case 1002:
    case 1003:
    case 1007:
    case 1009:
    case 1010:
      return { retry: 'none', message: `The service reported a WebSocket protocol error ${code}${said}. This is a bug; please report it.` };
    case 3005:
      return { retry: 'transient', message: `The service cancelled the session after a server-side error${said}. Reconnecting.` };
    case 3006:
      return {
        retry: 'none',
        message: `The service rejected the input${said}. Check the connection parameters and configuration updates.`,
      };
    case 3007:
      return {
        retry: 'none',
        message: `The service rejected the audio's chunk size or rate${said}. Chunks must hold 50-1000 ms and audio must not be sent faster than real time.`,
      };
    case 3008:
      return { retry: 'expired', message: `The session reached its maximum duration${said}. Opening a new one.` };
    case 3009:
      return describePolicyClose(reason || 'Too many concurrent sessions');
  }
  const legacy = LEGACY_CODES[code];
  if (legacy) return { retry: legacy.retry, message: `${legacy.message}${said}` };
  if (code >= 4000 && code < 5000) return { retry: 'none', message: `The service closed the session with code ${code}${said}.` };
  return { retry: 'transient', message: `The connection closed with code ${code}${said}. Reconnecting.` };
}

/** The meaning of an HTTP status that refused the WebSocket upgrade. */
export function describeHttpStatus(status: number): FaultMeaning {
  if (status === 401 || status === 403) {
    return { retry: 'none', message: `AssemblyAI refused the credentials (HTTP ${status}). Check the API key (or the token source).` };
  }
  if (status === 404) return { retry: 'none', message: 'The endpoint was not found (HTTP 404). Check the URL or region.' };
  if (status === 429) {
    return { retry: 'concurrency', message: 'Too many sessions or requests (HTTP 429). Retrying with a longer delay.' };
  }
  if (status === 408 || status >= 500) return { retry: 'transient', message: `The service answered HTTP ${status}. Reconnecting.` };
  if (status >= 400) {
    return { retry: 'none', message: `The service refused the connection (HTTP ${status}). Check the URL and the connection parameters.` };
  }
  return { retry: 'transient', message: `The service answered HTTP ${status} instead of a WebSocket upgrade. Reconnecting.` };
}

const TLS_TRUST_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** The meaning of a socket-level error (`code` as Node sets it, e.g. ECONNREFUSED). */
export function describeNetworkError(code: string | undefined, detail: string): FaultMeaning {
  if (code && TLS_TRUST_CODES.has(code)) {
    return {
      retry: 'none',
      message: `The server's TLS certificate is not trusted (${code}). For a self-signed certificate, such as the simulator's, pass its CA.`,
    };
  }
  switch (code) {
    case 'ECONNREFUSED':
      return {
        retry: 'transient',
        message: 'Nothing accepted the connection (ECONNREFUSED): the server is down or the URL/port is wrong. Retrying.',
      };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { retry: 'transient', message: `The host name could not be resolved (${code}): no network or a wrong URL. Retrying.` };
    case 'EPROTO':
      return { retry: 'none', message: 'The TLS handshake failed (EPROTO): is the URL wss:// for a server that speaks plain ws://?' };
    case undefined:
      return { retry: 'transient', message: `The connection failed: ${detail}. Retrying.` };
    default:
      return { retry: 'transient', message: `The network connection failed (${code}). Retrying.` };
  }
}
