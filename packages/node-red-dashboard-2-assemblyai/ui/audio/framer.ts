// Cuts a stream of 16 kHz samples into frames of one fixed length (50-100 ms),
// the unit the browser sends over the dashboard's socket.

export const MIN_FRAME_MS = 50;
export const MAX_FRAME_MS = 100;

export function frameSamplesFor(frameMs: number, sampleRate: number): number {
  if (!Number.isFinite(frameMs) || frameMs < MIN_FRAME_MS || frameMs > MAX_FRAME_MS) {
    throw new RangeError(`Frame length ${frameMs} ms is outside ${MIN_FRAME_MS}-${MAX_FRAME_MS} ms.`);
  }
  return Math.round((frameMs * sampleRate) / 1000);
}

export class Framer {
  readonly frameSamples: number;
  private pending: Int16Array;
  private fill = 0;

  constructor(frameSamples: number) {
    if (!Number.isInteger(frameSamples) || frameSamples <= 0) throw new RangeError('Frame size must be a positive integer.');
    this.frameSamples = frameSamples;
    this.pending = new Int16Array(frameSamples);
  }

  /** Samples held back until a frame is full. */
  get buffered(): number {
    return this.fill;
  }

  /** Adds samples; returns every frame completed by them, each exactly frameSamples long. */
  push(samples: Int16Array): Int16Array[] {
    const frames: Int16Array[] = [];
    let offset = 0;
    while (offset < samples.length) {
      const take = Math.min(this.frameSamples - this.fill, samples.length - offset);
      this.pending.set(samples.subarray(offset, offset + take), this.fill);
      this.fill += take;
      offset += take;
      if (this.fill === this.frameSamples) {
        frames.push(this.pending);
        this.pending = new Int16Array(this.frameSamples);
        this.fill = 0;
      }
    }
    return frames;
  }

  /** The held-back part (shorter than a frame), for the end of a stream; empties the framer. */
  flush(): Int16Array {
    const rest = this.pending.slice(0, this.fill);
    this.fill = 0;
    return rest;
  }
}
