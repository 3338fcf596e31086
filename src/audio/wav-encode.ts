// Builds RIFF/WAVE files for mono 16-bit PCM or 8-bit mu-law audio.
import type { AudioEncoding } from '../protocol/messages';

const WAVE_FORMAT_PCM = 1;
const WAVE_FORMAT_MULAW = 7;

export interface WavFormat {
  sampleRate: number;
  encoding: AudioEncoding;
  channels?: number;
}

/** A 44-byte canonical header for `dataBytes` bytes of audio. */
export function wavHeader(dataBytes: number, format: WavFormat): Buffer {
  const channels = format.channels ?? 1;
  const bitsPerSample = format.encoding === 'pcm_mulaw' ? 8 : 16;
  const blockAlign = (channels * bitsPerSample) / 8;
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + dataBytes, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(format.encoding === 'pcm_mulaw' ? WAVE_FORMAT_MULAW : WAVE_FORMAT_PCM, 20);
  header.writeUInt16LE(channels, 22);
  header.writeUInt32LE(format.sampleRate, 24);
  header.writeUInt32LE(format.sampleRate * blockAlign, 28);
  header.writeUInt16LE(blockAlign, 32);
  header.writeUInt16LE(bitsPerSample, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(dataBytes, 40);
  return header;
}

/** A whole WAV file holding `data` (already in the given encoding). */
export function encodeWav(data: Buffer, format: WavFormat): Buffer {
  return Buffer.concat([wavHeader(data.length, format), data]);
}
