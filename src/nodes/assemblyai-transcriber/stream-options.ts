// The transcriber's stream options from its node config: which message property
// names a stream when there is no dashboard client, how many streams at most,
// and when an idle keyed stream is closed.
export interface StreamConfig {
  streamKey?: string;
  maxStreams?: number | string;
}

export const DEFAULT_MAX_STREAMS = 10;

export function readStreamOptions(config: StreamConfig, idleSeconds: number): { keyProperty: string; maxStreams: number; idleMs: number } {
  const keyProperty = typeof config.streamKey === 'string' ? config.streamKey.trim().replace(/^msg\./, '') : '';
  if (keyProperty && !/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(keyProperty)) {
    throw new Error(`Stream key "${config.streamKey}" is not a message property path such as "streamId" or "call.id".`);
  }
  const raw = config.maxStreams === undefined || config.maxStreams === '' ? DEFAULT_MAX_STREAMS : Number(config.maxStreams);
  if (!Number.isInteger(raw) || raw < 1 || raw > 1000) throw new Error(`Max streams must be a whole number from 1 to 1000 (got ${config.maxStreams}).`);
  // The session's own idle policy Terminates after idleSeconds; the stream itself is dropped a little later.
  const idleMs = Math.max(5, Number.isFinite(idleSeconds) ? idleSeconds : 30) * 2000;
  return { keyProperty, maxStreams: raw, idleMs };
}
