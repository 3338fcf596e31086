// Where the account connects: the service's regions or a custom ws(s) URL,
// and the matching temporary-token URL. Pure.

export type Region = 'edge' | 'us' | 'eu' | 'custom';

export const REGION_URLS: Readonly<Record<Exclude<Region, 'custom'>, string>> = {
  edge: 'wss://streaming.assemblyai.com/v3/ws',
  us: 'wss://streaming.us.assemblyai.com/v3/ws',
  eu: 'wss://streaming.eu.assemblyai.com/v3/ws',
};

export const REGIONS: readonly Region[] = ['edge', 'us', 'eu', 'custom'];

export type EndpointResult = { ok: true; url: string; secure: boolean } | { ok: false; message: string };

/** Checks a custom endpoint: ws:// or wss://, a host, no credentials or token in it. */
export function validateCustomUrl(raw: unknown): EndpointResult {
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (text === '') return { ok: false, message: 'a custom endpoint needs a ws:// or wss:// URL' };
  const unresolved = /^\$\{([^}]*)\}$/.exec(text);
  if (unresolved) {
    return { ok: false, message: `the custom endpoint reads environment variable ${unresolved[1]}, which is not set for Node-RED` };
  }
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return { ok: false, message: 'the custom endpoint is not a valid URL' };
  }
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
    return { ok: false, message: 'the custom endpoint must start with ws:// or wss://' };
  }
  if (parsed.hostname === '') return { ok: false, message: 'the custom endpoint has no host' };
  if (parsed.username !== '' || parsed.password !== '') {
    return { ok: false, message: 'the custom endpoint must not hold credentials; put the key in the API key field' };
  }
  if (parsed.searchParams.has('token')) {
    return { ok: false, message: 'the custom endpoint must not hold a token; use the temporary token option' };
  }
  if (parsed.hash !== '') return { ok: false, message: 'the custom endpoint must not have a #fragment' };
  return { ok: true, url: parsed.toString(), secure: parsed.protocol === 'wss:' };
}

export function resolveEndpoint(region: unknown, customUrl: unknown): EndpointResult {
  // Blank (a flow written by hand) is the default region, as the editor shows it.
  const blank = region === undefined || region === null || (typeof region === 'string' && region.trim() === '');
  const chosen = blank ? 'edge' : region;
  if (chosen === 'custom') return validateCustomUrl(customUrl);
  if (chosen === 'edge' || chosen === 'us' || chosen === 'eu') {
    return { ok: true, url: REGION_URLS[chosen], secure: true };
  }
  return { ok: false, message: `unknown region "${String(region)}": use edge, us, eu or custom` };
}

/**
 * The temporary-token endpoint beside a streaming endpoint: wss -> https, ws -> http,
 * and a path ending in /ws becomes /token (/v3/ws -> /v3/token); any other path
 * gets /v3/token at the host's root.
 */
export function tokenUrlFor(streamingUrl: string): URL {
  const url = new URL(streamingUrl);
  const protocol = url.protocol === 'wss:' ? 'https:' : url.protocol === 'ws:' ? 'http:' : url.protocol;
  const path = /\/ws\/?$/.test(url.pathname) ? url.pathname.replace(/\/ws\/?$/, '/token') : '/v3/token';
  const token = new URL(`${protocol}//${url.host}${path}`);
  return token;
}
