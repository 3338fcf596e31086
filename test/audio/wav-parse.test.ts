import assert from 'node:assert/strict';
import { encodeWav } from '../../src/audio/wav-encode';
import { parseWav, WavFormatError } from '../../src/audio/wav-parse';

interface FmtFields {
  tag?: number;
  channels?: number;
  rate?: number;
  bits?: number;
  blockAlign?: number;
  extra?: Buffer;
}

function chunk(id: string, body: Buffer, declaredSize = body.length): Buffer {
  const head = Buffer.alloc(8);
  head.write(id, 0, 'ascii');
  head.writeUInt32LE(declaredSize, 4);
  const pad = body.length % 2 === 1 ? Buffer.alloc(1) : Buffer.alloc(0);
  return Buffer.concat([head, body, pad]);
}

function fmtBody(f: FmtFields = {}): Buffer {
  const channels = f.channels ?? 1;
  const bits = f.bits ?? 16;
  const rate = f.rate ?? 16000;
  const b = Buffer.alloc(16);
  b.writeUInt16LE(f.tag ?? 1, 0);
  b.writeUInt16LE(channels, 2);
  b.writeUInt32LE(rate, 4);
  b.writeUInt32LE((rate * channels * bits) / 8, 8);
  b.writeUInt16LE(f.blockAlign ?? (channels * bits) / 8, 12);
  b.writeUInt16LE(bits, 14);
  return f.extra ? Buffer.concat([b, f.extra]) : b;
}

function riff(...chunks: Buffer[]): Buffer {
  const body = Buffer.concat([Buffer.from('WAVE', 'ascii'), ...chunks]);
  const head = Buffer.alloc(8);
  head.write('RIFF', 0, 'ascii');
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body]);
}

function extensible(subformat: number, guidTail?: Buffer, bits = 16): Buffer {
  const ext = Buffer.alloc(24);
  ext.writeUInt16LE(22, 0); // cbSize
  ext.writeUInt16LE(bits, 2); // valid bits
  ext.writeUInt32LE(4, 4); // channel mask: front centre
  ext.writeUInt16LE(subformat, 8);
  (guidTail ?? Buffer.from([0, 0, 0, 0, 0x10, 0, 0x80, 0, 0, 0xaa, 0, 0x38, 0x9b, 0x71])).copy(ext, 10);
  return fmtBody({ tag: 0xfffe, bits, extra: ext });
}

const samples = Buffer.from(Array.from({ length: 64 }, (_, i) => i));

