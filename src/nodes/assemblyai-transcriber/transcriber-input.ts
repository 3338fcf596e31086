// Sorts a message arriving at the transcriber into what it asks for: a control
// action, a whole WAV file, a chunk of audio, or something it cannot take (with
// a message that says why and what to send instead, from the locale file
// through `t`). Pure.
import { AUDIO_ENCODINGS, type AudioEncoding } from '../../protocol/messages';
import type { AudioFormat } from '../../session/types';
import type { Translate } from '../kit';

export const TRANSCRIBER_ACTIONS = ['start', 'stop', 'forceEndpoint', 'configure', 'keepAlive', 'mute', 'unmute'] as const;
export type TranscriberAction = (typeof TRANSCRIBER_ACTIONS)[number];

export type TranscriberInput =
  | { kind: 'action'; action: Exclude<TranscriberAction, 'configure'> }
  | { kind: 'configure'; fields: unknown }
  | { kind: 'wav'; wav: Buffer }
  | { kind: 'audio'; audio: Buffer; format?: Partial<AudioFormat> }
  | { kind: 'empty' }
  | { kind: 'invalid'; message: string };

const ACTION_BY_LOWERCASE = new Map<string, TranscriberAction>(TRANSCRIBER_ACTIONS.map((a) => [a.toLowerCase(), a]));

/** What a value is, in words: "an array", "a Float32Array", "a string". */
function describe(value: unknown, t: Translate): string {
  if (value === null) return t('assemblyai-transcriber.errors.kind.null');
  if (Array.isArray(value)) return t('assemblyai-transcriber.errors.kind.array');
  if (ArrayBuffer.isView(value)) return t('assemblyai-transcriber.errors.kind.typed', { name: value.constructor.name });
  if (value instanceof ArrayBuffer) return t('assemblyai-transcriber.errors.kind.arrayBuffer');
  if (value === undefined) return t('assemblyai-transcriber.errors.kind.undefined');
  if (typeof value === 'object') return t('assemblyai-transcriber.errors.kind.object');
  return t('assemblyai-transcriber.errors.kind.primitive', { type: typeof value });
}

/** A RIFF/WAVE header at the start of the buffer. */
export function looksLikeWav(bytes: Buffer): boolean {
  return bytes.length >= 12 && bytes.toString('ascii', 0, 4) === 'RIFF' && bytes.toString('ascii', 8, 12) === 'WAVE';
}

/** msg.audio: optional; when present its fields must describe mono PCM the service takes. */
export function readAudioFormat(raw: unknown, t: Translate): { ok: true; format?: Partial<AudioFormat> } | { ok: false; message: string } {
  if (raw === undefined || raw === null) return { ok: true };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, message: t('assemblyai-transcriber.errors.audioNotObject', { kind: describe(raw, t) }) };
  }
  const audio = raw as Record<string, unknown>;
  const format: Partial<AudioFormat> = {};
  if (audio.sampleRate !== undefined) {
    if (typeof audio.sampleRate !== 'number' || !Number.isInteger(audio.sampleRate) || audio.sampleRate <= 0) {
      return { ok: false, message: t('assemblyai-transcriber.errors.sampleRate') };
    }
    format.sampleRate = audio.sampleRate;
  }
  if (audio.encoding !== undefined) {
    if (!AUDIO_ENCODINGS.includes(audio.encoding as AudioEncoding)) {
      const allowed = AUDIO_ENCODINGS.join(t('assemblyai-transcriber.errors.or'));
      return { ok: false, message: t('assemblyai-transcriber.errors.encoding', { allowed, value: JSON.stringify(audio.encoding) }) };
    }
    format.encoding = audio.encoding as AudioEncoding;
  }
  if (audio.channels !== undefined && audio.channels !== 1) {
    return { ok: false, message: t('assemblyai-transcriber.errors.channels', { value: JSON.stringify(audio.channels) }) };
  }
  return { ok: true, format: Object.keys(format).length > 0 ? format : undefined };
}

export function classifyInput(msg: { action?: unknown; payload?: unknown; audio?: unknown }, t: Translate): TranscriberInput {
  if (msg.action !== undefined) {
    const name = typeof msg.action === 'string' ? ACTION_BY_LOWERCASE.get(msg.action.trim().toLowerCase()) : undefined;
    if (!name) {
      const shown = typeof msg.action === 'string' ? JSON.stringify(msg.action.slice(0, 40)) : describe(msg.action, t);
      return {
        kind: 'invalid',
        message: t('assemblyai-transcriber.errors.unknownAction', { shown, actions: TRANSCRIBER_ACTIONS.join(', ') }),
      };
    }
    if (name === 'configure') return { kind: 'configure', fields: msg.payload };
    return { kind: 'action', action: name };
  }

  const payload = msg.payload;
  let bytes: Buffer;
  let implied: Partial<AudioFormat> | undefined;
  if (Buffer.isBuffer(payload)) bytes = payload;
  else if (payload instanceof Uint8Array) bytes = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  else if (payload instanceof Int16Array) {
    // 16-bit samples in the machine's order; every platform Node-RED runs on is little-endian.
    bytes = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
    implied = { encoding: 'pcm_s16le' };
  } else {
    const key = typeof payload === 'string' ? 'assemblyai-transcriber.errors.payloadString' : 'assemblyai-transcriber.errors.payload';
    return { kind: 'invalid', message: t(key, { kind: describe(payload, t) }) };
  }

  const audioFormat = readAudioFormat(msg.audio, t);
  if (!audioFormat.ok) return { kind: 'invalid', message: audioFormat.message };
  if (implied && audioFormat.format?.encoding && audioFormat.format.encoding !== implied.encoding) {
    return { kind: 'invalid', message: t('assemblyai-transcriber.errors.int16Mulaw') };
  }
  if (bytes.length === 0) return { kind: 'empty' };
  if (looksLikeWav(bytes)) return { kind: 'wav', wav: bytes };
  const format = implied || audioFormat.format ? { ...implied, ...audioFormat.format } : undefined;
  return format ? { kind: 'audio', audio: bytes, format } : { kind: 'audio', audio: bytes };
}
