// Streaming conversion of the device's capture rate (44.1/48 kHz, or any other)
// to 16 kHz. A short low-pass FIR removes what 16 kHz cannot carry, then each
// output sample is read by linear interpolation at k * inRate / outRate.
// Positions are tracked as integers (index + remainder over outRate) so the
// output never drifts and its length depends only on the total input length,
// never on how the input was split into chunks.

export const TARGET_RATE = 16000;

const FIR_TAPS = 31;

function lowPassKernel(inRate: number, outRate: number): Float32Array {
  const kernel = new Float32Array(FIR_TAPS);
  if (inRate <= outRate) {
    kernel[(FIR_TAPS - 1) / 2] = 1;
    return kernel;
  }
  const cutoff = (0.45 * outRate) / inRate; // cycles per input sample, a little under Nyquist
  const middle = (FIR_TAPS - 1) / 2;
  let sum = 0;
  for (let i = 0; i < FIR_TAPS; i++) {
    const x = i - middle;
    const sinc = x === 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * x) / (Math.PI * x);
    const hann = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (FIR_TAPS - 1));
    kernel[i] = sinc * hann;
    sum += kernel[i];
  }
  for (let i = 0; i < FIR_TAPS; i++) kernel[i] /= sum;
  return kernel;
}

/**
 * Number of 16 kHz samples a Resampler has produced after `inputLength` input
 * samples in total: every k with floor(k * inRate / outRate) + 1 < inputLength.
 */
export function expectedOutputLength(inputLength: number, inRate: number, outRate = TARGET_RATE): number {
  if (inputLength < 2) return 0;
  // largest k with k * inRate < (inputLength - 1) * outRate, plus one for k = 0
  return Math.floor(((inputLength - 1) * outRate - 1) / inRate) + 1;
}

export class Resampler {
  readonly inRate: number;
  readonly outRate: number;
  private readonly kernel: Float32Array;
  private readonly history: Float32Array; // last FIR_TAPS - 1 raw inputs
  private historyFill = 0;
  private previousFiltered = 0; // the filtered sample just before the current chunk
  private consumed = 0; // filtered samples seen before the current chunk
  private produced = 0; // output samples returned so far
  private nextIndex = 0; // integer part of the next output's input position
  private nextRemainder = 0; // fractional part, in units of 1 / outRate

  constructor(inRate: number, outRate = TARGET_RATE) {
    if (!Number.isInteger(inRate) || inRate < 8000 || inRate > 384000) {
      throw new RangeError(`Capture rate ${inRate} Hz is not supported (8000-384000 Hz).`);
    }
    this.inRate = inRate;
    this.outRate = outRate;
    this.kernel = lowPassKernel(inRate, outRate);
    this.history = new Float32Array(FIR_TAPS - 1);
  }

  /** Feeds capture samples (floats in [-1, 1]); returns the 16 kHz samples now available. */
  process(input: Float32Array): Float32Array {
    const filtered = this.filter(input);
    const ready = expectedOutputLength(this.consumed + filtered.length, this.inRate, this.outRate);
    const out = new Float32Array(Math.max(0, ready - this.produced));
    for (let written = 0; written < out.length; written++) {
      const local = this.nextIndex - this.consumed; // -1 means the last sample of the previous chunk
      const a = local < 0 ? this.previousFiltered : filtered[local];
      const b = filtered[local + 1];
      out[written] = a + ((b - a) * this.nextRemainder) / this.outRate;
      this.nextRemainder += this.inRate;
      while (this.nextRemainder >= this.outRate) {
        this.nextRemainder -= this.outRate;
        this.nextIndex++;
      }
    }
    if (filtered.length > 0) this.previousFiltered = filtered[filtered.length - 1];
    this.consumed += filtered.length;
    this.produced += out.length;
    return out;
  }

  private filter(input: Float32Array): Float32Array {
    const taps = this.kernel.length;
    const out = new Float32Array(input.length);
    for (let n = 0; n < input.length; n++) {
      let acc = 0;
      for (let t = 0; t < taps; t++) {
        const back = taps - 1 - t; // how many samples before n
        const idx = n - back;
        let sample: number;
        if (idx >= 0) sample = input[idx];
        else {
          const h = this.historyFill + idx; // idx is negative
          sample = h >= 0 ? this.history[h] : 0;
        }
        acc += this.kernel[t] * sample;
      }
      out[n] = acc;
    }
    this.remember(input);
    return out;
  }

  private remember(input: Float32Array): void {
    const size = this.history.length;
    if (input.length >= size) {
      this.history.set(input.subarray(input.length - size));
      this.historyFill = size;
      return;
    }
    const keep = Math.min(this.historyFill, size - input.length);
    this.history.copyWithin(0, this.historyFill - keep, this.historyFill);
    this.history.set(input, keep);
    this.historyFill = keep + input.length;
  }
}
