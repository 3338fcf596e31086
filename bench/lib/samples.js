'use strict';
// A bounded store of numeric samples (milliseconds) with percentiles.
// Past its capacity it keeps a uniform reservoir, so memory stays bounded
// and the percentiles stay unbiased.

class Samples {
  constructor(capacity = 1_000_000) {
    this.values = new Float64Array(capacity);
    this.count = 0;
    this.seen = 0;
    this.max = -Infinity;
    this.sum = 0;
    this.seed = 0x9e3779b9;
  }

  add(value) {
    this.seen++;
    this.sum += value;
    if (value > this.max) this.max = value;
    if (this.count < this.values.length) {
      this.values[this.count++] = value;
      return;
    }
    // Reservoir sampling with a small xorshift generator (deterministic).
    this.seed ^= this.seed << 13;
    this.seed ^= this.seed >>> 17;
    this.seed ^= this.seed << 5;
    const slot = (this.seed >>> 0) % this.seen;
    if (slot < this.values.length) this.values[slot] = value;
  }

  summary() {
    if (this.count === 0) return { count: 0 };
    const sorted = this.values.slice(0, this.count).sort();
    const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    return {
      count: this.seen,
      mean: this.sum / this.seen,
      p50: at(0.5),
      p99: at(0.99),
      max: this.max,
    };
  }
}

module.exports = { Samples };
