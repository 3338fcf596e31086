// Energy-based speech detection: splits audio into short windows and rates each
// window's loudness as a speech probability (0 at -60 dBFS or below, 1 at -20 dBFS
// or above, linear in between). Pure and allocation-free per window.
import type { AudioEncoding } from '../protocol/messages';
import { mulawDecodeSample } from './mulaw';

export const VAD_FLOOR_DBFS = -60;
export const VAD_CEILING_DBFS = -20;

/** Maps a window's mean square (of 16-bit samples) to a 0-1 speech probability. */
export function speechProbability(meanSquare: number): number {
  if (meanSquare <= 0) return 0;
  const dbfs = 10 * Math.log10(meanSquare / (32768 * 32768));
  const p = (dbfs - VAD_FLOOR_DBFS) / (VAD_CEILING_DBFS - VAD_FLOOR_DBFS);
  return p <= 0 ? 0 : p >= 1 ? 1 : p;
}

/** Called once per complete window with its probability and the stream time (ms) at the window's end. */
export type WindowListener = (probability: number, endMs: number) => void;

export class EnergyVad {
  readonly windowSamples: number;
  readonly windowMs: number;
  private readonly bytesPerSample: number;
  private sumSquares = 0;
  private countInWindow = 0;
  private samplesSeen = 0;
  /** A trailing odd byte of s16le audio, waiting for its partner in the next frame. */
  private pendingByte = -1;

  constructor(
    readonly sampleRate: number,
    readonly encoding: AudioEncoding,
    windowMs = 10,
  ) {
    this.windowSamples = Math.max(1, Math.round((sampleRate * windowMs) / 1000));
    this.windowMs = (this.windowSamples * 1000) / sampleRate;
    this.bytesPerSample = encoding === 'pcm_mulaw' ? 1 : 2;
  }

  /** Stream time in ms of all samples fed so far. */
  get streamMs(): number {
    return (this.samplesSeen * 1000) / this.sampleRate;
  }

  /** Feeds one frame of audio in the configured encoding. */
  process(frame: Uint8Array, onWindow: WindowListener): void {
    if (this.bytesPerSample === 1) {
      for (let i = 0; i < frame.length; i++) this.add(mulawDecodeSample(frame[i]), onWindow);
      return;
    }
    let i = 0;
    if (this.pendingByte >= 0 && frame.length > 0) {
      const v = this.pendingByte | (frame[0] << 8);
      this.add(v >= 0x8000 ? v - 0x10000 : v, onWindow);
      this.pendingByte = -1;
      i = 1;
    }
    const end = frame.length - ((frame.length - i) & 1);
    for (; i < end; i += 2) {
      const v = frame[i] | (frame[i + 1] << 8);
      this.add(v >= 0x8000 ? v - 0x10000 : v, onWindow);
    }
    if (end < frame.length) this.pendingByte = frame[end];
  }

  private add(sample: number, onWindow: WindowListener): void {
    this.sumSquares += sample * sample;
    this.samplesSeen++;
    if (++this.countInWindow < this.windowSamples) return;
    const p = speechProbability(this.sumSquares / this.countInWindow);
    this.sumSquares = 0;
    this.countInWindow = 0;
    onWindow(p, (this.samplesSeen * 1000) / this.sampleRate);
  }
}

/** The sample count of `bytes` of audio in an encoding. */
export function sampleCount(bytes: number, encoding: AudioEncoding): number {
  return encoding === 'pcm_mulaw' ? bytes : bytes / 2;
}
