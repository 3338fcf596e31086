// A speech gate that follows the room's noise floor instead of a fixed level,
// so a steady fan or hum never opens a billed session while a voice above it
// does. Per 10 ms window:
// - the floor (dBFS) falls at once to any quieter window and rises slowly
//   (floorRiseDbPerSecond), so it settles at the quiet moments of the noise;
// - a window is loud when it is marginDb above the floor and above minLevelDbfs;
// - speech is a run of loud windows lasting minSpeechMs that is sustained
//   (its last windows are within sustainDb of its recent peak: a clatter decays,
//   a syllable holds) and modulated (the level has moved by modulationDb within
//   the last modulationMs: a noise that has just started and stays steady is not
//   speech while the floor catches up with it).
import { PcmDecoder } from './pcm-decoder';
import { PreRoll, type AudioGate, type GateFormat } from './gate';

export interface AdaptiveGateSettings extends GateFormat {
  preRollMs: number;
  marginDb?: number;
  minLevelDbfs?: number;
  floorRiseDbPerSecond?: number;
  minSpeechMs?: number;
  sustainDb?: number;
  modulationDb?: number;
  modulationMs?: number;
}

export const ADAPTIVE_DEFAULTS = {
  marginDb: 12,
  minLevelDbfs: -55,
  floorRiseDbPerSecond: 3,
  minSpeechMs: 120,
  sustainDb: 10,
  modulationDb: 8,
  modulationMs: 1000,
};

const WINDOW_MS = 10;
const SILENCE_DBFS = -100;

export class AdaptiveGate implements AudioGate {
  private readonly decoder: PcmDecoder;
  private readonly preRoll: PreRoll;
  private readonly windowSamples: number;
  private readonly margin: number;
  private readonly minLevel: number;
  private readonly risePerWindow: number;
  private readonly runNeeded: number;
  private readonly sustain: number;
  private readonly modulation: number;
  /** Levels of the last modulationMs, a ring. */
  private readonly recent: Float64Array;
  private recentNext = 0;
  private recentCount = 0;
  /** Levels of the current loud run's last runNeeded windows, a ring. */
  private readonly runLevels: Float64Array;
  private sum = 0;
  private count = 0;
  private floor = Number.NaN;
  private loudRun = 0;
  private heard = false;

  constructor(settings: AdaptiveGateSettings) {
    const s = { ...ADAPTIVE_DEFAULTS, ...withoutUndefined(settings) };
    this.decoder = new PcmDecoder(settings.encoding);
    this.preRoll = new PreRoll(settings, settings.preRollMs);
    this.windowSamples = Math.max(1, Math.round((settings.sampleRate * WINDOW_MS) / 1000));
    this.margin = s.marginDb;
    this.minLevel = s.minLevelDbfs;
    this.risePerWindow = (s.floorRiseDbPerSecond * WINDOW_MS) / 1000;
    this.runNeeded = Math.max(1, Math.round(s.minSpeechMs / WINDOW_MS));
    this.sustain = s.sustainDb;
    this.modulation = s.modulationDb;
    this.recent = new Float64Array(Math.max(2, Math.round(s.modulationMs / WINDOW_MS)));
    this.runLevels = new Float64Array(this.runNeeded);
  }

  /** The current noise floor estimate in dBFS (NaN before the first window). */
  get floorDbfs(): number {
    return this.floor;
  }

  hasSpeech(chunk: Buffer): boolean {
    this.heard = false;
    const samples = this.decoder.decode(chunk);
    for (let i = 0; i < samples.length; i++) {
      this.sum += samples[i] * samples[i];
      if (++this.count === this.windowSamples) {
        this.onWindow(this.sum > 0 ? 10 * Math.log10(this.sum / this.count) : SILENCE_DBFS);
        this.sum = 0;
        this.count = 0;
      }
    }
    return this.heard;
  }

  hold(chunk: Buffer): number {
    return this.preRoll.hold(chunk);
  }

  release(): Buffer[] {
    return this.preRoll.release();
  }

  get heldBytes(): number {
    return this.preRoll.heldBytes;
  }

  private onWindow(level: number): void {
    const db = Math.max(level, SILENCE_DBFS);
    if (Number.isNaN(this.floor) || db < this.floor) this.floor = db;
    else this.floor = Math.min(db, this.floor + this.risePerWindow);
    this.recent[this.recentNext] = db;
    this.recentNext = (this.recentNext + 1) % this.recent.length;
    if (this.recentCount < this.recent.length) this.recentCount++;

    const loud = db >= this.floor + this.margin && db >= this.minLevel;
    if (!loud) {
      this.loudRun = 0;
      return;
    }
    this.runLevels[this.loudRun % this.runNeeded] = db;
    this.loudRun++;
    if (this.loudRun < this.runNeeded) return;
    if (this.isSustained() && this.isModulated()) this.heard = true;
  }

  /** The last three windows hold within sustainDb of the peak of the last minSpeechMs. */
  private isSustained(): boolean {
    const n = Math.min(3, this.runNeeded);
    let tail = 0;
    for (let k = 1; k <= n; k++) tail += this.runLevels[(this.loudRun - k) % this.runNeeded];
    return maxOf(this.runLevels, this.runNeeded) - tail / n <= this.sustain;
  }

  private isModulated(): boolean {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < this.recentCount; i++) {
      const v = this.recent[i];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    return hi - lo >= this.modulation;
  }
}

function maxOf(values: Float64Array, n: number): number {
  let m = -Infinity;
  for (let i = 0; i < n; i++) if (values[i] > m) m = values[i];
  return m;
}

function withoutUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
