// WAV files for bad-input tests, written byte by byte so a header can say
// anything: wrong channel count, bit depth or format, a data size that lies,
// or a file cut short.

export interface WavHeaderFields {
  formatTag?: number;
  channels?: number;
  sampleRate?: number;
  bitsPerSample?: number;
  /** Default: channels * bitsPerSample / 8. */
  blockAlign?: number;
  /** What the data chunk header claims; default the real length. */
  declaredDataBytes?: number;
}

export function wavFile(data: Buffer, fields: WavHeaderFields = {}): Buffer {
  const formatTag = fields.formatTag ?? 1;
  const channels = fields.channels ?? 1;
  const sampleRate = fields.sampleRate ?? 16000;
  const bits = fields.bitsPerSample ?? 16;
  const blockAlign = fields.blockAlign ?? (channels * bits) / 8;
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(formatTag, 20);
  header.writeUInt16LE(channels, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * blockAlign, 28);
  header.writeUInt16LE(blockAlign, 32);
  header.writeUInt16LE(bits, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(fields.declaredDataBytes ?? data.length, 40);
  return Buffer.concat([header, data]);
}
