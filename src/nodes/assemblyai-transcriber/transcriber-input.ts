// Sorts a message arriving at the transcriber into what it asks for: a control
// action, a whole WAV file, a chunk of audio, or something it cannot take (with
// a message that says why and what to send instead). Pure.
import { AUDIO_ENCODINGS, type AudioEncoding } from '../../protocol/messages';
import type { AudioFormat } from '../../session/types';

export const TRANSCRIBER_ACTIONS = ['start', 'stop', 'forceEndpoint', 'configure', 'keepAlive'] as const;
export type TranscriberAction = (typeof TRANSCRIBER_ACTIONS)[number];

export type TranscriberInput =
  | { kind: 'action'; action: Exclude<TranscriberAction, 'configure'> }
  | { kind: 'configure'; fields: unknown }
  | { kind: 'wav'; wav: Buffer }
  | { kind: 'audio'; audio: Buffer; format?: Partial<AudioFormat> }
  | { kind: 'empty' }
  | { kind: 'invalid'; message: string };

const ACTION_BY_LOWERCASE = new Map<string, TranscriberAction>(TRANSCRIBER_ACTIONS.map((a) => [a.toLowerCase(), a]));

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  if (value instanceof ArrayBuffer) return 'an ArrayBuffer';
  if (value === undefined) return 'undefined';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** A RIFF/WAVE header at the start of the buffer. */
export function looksLikeWav(bytes: Buffer): boolean {
  return bytes.length >= 12 && bytes.toString('ascii', 0, 4) === 'RIFF' && bytes.toString('ascii', 8, 12) === 'WAVE';
}

/** msg.audio: optional; when present its fields must describe mono PCM the service takes. */
export function readAudioFormat(raw: unknown): { ok: true; format?: Partial<AudioFormat> } | { ok: false; message: string } {
  if (raw === undefined || raw === null) return { ok: true };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, message: `msg.audio must be an object like {sampleRate: 16000, encoding: "pcm_s16le", channels: 1}, not ${describe(raw)}` };
  }
  const audio = raw as Record<string, unknown>;
  const format: Partial<AudioFormat> = {};
  if (audio.sampleRate !== undefined) {
    if (typeof audio.sampleRate !== 'number' || !Number.isInteger(audio.sampleRate) || audio.sampleRate <= 0) {
      return { ok: false, message: 'msg.audio.sampleRate must be a whole number of Hz, e.g. 16000' };
    }
    format.sampleRate = audio.sampleRate;
  }
  if (audio.encoding !== undefined) {
    if (!AUDIO_ENCODINGS.includes(audio.encoding as AudioEncoding)) {
      return { ok: false, message: `msg.audio.encoding must be ${AUDIO_ENCODINGS.join(' or ')}, not ${JSON.stringify(audio.encoding)}` };
    }
    format.encoding = audio.encoding as AudioEncoding;
  }
  if (audio.channels !== undefined && audio.channels !== 1) {
    return { ok: false, message: `msg.audio.channels is ${JSON.stringify(audio.channels)}: the service takes mono audio only (channels: 1)` };
  }
  return { ok: true, format: Object.keys(format).length > 0 ? format : undefined };
}

export function classifyInput(msg: { action?: unknown; payload?: unknown; audio?: unknown }): TranscriberInput {
  if (msg.action !== undefined) {
    const name = typeof msg.action === 'string' ? ACTION_BY_LOWERCASE.get(msg.action.trim().toLowerCase()) : undefined;
    if (!name) {
      const shown = typeof msg.action === 'string' ? JSON.stringify(msg.action.slice(0, 40)) : describe(msg.action);
      return { kind: 'invalid', message: `unknown msg.action ${shown}: use one of ${TRANSCRIBER_ACTIONS.join(', ')}` };
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
    const hint =
      typeof payload === 'string'
        ? ' (to transcribe a file, read it with a file-in node set to output "a single Buffer object")'
        : '';
    return {
      kind: 'invalid',
      message: `msg.payload must be audio in a Buffer (PCM or a WAV file), a Uint8Array or an Int16Array, not ${describe(payload)}${hint}`,
    };
  }

  const audioFormat = readAudioFormat(msg.audio);
  if (!audioFormat.ok) return { kind: 'invalid', message: audioFormat.message };
  if (implied && audioFormat.format?.encoding && audioFormat.format.encoding !== implied.encoding) {
    return { kind: 'invalid', message: 'an Int16Array payload holds 16-bit samples, but msg.audio.encoding says pcm_mulaw; send mu-law bytes in a Buffer' };
  }
  if (bytes.length === 0) return { kind: 'empty' };
  if (looksLikeWav(bytes)) return { kind: 'wav', wav: bytes };
  const format = implied || audioFormat.format ? { ...implied, ...audioFormat.format } : undefined;
  return format ? { kind: 'audio', audio: bytes, format } : { kind: 'audio', audio: bytes };
}
