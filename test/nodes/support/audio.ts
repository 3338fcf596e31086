// Test audio: tone bursts ("speech" to the simulator's energy VAD) and silence,
// as 16-bit mono PCM, plus mu-law conversion and odd-size chunking.
import { pcm16ToMulaw } from '../../../src/audio/mulaw';

export type Segment = { speechMs: number } | { silenceMs: number };

/** Samples of a 440 Hz tone at about -10 dBFS, well above the VAD's speech level. */
export function tone(ms: number, sampleRate = 16000, amplitude = 10000): Int16Array {
  const count = Math.round((sampleRate * ms) / 1000);
  const samples = new Int16Array(count);
  for (let i = 0; i < count; i++) samples[i] = Math.round(amplitude * Math.sin((2 * Math.PI * 440 * i) / sampleRate));
  return samples;
}

export function silence(ms: number, sampleRate = 16000): Int16Array {
  return new Int16Array(Math.round((sampleRate * ms) / 1000));
}

export function samplesOf(segments: Segment[], sampleRate = 16000): Int16Array {
  const parts = segments.map((s) => ('speechMs' in s ? tone(s.speechMs, sampleRate) : silence(s.silenceMs, sampleRate)));
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Int16Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Little-endian s16 bytes. */
export function pcmBytes(samples: Int16Array): Buffer {
  const out = Buffer.alloc(samples.length * 2);
  for (let i = 0; i < samples.length; i++) out.writeInt16LE(samples[i], i * 2);
  return out;
}

export function mulawBytes(samples: Int16Array): Buffer {
  return pcm16ToMulaw(samples);
}

/** `count` utterances: speech bursts each followed by enough silence to end a turn. */
export function utterances(count: number, speechMs = 1000, silenceMs = 1600): Segment[] {
  const segments: Segment[] = [];
  for (let i = 0; i < count; i++) segments.push({ speechMs }, { silenceMs });
  return segments;
}

/** Cuts bytes into chunks whose sizes cycle through `sizes` (odd sizes split samples and frames). */
export function chunk(bytes: Buffer, sizes: number[]): Buffer[] {
  const chunks: Buffer[] = [];
  let offset = 0;
  let i = 0;
  while (offset < bytes.length) {
    const size = sizes[i++ % sizes.length];
    chunks.push(bytes.subarray(offset, offset + size));
    offset += size;
  }
  return chunks;
}

/** Byte length of `ms` of audio. */
export function bytesFor(ms: number, sampleRate = 16000, bytesPerSample = 2): number {
  return Math.round((sampleRate * ms) / 1000) * bytesPerSample;
}
