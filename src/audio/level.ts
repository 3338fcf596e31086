// Signal level of 16-bit PCM in dBFS (decibels relative to full scale, where a
// full-scale square wave is 0 dBFS and digital silence is -Infinity).

const FULL_SCALE = 32768;

/** RMS level of the samples in dBFS; -Infinity for silence or no samples. */
export function rmsDbfs(samples: Int16Array): number {
  return dbfsFromSumOfSquares(sumOfSquares(samples), samples.length);
}

/** Peak level of the samples in dBFS; -Infinity for silence or no samples. */
export function peakDbfs(samples: Int16Array): number {
  let peak = 0;
  for (let i = 0; i < samples.length; i++) {
    const magnitude = Math.abs(samples[i]);
    if (magnitude > peak) peak = magnitude;
  }
  return peak === 0 ? -Infinity : 20 * Math.log10(peak / FULL_SCALE);
}

/** Views a Buffer of PCM s16le as samples (copies only when the Buffer is unaligned). */
export function pcm16leSamples(pcm: Buffer): Int16Array {
  const count = Math.floor(pcm.length / 2);
  if (pcm.byteOffset % 2 === 0) return new Int16Array(pcm.buffer, pcm.byteOffset, count);
  const samples = new Int16Array(count);
  for (let i = 0; i < count; i++) samples[i] = pcm.readInt16LE(i * 2);
  return samples;
}

function sumOfSquares(samples: Int16Array): number {
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i] * samples[i];
  return sum;
}

function dbfsFromSumOfSquares(sum: number, count: number): number {
  if (count === 0 || sum === 0) return -Infinity;
  return 20 * Math.log10(Math.sqrt(sum / count) / FULL_SCALE);
}

/**
 * Accumulates the RMS level of consecutive frames so a meter can be read a few
 * times a second, whatever the frame rate.
 */
export class LevelMeter {
  private sum = 0;
  private count = 0;

  add(samples: Int16Array): void {
    this.sum += sumOfSquares(samples);
    this.count += samples.length;
  }

  /** Samples added since the last take(). */
  get pendingSamples(): number {
    return this.count;
  }

  /** RMS level of everything added since the last call, then starts over. */
  take(): number {
    const level = dbfsFromSumOfSquares(this.sum, this.count);
    this.sum = 0;
    this.count = 0;
    return level;
  }
}

/** A short display form: "-23 dBFS", or "silence" for -Infinity. */
export function formatDbfs(level: number): string {
  if (!Number.isFinite(level)) return 'silence';
  return `${Math.round(level)} dBFS`;
}
