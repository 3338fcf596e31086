// Builds the v3 connection URL: the user's connection parameters in wire form
// plus sample_rate and encoding. The API key never goes here (it travels in the
// Authorization header); only a temporary token may, as `token`.
import type { AudioEncoding } from './messages';

export type WireParamValue = string | number | boolean | string[] | Record<string, unknown>;

/** Parameters the session sets itself; users must not pass them in `params`. */
const RESERVED_PARAMS = new Set(['sample_rate', 'encoding', 'token']);

/**
 * The query-string form of one value: booleans lower-case, numbers as written,
 * arrays and objects as JSON. Returns undefined for a value that was not set.
 */
export function encodeParamValue(name: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`connection parameter ${name} must be a finite number, got ${value}`);
      return String(value);
    case 'string':
      return value;
    case 'object':
      return JSON.stringify(value);
    default:
      throw new TypeError(`connection parameter ${name} has an unsupported type (${typeof value})`);
  }
}

export interface ConnectionUrlInput {
  /** ws:// or wss:// endpoint, possibly with its own query. */
  baseUrl: string;
  params: Record<string, unknown>;
  sampleRate: number;
  encoding: AudioEncoding;
  /** A temporary token (never the API key). */
  token?: string;
}

/** Throws TypeError for a parameter the session reserves or a value it cannot send. */
export function buildConnectionUrl(input: ConnectionUrlInput): string {
  const url = new URL(input.baseUrl);
  const parts: string[] = [];
  if (url.search.length > 1) parts.push(url.search.slice(1));
  for (const name of Object.keys(input.params)) {
    if (RESERVED_PARAMS.has(name)) throw new TypeError(`connection parameter ${name} is set by the session, not in params`);
    const encoded = encodeParamValue(name, input.params[name]);
    if (encoded !== undefined) parts.push(`${encodeURIComponent(name)}=${encodeURIComponent(encoded)}`);
  }
  parts.push(`sample_rate=${input.sampleRate}`, `encoding=${encodeURIComponent(input.encoding)}`);
  if (input.token !== undefined) parts.push(`token=${encodeURIComponent(input.token)}`);
  url.search = `?${parts.join('&')}`;
  return url.toString();
}

/** The URL with any token value hidden, for messages and logs. */
export function redactUrl(text: string): string {
  return text.replace(/([?&]token=)[^&#\s]*/gi, '$1***');
}
