import assert from 'node:assert/strict';
import { mulawDecodeSample, mulawEncodeSample, mulawToPcm16, pcm16ToMulaw } from '../../src/audio/mulaw';

describe('audio/mulaw', () => {
  it('decodes the G.711 reference points', () => {
    assert.equal(mulawDecodeSample(0xff), 0);
    assert.equal(mulawDecodeSample(0x7f), 0);
    assert.equal(mulawDecodeSample(0x80), 32124);
    assert.equal(mulawDecodeSample(0x00), -32124);
  });

  it('round-trips every code through encode(decode(x))', () => {
    for (let code = 0; code < 256; code++) {
      const back = mulawEncodeSample(mulawDecodeSample(code));
      // 0x7f and 0xff are both zero; encode picks 0xff.
      if (code === 0x7f) assert.equal(back, 0xff);
      else assert.equal(back, code, `code 0x${code.toString(16)}`);
    }
  });

  it('keeps encode/decode error within the mu-law step size', () => {
    const samples = Int16Array.from([0, 100, -100, 1000, -1000, 12000, -12000, 32767, -32768]);
    const decoded = mulawToPcm16(pcm16ToMulaw(samples));
    samples.forEach((s, i) => {
      const tolerance = Math.max(8, Math.abs(s) / 16);
      assert.ok(Math.abs(decoded[i] - s) <= tolerance, `${s} -> ${decoded[i]}`);
    });
  });
});
