// When the audio pipeline may release the next frame to a connection. The
// service accepts audio at up to about 1.25x real time (and older docs close
// with 3007 "Audio Transmission Rate Exceeded" beyond it), so audio that piled
// up (before Begin, across a reconnect, a long buffer or WAV file in one
// message) must not be pumped as fast as the socket drains. The pipeline asks
// the rule before every frame it sends from its queue or straight from the
// framer; a connection's last audio before Terminate (stop, idle) is paced by
// its own rule in the Drainer.

import { bytesPerSample, type AudioEncoding } from '../protocol/messages';

export interface PacingRule {
  /** How long to wait before the next frame may go (0: now). `now` is monotonic ms. */
  waitMs(now: number): number;
  /** A frame of `bytes` went out at `now`. */
  released(bytes: number, now: number): void;
  /** The connection changed: start afresh. */
  reset(): void;
  /** The audio format changed: bytes of audio per millisecond of real time. */
  setBytesPerMs?(bytesPerMs: number): void;
}

export const unpaced: PacingRule = {
  waitMs: () => 0,
  released: () => undefined,
  reset: () => undefined,
};

/** The documented throttle of the service: audio may go at up to 1.25x real time. */
export const DEFAULT_MAX_SEND_RATE = 1.25;
export const MIN_MAX_SEND_RATE = 1.01;
export const MAX_MAX_SEND_RATE = 10;

/** A debt below this many bytes is rounding, not audio. */
const EPSILON_BYTES = 0.5;

/**
 * At most `multiple` x real time, with no burst beyond one frame: each frame
 * sent is a debt paid off at `multiple` x the format's byte rate, and the next
 * frame waits until the debt is paid. Over any interval T, at most one frame
 * plus multiple x T of audio goes out. Live audio (1x) is never held by it.
 */
export class RealTimeMultiple implements PacingRule {
  private debtBytes = 0;
  private at = 0;

  constructor(
    readonly multiple: number,
    private bytesPerMs: number,
  ) {}

  setBytesPerMs(bytesPerMs: number): void {
    this.bytesPerMs = bytesPerMs;
    this.debtBytes = 0;
  }

  waitMs(now: number): number {
    this.settle(now);
    if (this.debtBytes <= EPSILON_BYTES) return 0;
    return Math.max(1, Math.ceil(this.debtBytes / (this.multiple * this.bytesPerMs)));
  }

  released(bytes: number, now: number): void {
    this.settle(now);
    this.debtBytes += bytes;
  }

  reset(): void {
    this.debtBytes = 0;
  }

  private settle(now: number): void {
    const elapsed = Math.max(0, now - this.at);
    this.at = Math.max(this.at, now);
    this.debtBytes = Math.max(0, this.debtBytes - elapsed * this.multiple * this.bytesPerMs);
  }
}

/** The session's rule for audio of `format` (the pipeline's follows a WAV file's adopted format itself). */
export function pacingFor(format: { sampleRate: number; encoding: AudioEncoding }, multiple: number): RealTimeMultiple {
  return new RealTimeMultiple(multiple, (format.sampleRate * bytesPerSample(format.encoding)) / 1000);
}

/** How long a backlog of `backlogMs` takes to drain at `multiple` x real time while live audio continues. */
export function catchUpMs(backlogMs: number, multiple: number): number {
  return backlogMs / (multiple - 1);
}
