// The transcriber's stream options from its node config: which message property
// names a stream when there is no dashboard client, how many streams at most,
// and when an idle keyed stream is closed. The fields' rules and defaults are
// the editor's own (src/config/node-fields.ts), so both accept the same values.
import { acceptsFieldValue, type FieldRule } from '../../config/field-rules';
import { TRANSCRIBER_DEFAULTS, TRANSCRIBER_FIELDS, TRANSCRIBER_RANGES } from '../../config/node-fields';
import type { Translate } from '../kit';

export interface StreamConfig {
  streamKey?: unknown;
  maxStreams?: unknown;
}

export const DEFAULT_MAX_STREAMS = TRANSCRIBER_DEFAULTS.maxStreams;

const isBlank = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

export function readStreamOptions(
  config: StreamConfig,
  idleSeconds: number,
  translate: Translate,
): { keyProperty: string; maxStreams: number; idleMs: number } {
  if (!acceptsFieldValue(TRANSCRIBER_FIELDS.streamKey.rule as FieldRule, config.streamKey)) {
    throw new Error(translate('assemblyai-transcriber.errors.streamKey', { value: String(config.streamKey) }));
  }
  const keyProperty = isBlank(config.streamKey)
    ? ''
    : String(config.streamKey)
        .trim()
        .replace(/^msg\./, '');
  if (!acceptsFieldValue(TRANSCRIBER_FIELDS.maxStreams.rule as FieldRule, config.maxStreams)) {
    const { min, max } = TRANSCRIBER_RANGES.maxStreams;
    throw new Error(translate('assemblyai-transcriber.errors.maxStreams', { min, max, value: String(config.maxStreams) }));
  }
  const maxStreams = isBlank(config.maxStreams)
    ? DEFAULT_MAX_STREAMS
    : Number(typeof config.maxStreams === 'string' ? config.maxStreams.trim() : config.maxStreams);
  // The session's own idle policy Terminates after idleSeconds; the stream itself is dropped a little later.
  const idleMs = Math.max(5, Number.isFinite(idleSeconds) ? idleSeconds : 30) * 2000;
  return { keyProperty, maxStreams, idleMs };
}