describe('audio/wav-parse', () => {
  it('reads a canonical 16-bit PCM file', () => {
    const wav = encodeWav(samples, { sampleRate: 16000, encoding: 'pcm_s16le' });
    const parsed = parseWav(wav);
    assert.equal(parsed.sampleRate, 16000);
    assert.equal(parsed.encoding, 'pcm_s16le');
    assert.deepEqual(parsed.data, samples);
    assert.deepEqual(parsed.warnings, []);
  });

  it('reads an 8 kHz mu-law file (format 7)', () => {
    const parsed = parseWav(encodeWav(samples, { sampleRate: 8000, encoding: 'pcm_mulaw' }));
    assert.equal(parsed.encoding, 'pcm_mulaw');
    assert.equal(parsed.sampleRate, 8000);
    assert.deepEqual(parsed.data, samples);
  });

  it('skips LIST and other chunks, including odd-sized ones with their pad byte', () => {
    const wav = riff(
      chunk('LIST', Buffer.from('INFOsomething odd')),
      chunk('fmt ', fmtBody({ rate: 22050 })),
      chunk('fact', Buffer.alloc(4)),
      chunk('data', samples),
    );
    const parsed = parseWav(wav);
    assert.equal(parsed.sampleRate, 22050);
    assert.deepEqual(parsed.data, samples);
  });

  it('accepts WAVE_FORMAT_EXTENSIBLE with a PCM or mu-law subformat', () => {
    assert.equal(parseWav(riff(chunk('fmt ', extensible(1)), chunk('data', samples))).encoding, 'pcm_s16le');
    const mulaw = riff(chunk('fmt ', extensible(7, undefined, 8)), chunk('data', samples));
    assert.equal(parseWav(mulaw).encoding, 'pcm_mulaw');
  });

  const bad: Array<[string, Buffer, RegExp]> = [
    ['too short', Buffer.from('RIFF'), /too short/],
    ['not RIFF', Buffer.concat([Buffer.from('RIFX\0\0\0\0WAVE'), Buffer.alloc(40)]), /not a RIFF\/WAVE/],
    ['stereo', riff(chunk('fmt ', fmtBody({ channels: 2 })), chunk('data', samples)), /2 channels; only mono/],
    ['8-bit PCM', riff(chunk('fmt ', fmtBody({ bits: 8 })), chunk('data', samples)), /8-bit PCM is not supported/],
    ['24-bit PCM', riff(chunk('fmt ', fmtBody({ bits: 24 })), chunk('data', samples)), /24-bit PCM/],
    ['float', riff(chunk('fmt ', fmtBody({ tag: 3, bits: 32 })), chunk('data', samples)), /float audio is not supported/],
    ['A-law', riff(chunk('fmt ', fmtBody({ tag: 6, bits: 8 })), chunk('data', samples)), /A-law/],
    ['extensible float', riff(chunk('fmt ', extensible(3, undefined, 32)), chunk('data', samples)), /unsupported subformat/],
    ['extensible unknown GUID', riff(chunk('fmt ', extensible(1, Buffer.alloc(14, 7))), chunk('data', samples)), /unsupported subformat/],
    ['no data chunk', riff(chunk('fmt ', fmtBody())), /no data chunk/],
    ['no fmt chunk', riff(chunk('LIST', Buffer.alloc(4))), /no fmt chunk/],
    ['data before fmt', riff(chunk('data', samples), chunk('fmt ', fmtBody())), /before any fmt/],
    ['short fmt', riff(chunk('fmt ', Buffer.alloc(12)), chunk('data', samples)), /at least 16/],
    ['inconsistent block align', riff(chunk('fmt ', fmtBody({ blockAlign: 4 })), chunk('data', samples)), /inconsistent/],
    ['zero sample rate', riff(chunk('fmt ', fmtBody({ rate: 0 })), chunk('data', samples)), /sample rate of 0/],
    ['truncated inside fmt', riff(chunk('fmt ', fmtBody())).subarray(0, 30), /truncated/],
  ];
  for (const [name, wav, message] of bad) {
    it(`refuses ${name} with a clear error`, () => {
      assert.throws(
        () => parseWav(wav),
        (e: unknown) => e instanceof WavFormatError && message.test(e.message),
      );
    });
  }

  it('uses what is there when the data size runs past the file, and says so', () => {
    const wav = riff(chunk('fmt ', fmtBody()), chunk('data', samples, 10000));
    const parsed = parseWav(wav);
    assert.deepEqual(parsed.data, samples);
    assert.equal(parsed.warnings.length, 1);
    assert.match(parsed.warnings[0], /says 10000 bytes but the file holds 64/);
  });

  it('treats an unset (0xFFFFFFFF) data size as the rest of the file', () => {
    const parsed = parseWav(riff(chunk('fmt ', fmtBody()), chunk('data', samples, 0xffffffff)));
    assert.deepEqual(parsed.data, samples);
    assert.match(parsed.warnings[0], /unset/);
  });

  it('drops a trailing odd byte of 16-bit data with a warning', () => {
    const odd = samples.subarray(0, 63);
    const parsed = parseWav(riff(chunk('fmt ', fmtBody()), chunk('data', odd)));
    assert.equal(parsed.data.length, 62);
    assert.match(parsed.warnings.join(), /odd byte/);
  });

  it('returns a view of the input, not a copy', () => {
    const wav = encodeWav(samples, { sampleRate: 16000, encoding: 'pcm_s16le' });
    assert.equal(parseWav(wav).data.buffer, wav.buffer);
  });
});
