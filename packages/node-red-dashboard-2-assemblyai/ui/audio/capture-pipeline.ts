// What the worklet does with every block of capture audio: mix to mono,
// resample to 16 kHz, convert to s16le and cut into fixed frames.
import { Framer, frameSamplesFor } from './framer';
import { levelDbfs } from './level';
import { Resampler, TARGET_RATE } from './resampler';
import { floatToInt16 } from './s16le';

export interface CaptureFrame {
  samples: Int16Array; // exactly frameSamples long, 16 kHz mono
  levelDb: number;
}

/** Averages the channels of one block into a mono block. */
export function mixToMono(channels: readonly Float32Array[]): Float32Array {
  if (channels.length === 0) return new Float32Array(0);
  if (channels.length === 1) return channels[0];
  const length = channels[0].length;
  const out = new Float32Array(length);
  for (const channel of channels) {
    for (let i = 0; i < length; i++) out[i] += channel[i] ?? 0;
  }
  for (let i = 0; i < length; i++) out[i] /= channels.length;
  return out;
}

export class CapturePipeline {
  private readonly resampler: Resampler;
  private readonly framer: Framer;

  constructor(captureRate: number, frameMs: number) {
    this.resampler = new Resampler(captureRate, TARGET_RATE);
    this.framer = new Framer(frameSamplesFor(frameMs, TARGET_RATE));
  }

  get frameSamples(): number {
    return this.framer.frameSamples;
  }

  push(channels: readonly Float32Array[]): CaptureFrame[] {
    const mono = mixToMono(channels);
    const pcm = floatToInt16(this.resampler.process(mono));
    return this.framer.push(pcm).map((samples) => ({ samples, levelDb: levelDbfs(samples) }));
  }
}
