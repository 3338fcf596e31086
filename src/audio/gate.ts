// What the auto policy (openOn 'speech') needs from a speech gate, so the
// session can be given any of them: the energy SpeechGate (src/session), the
// AdaptiveGate (noise-floor tracking) or the SileroGate (neural). Also the
// pre-roll that each gate keeps while closed.
import { FrameQueue } from './frame-queue';
import { bytesPerSample, type AudioEncoding } from '../protocol/messages';

export interface AudioGate {
  /** Rates a chunk; true when it holds (or continues) speech. */
  hasSpeech(chunk: Buffer): boolean;
  /** Keeps a chunk while closed; returns the bytes of older audio let go. */
  hold(chunk: Buffer): number;
  /** The audio held, oldest first, and empties the pre-roll. */
  release(): Buffer[];
  readonly heldBytes: number;
}

export interface GateFormat {
  sampleRate: number;
  encoding: AudioEncoding;
}

/** The last preRollMs of audio, kept while a gate is closed. */
export class PreRoll {
  private readonly queue: FrameQueue;

  constructor(format: GateFormat, preRollMs: number) {
    const bytesPerMs = (format.sampleRate * bytesPerSample(format.encoding)) / 1000;
    this.queue = new FrameQueue(Math.round(preRollMs * bytesPerMs));
  }

  hold(chunk: Buffer): number {
    return this.queue.push(chunk);
  }

  release(): Buffer[] {
    return this.queue.takeAll();
  }

  get heldBytes(): number {
    return this.queue.bytes;
  }
}
