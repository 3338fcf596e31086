import assert from 'node:assert/strict';
import { formatDbfs, LevelMeter, pcm16leSamples, peakDbfs, rmsDbfs } from '../../src/audio/level';

const close = (actual: number, expected: number, tolerance = 0.01) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} is not within ${tolerance} of ${expected}`);

function sine(amplitude: number, samples: number, period = 40): Int16Array {
  return Int16Array.from({ length: samples }, (_, i) => Math.round(amplitude * Math.sin((2 * Math.PI * i) / period)));
}

describe('audio/level', () => {
  it('gives 0 dBFS for a full-scale square wave and -Infinity for silence', () => {
    close(rmsDbfs(Int16Array.from({ length: 100 }, (_, i) => (i % 2 ? 32767 : -32768))), 0);
    assert.equal(rmsDbfs(new Int16Array(800)), -Infinity);
    assert.equal(rmsDbfs(new Int16Array(0)), -Infinity);
  });

  it('gives 20*log10(A/32768/sqrt 2) for a sine of amplitude A', () => {
    for (const amplitude of [16384, 3277, 100]) {
      close(rmsDbfs(sine(amplitude, 4000)), 20 * Math.log10(amplitude / 32768 / Math.SQRT2), 0.05);
    }
  });

  it('measures the peak', () => {
    close(peakDbfs(Int16Array.from([0, 100, -16384, 200])), 20 * Math.log10(0.5));
    assert.equal(peakDbfs(new Int16Array(10)), -Infinity);
  });

  it('meters consecutive frames as one block and starts over after take()', () => {
    const loud = sine(20000, 800);
    const quiet = sine(200, 800);
    const meter = new LevelMeter();
    meter.add(loud);
    meter.add(quiet);
    assert.equal(meter.pendingSamples, 1600);
    const both = new Int16Array(1600);
    both.set(loud);
    both.set(quiet, 800);
    close(meter.take(), rmsDbfs(both), 1e-9);
    assert.equal(meter.pendingSamples, 0);
    assert.equal(meter.take(), -Infinity);
  });

  it('reads Buffers of s16le, aligned or not', () => {
    const bytes = Buffer.alloc(7);
    bytes.writeInt16LE(-1234, 1);
    bytes.writeInt16LE(32767, 3);
    const aligned = Buffer.from(bytes.subarray(1, 5));
    assert.deepEqual(Array.from(pcm16leSamples(aligned)), [-1234, 32767]);
    assert.deepEqual(Array.from(pcm16leSamples(bytes.subarray(1, 5))), [-1234, 32767]);
  });

  it('formats levels for the status', () => {
    assert.equal(formatDbfs(-23.4), '-23 dBFS');
    assert.equal(formatDbfs(-Infinity), 'silence');
  });
});
