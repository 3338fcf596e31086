// Where each connection's stream time came from: for every frame sent, the
// stream audio it ends at (ms since the connection's first audio), when it was
// written to the session (when its last byte was taken) and its energy. Turns
// name their words in stream time; this maps them back to wall-clock write
// times and levels (turn-timing.ts). Bounded: a ring of the last MAX_FRAMES
// frames per connection (at 50 ms frames, over three minutes).
import { PcmDecoder } from '../audio/pcm-decoder';
import { bytesPerSample } from '../protocol/messages';
import type { AudioFormat } from './types';

const MAX_FRAMES = 4096;

export class AudioTimeline {
  private readonly endMs = new Float64Array(MAX_FRAMES);
  private readonly writtenAt = new Float64Array(MAX_FRAMES);
  private readonly sumSquares = new Float64Array(MAX_FRAMES);
  private readonly samples = new Float64Array(MAX_FRAMES);
  private next = 0;
  private count = 0;
  private streamMs = 0;

  /** Stream audio sent so far, in ms. */
  get durationMs(): number {
    return this.streamMs;
  }

  add(durationMs: number, writtenAt: number, sumSquares: number, samples: number): void {
    this.streamMs += durationMs;
    const i = this.next;
    this.endMs[i] = this.streamMs;
    this.writtenAt[i] = writtenAt;
    this.sumSquares[i] = sumSquares;
    this.samples[i] = samples;
    this.next = (i + 1) % MAX_FRAMES;
    if (this.count < MAX_FRAMES) this.count++;
  }

  /** When the frame holding stream time `ms` was written; undefined before any audio. */
  writeTimeAt(ms: number): number | undefined {
    if (this.count === 0) return undefined;
    const k = this.indexAt(ms);
    if (k < 0) {
      // Older than the ring: count back from its oldest frame at real-time pace.
      const oldest = this.slot(0);
      return this.writtenAt[oldest] - (this.endMs[oldest] - ms);
    }
    return this.writtenAt[this.slot(k)];
  }

  /** RMS level (dBFS) of the frames covering [fromMs, toMs]; undefined without audio, -Infinity for digital silence. */
  levelDbfs(fromMs: number, toMs: number): number | undefined {
    if (this.count === 0) return undefined;
    let first = this.indexAt(fromMs);
    if (first < 0) first = 0;
    const last = this.indexAt(toMs);
    if (last < 0) return undefined;
    let sum = 0;
    let n = 0;
    for (let k = first; k <= last; k++) {
      const i = this.slot(k);
      sum += this.sumSquares[i];
      n += this.samples[i];
    }
    if (n === 0) return undefined;
    return sum === 0 ? -Infinity : 10 * Math.log10(sum / n);
  }

  /** The ring position of the k-th oldest frame. */
  private slot(k: number): number {
    return (this.next - this.count + k + MAX_FRAMES) % MAX_FRAMES;
  }

  /** The k (0 = oldest) of the first frame ending at or after ms; the newest when ms is later; -1 when ms is older than the ring. */
  private indexAt(ms: number): number {
    // Once the ring has wrapped, audio before its oldest frame's end is counted as older.
    if (this.count === MAX_FRAMES && ms < this.endMs[this.slot(0)]) return -1;
    let lo = 0;
    let hi = this.count - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.endMs[this.slot(mid)] < ms) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** The timelines of a session's connections, fed by the audio pipeline. */
export class AudioTimelines {
  private readonly byTarget = new WeakMap<object, AudioTimeline>();
  private readonly stamps = new WeakMap<Buffer, number>();
  private decoder = new PcmDecoder('pcm_s16le');
  private bytesPerMs = 32;

  setFormat(format: AudioFormat): void {
    this.decoder = new PcmDecoder(format.encoding);
    this.bytesPerMs = (format.sampleRate * bytesPerSample(format.encoding)) / 1000;
  }

  /** A frame was completed from written audio at `at`. */
  stamp(frame: Buffer, at: number): void {
    this.stamps.set(frame, at);
  }

  /** A frame went to a connection; frames never stamped (pre-roll, flushed fragments) count as written now. */
  sent(target: object, frame: Buffer, now: number): void {
    let timeline = this.byTarget.get(target);
    if (timeline === undefined) {
      timeline = new AudioTimeline();
      this.byTarget.set(target, timeline);
    }
    const samples = this.decoder.decode(frame);
    let sum = 0;
    for (let i = 0; i < samples.length; i++) sum += samples[i] * samples[i];
    timeline.add(frame.length / this.bytesPerMs, this.stamps.get(frame) ?? now, sum, samples.length);
  }

  of(target: object): AudioTimeline | undefined {
    return this.byTarget.get(target);
  }
}
