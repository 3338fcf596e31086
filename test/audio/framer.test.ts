import assert from 'node:assert/strict';
import { bytesForMs, Framer, silenceByte } from '../../src/audio/framer';

function collect(framer: Framer, chunks: Buffer[]): Buffer[] {
  const frames: Buffer[] = [];
  for (const chunk of chunks) framer.push(chunk, (f) => frames.push(Buffer.from(f)));
  return frames;
}

function ramp(bytes: number, start = 0): Buffer {
  const b = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) b[i] = (start + i) & 0xff;
  return b;
}

describe('audio/framer', () => {
  it('sizes frames from frameMs, sample rate and encoding', () => {
    assert.equal(new Framer({ sampleRate: 16000, encoding: 'pcm_s16le', frameMs: 50 }).frameBytes, 1600);
    assert.equal(new Framer({ sampleRate: 8000, encoding: 'pcm_mulaw', frameMs: 50 }).frameBytes, 400);
    assert.equal(new Framer({ sampleRate: 16000, encoding: 'pcm_s16le', frameMs: 1000 }).frameBytes, 32000);
    // 11025 Hz: 50 ms is 551.25 samples; rounded up so a frame is never under 50 ms.
    assert.equal(new Framer({ sampleRate: 11025, encoding: 'pcm_s16le', frameMs: 50 }).minFrameBytes, 552 * 2);
    assert.equal(bytesForMs(50, 44100, 'pcm_s16le'), 2205 * 2);
  });

  it('rejects frame durations outside 50-1000 ms', () => {
    for (const frameMs of [0, 49, 1001, Number.NaN]) {
      assert.throws(() => new Framer({ sampleRate: 16000, encoding: 'pcm_s16le', frameMs }), RangeError, String(frameMs));
    }
  });

  it('re-frames arbitrary chunk sizes into exact frames, holding the remainder, in order', () => {
    const framer = new Framer({ sampleRate: 16000, encoding: 'pcm_s16le', frameMs: 50 });
    const input = ramp(1600 * 5 + 300);
    const sizes = [1, 7, 1599, 3200, 33, 2000, 1, 1459];
    const chunks: Buffer[] = [];
    let at = 0;
    for (const size of sizes) {
      chunks.push(input.subarray(at, at + size));
      at += size;
    }
    assert.equal(at, input.length);
    const frames = collect(framer, chunks);
    assert.equal(frames.length, 5);
    for (const f of frames) assert.equal(f.length, 1600);
    assert.deepEqual(Buffer.concat(frames), input.subarray(0, 8000));
    assert.equal(framer.pendingBytes, 300);
  });

  it('never splits a 16-bit sample when chunks have odd lengths', () => {
    const framer = new Framer({ sampleRate: 16000, encoding: 'pcm_s16le', frameMs: 50 });
    const input = ramp(4801);
    const frames = collect(framer, [input.subarray(0, 801), input.subarray(801, 2401), input.subarray(2401)]);
    assert.equal(frames.length, 3);
    assert.ok(frames.every((f) => f.length % 2 === 0));
    assert.deepEqual(Buffer.concat(frames), input.subarray(0, 4800));
    assert.equal(framer.pendingBytes, 1);
    // The lone byte is half a sample: flush drops it rather than send half a sample.
    const flushed: Buffer[] = [];
    assert.equal(
      framer.flush((f) => flushed.push(f)),
      0,
    );
    assert.equal(flushed.length, 0);
  });

  it('flushes a short tail padded with silence to 50 ms (0 for s16le)', () => {
    const framer = new Framer({ sampleRate: 16000, encoding: 'pcm_s16le', frameMs: 100 });
    const tail = Buffer.alloc(301, 0x11);
    framer.push(tail, () => assert.fail('no full frame yet'));
    const out: Buffer[] = [];
    const padding = framer.flush((f) => out.push(f));
    assert.equal(out.length, 1);
    assert.equal(out[0].length, 1600);
    assert.equal(padding, 1600 - 300);
    assert.ok(out[0].subarray(0, 300).every((b) => b === 0x11));
    assert.ok(out[0].subarray(300).every((b) => b === 0));
    assert.equal(framer.pendingBytes, 0);
  });

  it('pads mu-law with 0xFF, its code for silence', () => {
    assert.equal(silenceByte('pcm_mulaw'), 0xff);
    const framer = new Framer({ sampleRate: 8000, encoding: 'pcm_mulaw', frameMs: 50 });
    framer.push(Buffer.alloc(10, 0x42), () => undefined);
    const out: Buffer[] = [];
    framer.flush((f) => out.push(f));
    assert.equal(out[0].length, 400);
    assert.ok(out[0].subarray(10).every((b) => b === 0xff));
  });

  it('sends a tail of 50 ms or more unpadded', () => {
    const framer = new Framer({ sampleRate: 16000, encoding: 'pcm_s16le', frameMs: 200 });
    framer.push(Buffer.alloc(2000, 1), () => undefined);
    const out: Buffer[] = [];
    assert.equal(
      framer.flush((f) => out.push(f)),
      0,
    );
    assert.equal(out[0].length, 2000);
  });

  it('keeps every frame within 50-1000 ms for random input at several rates', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (const [sampleRate, encoding, frameMs] of [
      [16000, 'pcm_s16le', 50],
      [8000, 'pcm_mulaw', 50],
      [44100, 'pcm_s16le', 120],
      [22050, 'pcm_mulaw', 1000],
    ] as const) {
      const framer = new Framer({ sampleRate, encoding, frameMs });
      const bytesPerMs = (sampleRate * (encoding === 'pcm_mulaw' ? 1 : 2)) / 1000;
      let written = 0;
      let framed = 0;
      const check = (f: Buffer) => {
        const ms = f.length / bytesPerMs;
        assert.ok(ms >= 50 && ms <= 1000, `${sampleRate} ${encoding}: frame of ${ms} ms`);
        framed += f.length;
      };
      for (let i = 0; i < 200; i++) {
        const size = Math.floor(random() * 5000);
        written += size;
        framer.push(Buffer.alloc(size), check);
      }
      const padding = framer.flush(check);
      const sampleBytes = encoding === 'pcm_mulaw' ? 1 : 2;
      assert.equal(framed, written - (written % sampleBytes) + padding);
    }
  });

  it('hands out views for whole frames inside one input (no copy)', () => {
    const framer = new Framer({ sampleRate: 16000, encoding: 'pcm_s16le', frameMs: 50 });
    const input = ramp(3200);
    const frames: Buffer[] = [];
    framer.push(input, (f) => frames.push(f));
    assert.equal(frames[0].buffer, input.buffer);
    assert.equal(frames[1].byteOffset, input.byteOffset + 1600);
  });
});
