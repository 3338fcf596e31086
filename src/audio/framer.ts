// Re-frames audio of any length into frames of a fixed duration, as the
// service wants (every binary message 50-1000 ms). Frames that lie wholly
// inside an input buffer are views of it (no copy); the rest are assembled in
// a frame-sized buffer. A trailing fragment is held until more audio comes or
// flush() pads it with silence.
import { bytesPerSample, MAX_FRAME_MS, MIN_FRAME_MS, type AudioEncoding } from '../protocol/messages';

export type FrameSink = (frame: Buffer) => void;

export interface FramerFormat {
  sampleRate: number;
  encoding: AudioEncoding;
  frameMs: number;
}

/** mu-law encodes silence as 0xFF; PCM as 0. */
export function silenceByte(encoding: AudioEncoding): number {
  return encoding === 'pcm_mulaw' ? 0xff : 0x00;
}

/** Bytes in `ms` of audio, rounded up to whole samples (never shorter than asked). */
export function bytesForMs(ms: number, sampleRate: number, encoding: AudioEncoding): number {
  return Math.ceil((sampleRate * ms) / 1000) * bytesPerSample(encoding);
}

export class Framer {
  readonly frameBytes: number;
  /** The shortest frame the service accepts (50 ms), used when flushing. */
  readonly minFrameBytes: number;
  private readonly sampleBytes: number;
  private readonly silence: number;
  private pending: Buffer | undefined;
  private pendingLength = 0;

  constructor(format: FramerFormat) {
    if (!(format.frameMs >= MIN_FRAME_MS && format.frameMs <= MAX_FRAME_MS)) {
      throw new RangeError(`frameMs must be between ${MIN_FRAME_MS} and ${MAX_FRAME_MS}, got ${format.frameMs}`);
    }
    this.sampleBytes = bytesPerSample(format.encoding);
    this.silence = silenceByte(format.encoding);
    this.frameBytes = Math.min(
      bytesForMs(format.frameMs, format.sampleRate, format.encoding),
      format.sampleRate * this.sampleBytes, // never above 1000 ms
    );
    this.minFrameBytes = bytesForMs(MIN_FRAME_MS, format.sampleRate, format.encoding);
  }

  /** Bytes held back, waiting for the rest of a frame. */
  get pendingBytes(): number {
    return this.pendingLength;
  }

  push(chunk: Buffer, sink: FrameSink): void {
    const frameBytes = this.frameBytes;
    let offset = 0;
    if (this.pendingLength > 0) {
      const pending = this.pending as Buffer;
      const take = Math.min(frameBytes - this.pendingLength, chunk.length);
      chunk.copy(pending, this.pendingLength, 0, take);
      this.pendingLength += take;
      offset = take;
      if (this.pendingLength < frameBytes) return;
      this.pending = undefined; // handed over: the sink may keep it
      this.pendingLength = 0;
      sink(pending);
    }
    while (chunk.length - offset >= frameBytes) {
      sink(chunk.subarray(offset, offset + frameBytes));
      offset += frameBytes;
    }
    if (offset < chunk.length) {
      if (this.pending === undefined) this.pending = Buffer.allocUnsafe(frameBytes);
      chunk.copy(this.pending, 0, offset);
      this.pendingLength = chunk.length - offset;
    }
  }

  /**
   * Sends the held fragment as a last frame, padded with silence to 50 ms when
   * shorter. A lone byte of an incomplete 16-bit sample is dropped, never sent
   * as half a sample. Returns the padding added, in bytes.
   */
  flush(sink: FrameSink): number {
    const pending = this.pending;
    const whole = this.pendingLength - (this.pendingLength % this.sampleBytes);
    this.pending = undefined;
    this.pendingLength = 0;
    if (pending === undefined || whole === 0) return 0;
    const length = Math.max(whole, this.minFrameBytes);
    pending.fill(this.silence, whole, length);
    sink(pending.subarray(0, length));
    return length - whole;
  }

  /** Forgets any held fragment. */
  reset(): void {
    this.pending = undefined;
    this.pendingLength = 0;
  }
}
