import assert from 'node:assert/strict';
import { CapturePipeline, mixToMono } from '../../../packages/node-red-dashboard-2-assemblyai/ui/audio/capture-pipeline';
import { DropOldestBuffer } from '../../../packages/node-red-dashboard-2-assemblyai/src/shared/drop-oldest-buffer';
import { Framer, frameSamplesFor } from '../../../packages/node-red-dashboard-2-assemblyai/ui/audio/framer';
import { levelDbfs, meterFraction } from '../../../packages/node-red-dashboard-2-assemblyai/ui/audio/level';
import { expectedOutputLength, Resampler } from '../../../packages/node-red-dashboard-2-assemblyai/ui/audio/resampler';
import { floatToInt16, int16ToLittleEndianBytes } from '../../../packages/node-red-dashboard-2-assemblyai/ui/audio/s16le';

const ODD_SIZES = [1, 3, 127, 128, 129, 441, 479, 1000, 4097];

function sine(rate: number, hz: number, length: number, amplitude = 0.5): Float32Array {
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = amplitude * Math.sin((2 * Math.PI * hz * i) / rate);
  return out;
}

function feedInChunks(resampler: Resampler, input: Float32Array, sizes: number[]): Float32Array {
  const parts: Float32Array[] = [];
  let offset = 0;
  let turn = 0;
  while (offset < input.length) {
    const size = sizes[turn++ % sizes.length];
    parts.push(resampler.process(input.subarray(offset, offset + size)));
    offset += size;
  }
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Float32Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

describe('dashboard/browser audio: resampler', () => {
  for (const rate of [44100, 48000]) {
    it(`${rate} Hz -> 16 kHz: one second gives 16000 samples, minus the interpolation tail`, () => {
      const out = new Resampler(rate).process(new Float32Array(rate));
      // outputs k with k * rate / 16000 < rate - 1: all 16000 but the last position needs one more input
      assert.equal(out.length, expectedOutputLength(rate, rate));
      assert.equal(out.length, 16000);
      const more = new Resampler(rate);
      assert.equal(more.process(new Float32Array(rate + 1)).length, 16000);
      assert.equal(more.process(new Float32Array(rate)).length, 16000);
    });

    for (const size of ODD_SIZES) {
      it(`${rate} Hz in chunks of ${size}: the same samples as one block, count exact`, () => {
        const input = sine(rate, 440, rate / 2 + 7);
        const whole = new Resampler(rate).process(input);
        const chunked = feedInChunks(new Resampler(rate), input, [size, size + 2, 1]);
        assert.equal(whole.length, expectedOutputLength(input.length, rate));
        assert.equal(chunked.length, whole.length);
        for (let i = 0; i < whole.length; i++) assert.ok(Math.abs(chunked[i] - whole[i]) < 1e-6, `sample ${i}`);
      });
    }

    it(`${rate} Hz: the running count matches the formula after every odd chunk`, () => {
      const r = new Resampler(rate);
      let inTotal = 0;
      let outTotal = 0;
      for (let i = 0; i < 300; i++) {
        const size = ODD_SIZES[i % ODD_SIZES.length];
        outTotal += r.process(new Float32Array(size)).length;
        inTotal += size;
        assert.equal(outTotal, expectedOutputLength(inTotal, rate));
      }
    });

    it(`${rate} Hz: keeps a 440 Hz tone (same zero-crossing rate) and removes a 12 kHz one`, () => {
      const tone = new Resampler(rate).process(sine(rate, 440, rate)).subarray(100);
      let crossings = 0;
      for (let i = 1; i < tone.length; i++) if (tone[i - 1] < 0 !== tone[i] < 0) crossings++;
      const seconds = tone.length / 16000;
      assert.ok(Math.abs(crossings / seconds - 880) < 10, `crossings/s ${crossings / seconds}`);
      const peak = tone.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
      assert.ok(peak > 0.45 && peak < 0.55, `440 Hz peak ${peak}`);
      const high = new Resampler(rate).process(sine(rate, 12000, rate)).subarray(100);
      const highPeak = high.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
      assert.ok(highPeak < 0.1, `12 kHz leaks at ${highPeak}`);
    });
  }

  it('refuses a capture rate it cannot use', () => {
    assert.throws(() => new Resampler(0), /not supported/);
    assert.throws(() => new Resampler(44100.5), /not supported/);
  });
});

describe('dashboard/browser audio: s16le', () => {
  it('maps the float range onto Int16 and clips', () => {
    assert.deepEqual(
      Array.from(floatToInt16(Float32Array.from([0, 1, -1, 0.5, -0.5, 2, -2, NaN]))),
      [0, 32767, -32768, 16384, -16384, 32767, -32768, 0],
    );
  });

  it('writes little-endian bytes', () => {
    const bytes = int16ToLittleEndianBytes(Int16Array.from([1, -2, 0x1234]));
    assert.deepEqual(Array.from(bytes), [0x01, 0x00, 0xfe, 0xff, 0x34, 0x12]);
  });
});

describe('dashboard/browser audio: framer', () => {
  it('frame sizes: 50-100 ms at 16 kHz, others refused', () => {
    assert.equal(frameSamplesFor(50, 16000), 800);
    assert.equal(frameSamplesFor(100, 16000), 1600);
    assert.throws(() => frameSamplesFor(20, 16000), /outside 50-100 ms/);
    assert.throws(() => frameSamplesFor(120, 16000), /outside 50-100 ms/);
  });

  for (const size of ODD_SIZES) {
    it(`chunks of ${size}: full frames in order, exact remainder`, () => {
      const framer = new Framer(1600);
      const total = 16000 * 3 + 333;
      const frames: Int16Array[] = [];
      let next = 0;
      while (next < total) {
        const n = Math.min(size, total - next);
        const chunk = new Int16Array(n);
        for (let i = 0; i < n; i++) chunk[i] = (next + i) % 30000;
        frames.push(...framer.push(chunk));
        next += n;
      }
      assert.equal(frames.length, Math.floor(total / 1600));
      assert.ok(frames.every((f) => f.length === 1600));
      assert.equal(framer.buffered, total % 1600);
      const rest = framer.flush();
      assert.equal(rest.length, total % 1600);
      assert.equal(framer.buffered, 0);
      const all = [...frames.flatMap((f) => Array.from(f)), ...Array.from(rest)];
      assert.equal(all.length, total);
      for (let i = 0; i < total; i += 997) assert.equal(all[i], i % 30000);
    });
  }
});

describe('dashboard/browser audio: capture pipeline', () => {
  for (const rate of [44100, 48000]) {
    it(`${rate} Hz stereo blocks of 128 -> 100 ms frames of 1600 samples, none lost`, () => {
      const pipeline = new CapturePipeline(rate, 100);
      const left = sine(rate, 300, rate * 2);
      const frames = [];
      for (let i = 0; i < left.length; i += 128) {
        const l = left.subarray(i, i + 128);
        frames.push(...pipeline.push([l, l]));
      }
      const produced = expectedOutputLength(left.length, rate);
      assert.equal(frames.length, Math.floor(produced / 1600));
      assert.ok(frames.every((f) => f.samples.length === 1600));
      assert.ok(
        frames.every((f) => f.levelDb > -10 && f.levelDb < -5),
        'a 0.5 sine is about -9 dBFS',
      );
    });
  }

  it('mixes channels to mono by averaging', () => {
    assert.deepEqual(Array.from(mixToMono([Float32Array.from([1, 0]), Float32Array.from([0, 0.5])])), [0.5, 0.25]);
  });

  it('level: silence is -100 dBFS, full scale about 0; meter fraction clamps', () => {
    assert.equal(levelDbfs(new Int16Array(10)), -100);
    assert.ok(Math.abs(levelDbfs(new Int16Array(10).fill(32767))) < 0.01);
    assert.equal(meterFraction(-80), 0);
    assert.equal(meterFraction(-30), 0.5);
    assert.equal(meterFraction(3), 1);
  });
});

describe('dashboard/browser audio: drop-oldest buffer', () => {
  it('holds up to its capacity, then drops the oldest, counting drops', () => {
    const buffer = new DropOldestBuffer<number>(3);
    assert.equal(buffer.push(1) + buffer.push(2) + buffer.push(3), 0);
    assert.equal(buffer.push(4), 1);
    assert.equal(buffer.push(5), 1);
    assert.equal(buffer.length, 3);
    assert.equal(buffer.dropped, 2);
    assert.deepEqual(buffer.drain(), [3, 4, 5]);
    assert.equal(buffer.length, 0);
  });

  it('refuses a capacity that would not bound it', () => {
    assert.throws(() => new DropOldestBuffer(0), /positive integer/);
  });
});
