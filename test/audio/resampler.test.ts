import assert from 'node:assert/strict';
import { PcmDecoder } from '../../src/audio/pcm-decoder';
import { Resampler } from '../../src/audio/resampler';

const sine = (rate: number, freq: number, seconds: number) =>
  Float32Array.from({ length: Math.round(rate * seconds) }, (_, i) => 0.5 * Math.sin((2 * Math.PI * freq * i) / rate));
const rms = (x: Float32Array) => Math.sqrt(x.reduce((a, v) => a + v * v, 0) / x.length);
/** Sign changes per second: twice the frequency of a sine. */
const crossingsPerSecond = (x: Float32Array, rate: number) => {
  let n = 0;
  for (let i = 1; i < x.length; i++) if (x[i] >= 0 !== x[i - 1] >= 0) n++;
  return (n * rate) / x.length;
};

function inChunks(r: Resampler, x: Float32Array, size: number): Float32Array {
  const parts: Float32Array[] = [];
  for (let at = 0; at < x.length; at += size) parts.push(r.process(x.subarray(at, at + size)));
  const out = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

describe('audio/resampler and pcm-decoder', () => {
  for (const [from, chunk] of [
    [48000, 960],
    [44100, 441],
    [8000, 160],
    [22050, 123],
  ] as Array<[number, number]>) {
    it(`${from} Hz -> 16 kHz keeps a 440 Hz tone's level, pitch and length, whatever the chunk size`, () => {
      const x = sine(from, 440, 2);
      const out = inChunks(new Resampler(from, 16000), x, chunk);
      assert.ok(Math.abs(out.length - 32000) <= 2, `${out.length} samples for 2 s`);
      assert.ok(Math.abs(rms(out) - rms(x)) < 0.01, `rms ${rms(out)} vs ${rms(x)}`);
      assert.ok(Math.abs(crossingsPerSecond(out, 16000) - 880) < 5);
      const whole = new Resampler(from, 16000).process(x);
      assert.equal(whole.length, out.length);
      for (let i = 0; i < out.length; i++) assert.ok(Math.abs(whole[i] - out[i]) < 1e-6, `sample ${i} differs by chunking`);
    });
  }

  it('passes 16 kHz audio through unchanged', () => {
    const x = sine(16000, 300, 0.1);
    assert.equal(new Resampler(16000, 16000).process(x), x);
  });

  it('decodes s16le split at odd byte offsets exactly like the whole buffer', () => {
    const pcm = Buffer.alloc(2000);
    for (let i = 0; i < 1000; i++) pcm.writeInt16LE(((i * 7919) % 65536) - 32768, i * 2);
    const whole = new PcmDecoder('pcm_s16le').decode(pcm);
    const decoder = new PcmDecoder('pcm_s16le');
    const parts = [pcm.subarray(0, 3), pcm.subarray(3, 3), pcm.subarray(3, 1001), pcm.subarray(1001)].map((p) =>
      Array.from(decoder.decode(p)),
    );
    assert.deepEqual(parts.flat(), Array.from(whole));
    assert.equal(whole[0], -1);
  });

  it('decodes mu-law silence (0xff) to 0', () => {
    assert.deepEqual(Array.from(new PcmDecoder('pcm_mulaw').decode(Buffer.from([0xff, 0x7f]))), [0, 0]);
  });
});
