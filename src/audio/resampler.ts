// Streaming sample-rate conversion good enough for voice detection (not for
// listening): down by averaging the input samples that fall in each output
// sample's span (a box filter, which also keeps aliasing low), up by linear
// interpolation. State carries across chunks, so chunk sizes do not matter.
export class Resampler {
  private readonly step: number;
  /** Downsampling: the running sum and weight of the output sample being built, and where its span ends. */
  private sum = 0;
  private weight = 0;
  private spanEnd: number;
  /** Input position (in input samples) of the first sample of the next chunk. */
  private inputPos = 0;
  /** Upsampling: the next output time (in input samples) and the last input sample. */
  private nextOut = 0;
  private last = 0;
  private haveLast = false;

  constructor(
    readonly fromRate: number,
    readonly toRate: number,
  ) {
    this.step = fromRate / toRate;
    this.spanEnd = this.step;
  }

  process(input: Float32Array): Float32Array {
    if (this.fromRate === this.toRate) return input;
    return this.step > 1 ? this.down(input) : this.up(input);
  }

  private down(input: Float32Array): Float32Array {
    const out = new Float32Array(Math.ceil(input.length / this.step) + 1);
    let n = 0;
    for (let i = 0; i < input.length; i++) {
      const start = this.inputPos + i;
      const end = start + 1;
      if (end <= this.spanEnd) {
        this.sum += input[i];
        this.weight += 1;
        continue;
      }
      // The sample straddles the span's end: split it between this output and the next.
      const before = this.spanEnd - start;
      this.sum += input[i] * before;
      this.weight += before;
      out[n++] = this.sum / this.weight;
      this.sum = input[i] * (1 - before);
      this.weight = 1 - before;
      this.spanEnd += this.step;
    }
    this.inputPos += input.length;
    return out.subarray(0, n);
  }

  private up(input: Float32Array): Float32Array {
    const out = new Float32Array(Math.ceil((input.length + 1) / this.step) + 1);
    let n = 0;
    for (let i = 0; i < input.length; i++) {
      const pos = this.inputPos + i;
      const previous = this.haveLast ? this.last : input[i];
      // Output times in (pos - 1, pos] fall between the previous sample and this one.
      while (this.nextOut <= pos) {
        const frac = this.nextOut - (pos - 1);
        out[n++] = previous + (input[i] - previous) * Math.min(1, Math.max(0, frac));
        this.nextOut += this.step;
      }
      this.last = input[i];
      this.haveLast = true;
    }
    this.inputPos += input.length;
    return out.subarray(0, n);
  }
}
