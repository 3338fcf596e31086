// Reads a RIFF/WAVE file held in one Buffer: mono 16-bit PCM or 8-bit mu-law,
// plain or WAVE_FORMAT_EXTENSIBLE. Chunks other than fmt and data (LIST, fact,
// ...) are skipped. A data size that runs past the end of the file is taken as
// "the rest of the file" with a warning, because streaming writers (ffmpeg or
// sox into a pipe) cannot go back to fix the size.
import type { AudioEncoding } from '../protocol/messages';

export class WavFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WavFormatError';
  }
}

export interface ParsedWav {
  sampleRate: number;
  encoding: AudioEncoding;
  /** The samples: a view of the input, not a copy. */
  data: Buffer;
  /** Things that were repaired, for the user to see. */
  warnings: string[];
}

const FORMAT_PCM = 0x0001;
const FORMAT_FLOAT = 0x0003;
const FORMAT_ALAW = 0x0006;
const FORMAT_MULAW = 0x0007;
const FORMAT_EXTENSIBLE = 0xfffe;
/** The 14 bytes after the format tag in every standard KSDATAFORMAT_SUBTYPE GUID. */
const SUBFORMAT_GUID_TAIL = Buffer.from([0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71]);

interface FmtChunk {
  formatTag: number;
  channels: number;
  sampleRate: number;
  blockAlign: number;
  bitsPerSample: number;
}

function formatName(tag: number): string {
  switch (tag) {
    case FORMAT_FLOAT:
      return '32-bit float';
    case FORMAT_ALAW:
      return 'A-law';
    default:
      return `format tag 0x${tag.toString(16)}`;
  }
}

function readFmt(wav: Buffer, start: number, size: number): FmtChunk {
  if (size < 16) throw new WavFormatError(`the fmt chunk is ${size} bytes; it needs at least 16`);
  if (start + 16 > wav.length) throw new WavFormatError('the file ends inside the fmt chunk (truncated)');
  const fmt: FmtChunk = {
    formatTag: wav.readUInt16LE(start),
    channels: wav.readUInt16LE(start + 2),
    sampleRate: wav.readUInt32LE(start + 4),
    blockAlign: wav.readUInt16LE(start + 12),
    bitsPerSample: wav.readUInt16LE(start + 14),
  };
  if (fmt.formatTag === FORMAT_EXTENSIBLE) {
    if (size < 40 || start + 40 > wav.length) throw new WavFormatError('the WAVE_FORMAT_EXTENSIBLE fmt chunk is too short');
    const subformat = wav.readUInt16LE(start + 24);
    const knownGuid = wav.subarray(start + 26, start + 40).equals(SUBFORMAT_GUID_TAIL);
    if (!knownGuid || (subformat !== FORMAT_PCM && subformat !== FORMAT_MULAW)) {
      throw new WavFormatError('WAVE_FORMAT_EXTENSIBLE with an unsupported subformat; only 16-bit PCM and mu-law are supported');
    }
    fmt.formatTag = subformat;
  }
  return fmt;
}

function encodingOf(fmt: FmtChunk): AudioEncoding {
  if (fmt.channels !== 1) {
    throw new WavFormatError(`the file has ${fmt.channels} channels; only mono is supported (convert it, e.g. sox in.wav -c 1 out.wav)`);
  }
  if (fmt.sampleRate === 0) throw new WavFormatError('the file declares a sample rate of 0');
  let encoding: AudioEncoding;
  if (fmt.formatTag === FORMAT_PCM) {
    if (fmt.bitsPerSample !== 16) {
      throw new WavFormatError(`${fmt.bitsPerSample}-bit PCM is not supported; only 16-bit PCM and 8-bit mu-law are`);
    }
    encoding = 'pcm_s16le';
  } else if (fmt.formatTag === FORMAT_MULAW) {
    if (fmt.bitsPerSample !== 8) throw new WavFormatError(`mu-law with ${fmt.bitsPerSample} bits per sample is not valid`);
    encoding = 'pcm_mulaw';
  } else {
    throw new WavFormatError(`${formatName(fmt.formatTag)} audio is not supported; only 16-bit PCM and 8-bit mu-law are`);
  }
  const expectedAlign = fmt.bitsPerSample / 8;
  if (fmt.blockAlign !== expectedAlign) {
    throw new WavFormatError(`the header is inconsistent: block align ${fmt.blockAlign} for mono ${fmt.bitsPerSample}-bit audio`);
  }
  return encoding;
}

export function parseWav(wav: Buffer): ParsedWav {
  if (wav.length < 12) throw new WavFormatError('too short to be a WAV file');
  if (wav.toString('ascii', 0, 4) !== 'RIFF' || wav.toString('ascii', 8, 12) !== 'WAVE') {
    throw new WavFormatError('not a RIFF/WAVE file');
  }
  const warnings: string[] = [];
  let fmt: FmtChunk | undefined;
  let offset = 12;
  while (offset + 8 <= wav.length) {
    const id = wav.toString('ascii', offset, offset + 4);
    const size = wav.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      fmt = readFmt(wav, body, size);
    } else if (id === 'data') {
      if (fmt === undefined) throw new WavFormatError('the data chunk comes before any fmt chunk');
      const encoding = encodingOf(fmt);
      const available = wav.length - body;
      let length = size;
      if (size > available) {
        length = available;
        warnings.push(
          size === 0xffffffff
            ? 'the data size is unset (streamed WAV); used the rest of the file'
            : `the data chunk says ${size} bytes but the file holds ${available}; used what is there`,
        );
      }
      if (encoding === 'pcm_s16le' && length % 2 === 1) {
        length -= 1;
        warnings.push('dropped a trailing odd byte (half a 16-bit sample)');
      }
      return { sampleRate: fmt.sampleRate, encoding, data: wav.subarray(body, body + length), warnings };
    }
    // RIFF chunks are padded to an even length.
    offset = body + size + (size & 1);
  }
  throw new WavFormatError(
    fmt === undefined ? 'no fmt chunk found (truncated or not a WAV file)' : 'no data chunk found (truncated file?)',
  );
}
