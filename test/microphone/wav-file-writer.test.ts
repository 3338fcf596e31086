import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WavFileWriter } from '../../src/microphone/wav-file-writer';

const FORMAT = { sampleRate: 16000, encoding: 'pcm_s16le' as const, channels: 1 };

function pcm(samples: number, seed: number): Buffer {
  const bytes = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) bytes.writeInt16LE(((i * 131 + seed * 7919) % 65536) - 32768, i * 2);
  return bytes;
}

function parseWav(file: Buffer) {
  return {
    riff: file.toString('ascii', 0, 4),
    riffSize: file.readUInt32LE(4),
    wave: file.toString('ascii', 8, 12),
    fmt: file.toString('ascii', 12, 16),
    formatTag: file.readUInt16LE(20),
    channels: file.readUInt16LE(22),
    sampleRate: file.readUInt32LE(24),
    byteRate: file.readUInt32LE(28),
    blockAlign: file.readUInt16LE(32),
    bitsPerSample: file.readUInt16LE(34),
    data: file.toString('ascii', 36, 40),
    dataSize: file.readUInt32LE(40),
    samples: file.subarray(44),
  };
}

describe('microphone/WavFileWriter', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wav-writer-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('streams frames to disk and patches the header sizes on finish', async () => {
    const file = path.join(dir, 'a.wav');
    const writer = new WavFileWriter(file, FORMAT, { flushBytes: 5000 });
    const frames = Array.from({ length: 25 }, (_, i) => pcm(800, i));
    for (const frame of frames) writer.append(frame);
    const summary = await writer.finish();

    const expected = Buffer.concat(frames);
    const wav = parseWav(fs.readFileSync(file));
    assert.deepEqual(
      { ...wav, samples: undefined },
      {
        riff: 'RIFF',
        riffSize: 36 + expected.length,
        wave: 'WAVE',
        fmt: 'fmt ',
        formatTag: 1,
        channels: 1,
        sampleRate: 16000,
        byteRate: 32000,
        blockAlign: 2,
        bitsPerSample: 16,
        data: 'data',
        dataSize: expected.length,
        samples: undefined,
      },
    );
    assert.ok(wav.samples.equals(expected), 'samples on disk equal the appended frames');
    assert.deepEqual(summary, {
      file,
      durationSeconds: 1.25,
      bytes: 44 + expected.length,
      dataBytes: expected.length,
      truncated: false,
    });
  });

  it('keeps a copy of each frame, so the caller may change its buffer afterwards', async () => {
    const file = path.join(dir, 'b.wav');
    const writer = new WavFileWriter(file, FORMAT);
    const frame = pcm(800, 3);
    const original = Buffer.from(frame);
    writer.append(frame);
    frame.fill(0);
    await writer.finish();
    assert.ok(parseWav(fs.readFileSync(file)).samples.equals(original));
  });

  it('writes a valid empty file when nothing was appended', async () => {
    const file = path.join(dir, 'empty.wav');
    const summary = await new WavFileWriter(file, FORMAT).finish();
    const wav = parseWav(fs.readFileSync(file));
    assert.equal(wav.riffSize, 36);
    assert.equal(wav.dataSize, 0);
    assert.equal(summary.durationSeconds, 0);
  });

  it('reports an exclusive-open failure once and rejects finish() with it, without overwriting', async () => {
    const file = path.join(dir, 'taken.wav');
    fs.writeFileSync(file, 'keep me');
    const errors: Error[] = [];
    const writer = new WavFileWriter(file, FORMAT, { exclusive: true, onError: (err) => errors.push(err) });
    writer.append(pcm(800, 1));
    await assert.rejects(writer.finish(), /EEXIST/);
    assert.equal(errors.length, 1);
    assert.equal(fs.readFileSync(file, 'utf8'), 'keep me');
  });

  it('rejects with the error when the folder does not exist', async () => {
    const writer = new WavFileWriter(path.join(dir, 'missing', 'c.wav'), FORMAT);
    await assert.rejects(writer.finish(), /ENOENT/);
  });
});
