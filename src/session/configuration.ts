// Checks what callers pass mid-stream: a configuration update (only fields
// the service lets change, with sendable values) and the format given with a
// write (it must be the session's).
import { encodeParamValue } from '../protocol/url';
import { checkEncoding } from './options';
import { StreamingError, type AudioFormat } from './types';
import { describeFormat } from './wav-input';

const FIXED_FIELDS = new Set(['type', 'sample_rate', 'encoding', 'token', 'speech_model']);

/** The fields to send as UpdateConfiguration, or undefined when there are none. Throws StreamingError. */
export function checkConfigurationUpdate(fields: Record<string, unknown>): Record<string, unknown> | undefined {
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
    throw new StreamingError('Configuration updates must be an object of fields.');
  }
  const update: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (FIXED_FIELDS.has(name)) throw new StreamingError(`${name} cannot be changed during a session.`);
    try {
      encodeParamValue(name, value);
    } catch (error) {
      throw new StreamingError((error as Error).message);
    }
    update[name] = value;
  }
  return Object.keys(update).length === 0 ? undefined : update;
}

/** Throws StreamingError when audio written with `format` would not be the session's `own` format. */
export function checkWriteFormat(format: Partial<AudioFormat>, own: AudioFormat): void {
  const channels = (format as { channels?: unknown }).channels;
  if (channels !== undefined && channels !== 1) {
    throw new StreamingError(
      `Audio has ${typeof channels === 'number' || typeof channels === 'string' ? String(channels) : JSON.stringify(channels)} channels; only mono audio can be transcribed.`,
    );
  }
  const rateDiffers = format.sampleRate !== undefined && format.sampleRate !== own.sampleRate;
  const encodingDiffers = format.encoding !== undefined && format.encoding !== own.encoding;
  if (rateDiffers || encodingDiffers) {
    if (format.encoding !== undefined) checkEncoding(format.encoding);
    throw new StreamingError(
      `Audio is ${describeFormat({ ...own, ...format })} but the session streams ${describeFormat(own)}. ` +
        'Configure the transcriber for this format, or convert the audio.',
    );
  }
}
