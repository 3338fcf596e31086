// Streams PCM to a WAV file as it arrives: a placeholder header first, audio
// appended in chunks, and the header's sizes patched when the file is
// finished. Memory stays bounded by the flush size and the write queue limit,
// however long the recording.
import fs from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { wavHeader, type WavFormat } from '../audio/wav-encode';

export interface WavFileWriterOptions {
  /** Fail instead of overwriting an existing file. */
  exclusive?: boolean;
  /** Audio is written in chunks of about this size (default 32 KiB, 1 s at 16 kHz s16). */
  flushBytes?: number;
  /** Give up when this much audio waits for the disk (default 4 MiB). */
  maxQueuedBytes?: number;
  /** Called once with the first write error; later audio is dropped. */
  onError?(error: Error): void;
}

export interface WavFileSummary {
  file: string;
  /** Audio length in seconds, from the samples written. */
  durationSeconds: number;
  /** Size of the file on disk, header included. */
  bytes: number;
  /** Bytes of audio after the 44-byte header. */
  dataBytes: number;
  /** True when audio was dropped because the 4 GiB WAV size limit was reached. */
  truncated: boolean;
}

const HEADER_BYTES = 44;
/** The RIFF size field is 32-bit and counts 36 bytes of header besides the data. */
const MAX_DATA_BYTES = 0xffffffff - 36;

export class WavFileWriter {
  private readonly handle: Promise<FileHandle>;
  private chain: Promise<void>;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private queuedBytes = 0;
  private acceptedBytes = 0;
  private writtenBytes = 0;
  private truncated = false;
  private finished = false;
  private error: Error | undefined;
  private readonly bytesPerSecond: number;

  constructor(
    readonly file: string,
    private readonly format: WavFormat,
    private readonly options: WavFileWriterOptions = {},
  ) {
    const bytesPerSample = format.encoding === 'pcm_mulaw' ? 1 : 2;
    this.bytesPerSecond = format.sampleRate * bytesPerSample * (format.channels ?? 1);
    this.handle = fs.promises.open(file, options.exclusive ? 'wx' : 'w');
    this.chain = this.handle.then((fh) => writeAll(fh, wavHeader(0, format), 0)).catch((err: unknown) => this.fail(err));
  }

  /** The first write error, if any. */
  get failure(): Error | undefined {
    return this.error;
  }

  /** Queues a copy of the audio; the caller may reuse or pass on its buffer. */
  append(audio: Buffer): void {
    if (this.finished || this.error || audio.length === 0) return;
    let accepted = audio;
    if (this.acceptedBytes + audio.length > MAX_DATA_BYTES) {
      accepted = audio.subarray(0, MAX_DATA_BYTES - this.acceptedBytes);
      this.truncated = true;
    }
    if (accepted.length === 0) return;
    this.pending.push(Buffer.from(accepted));
    this.pendingBytes += accepted.length;
    this.acceptedBytes += accepted.length;
    if (this.pendingBytes >= (this.options.flushBytes ?? 32 * 1024)) this.flush();
  }

  /** Writes what is pending, patches the header, closes the file. Rejects with the first write error. */
  async finish(): Promise<WavFileSummary> {
    if (this.finished) throw new Error(`${this.file} is already finished`);
    this.flush();
    this.finished = true;
    await this.chain;
    let closeError: unknown;
    try {
      const fh = await this.handle;
      try {
        if (!this.error) await writeAll(fh, wavHeader(this.writtenBytes, this.format), 0);
      } finally {
        await fh.close().catch((err: unknown) => {
          closeError = err;
        });
      }
    } catch (err) {
      this.fail(err);
    }
    if (!this.error && closeError) this.fail(closeError);
    if (this.error) throw this.error;
    return {
      file: this.file,
      durationSeconds: this.writtenBytes / this.bytesPerSecond,
      bytes: HEADER_BYTES + this.writtenBytes,
      dataBytes: this.writtenBytes,
      truncated: this.truncated,
    };
  }

  private flush(): void {
    if (this.pendingBytes === 0 || this.error) return;
    const chunk = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    this.queuedBytes += chunk.length;
    if (this.queuedBytes > (this.options.maxQueuedBytes ?? 4 * 1024 * 1024)) {
      this.fail(new Error(`writing ${this.file} fell too far behind the audio; recording abandoned`));
      return;
    }
    this.chain = this.chain
      .then(async () => {
        if (this.error) return;
        const fh = await this.handle;
        await writeAll(fh, chunk, HEADER_BYTES + this.writtenBytes);
        this.writtenBytes += chunk.length;
      })
      .catch((err: unknown) => this.fail(err))
      .finally(() => {
        this.queuedBytes -= chunk.length;
      });
  }

  private fail(err: unknown): void {
    if (this.error) return;
    this.error = err instanceof Error ? err : new Error(String(err));
    this.pending = [];
    this.pendingBytes = 0;
    try {
      this.options.onError?.(this.error);
    } catch {
      // The caller's report failed; the error is still returned by finish().
    }
  }
}

async function writeAll(fh: FileHandle, data: Buffer, position: number): Promise<void> {
  let offset = 0;
  while (offset < data.length) {
    const { bytesWritten } = await fh.write(data, offset, data.length - offset, position + offset);
    offset += bytesWritten;
  }
}
