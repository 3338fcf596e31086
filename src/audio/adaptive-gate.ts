// A speech gate that follows the room's noise floor instead of a fixed level,
// so a steady fan or hum never opens a billed session while a voice above it
// does. Per 10 ms window:
// - the floor (dBFS) falls at once to any quieter window and rises slowly
//   (floorRiseDbPerSecond), so it settles at the quiet moments of the noise;
// - a window is loud when it is marginDb above the floor and above minLevelDbfs,
//   and voiced when its zero-crossing rate is at most maxZeroCrossingRate
//   (voiced speech sits low, clatter and hiss ring high);
// - speech is a run of loud voiced windows lasting minSpeechMs that is sustained
//   (the level's trend over those windows falls by at most maxDecayDbPerSecond:
//   a clatter rings down steadily, a syllable holds or rises) and modulated (the level has moved by modulationDb within
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
  maxDecayDbPerSecond?: number;
  /** Sign changes per sample above which a window is not voiced (0.25 = a 2 kHz tone at 16 kHz). */
  maxZeroCrossingRate?: number;
  modulationDb?: number;
  modulationMs?: number;
}

export const ADAPTIVE_DEFAULTS = {
  marginDb: 12,
  minLevelDbfs: -55,
  floorRiseDbPerSecond: 3,
  minSpeechMs: 120,
  maxDecayDbPerSecond: 30,
  maxZeroCrossingRate: 0.25,
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
  private readonly maxDecayPerWindow: number;
  private readonly maxCrossings: number;
  private readonly modulation: number;
  /** Levels of the last modulationMs, a ring. */
  private readonly recent: Float64Array;
  private recentNext = 0;
  private recentCount = 0;
  /** Levels of the current loud run's last runNeeded windows, a ring. */
  private readonly runLevels: Float64Array;
  private sum = 0;
  private count = 0;
  private crossings = 0;
  private previousSample = 0;
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
    this.maxDecayPerWindow = (s.maxDecayDbPerSecond * WINDOW_MS) / 1000;
    this.maxCrossings = s.maxZeroCrossingRate * this.windowSamples;
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
      const v = samples[i];
      this.sum += v * v;
      if (v >= 0 !== this.previousSample >= 0) this.crossings++;
      this.previousSample = v;
      if (++this.count === this.windowSamples) {
        this.onWindow(this.sum > 0 ? 10 * Math.log10(this.sum / this.count) : SILENCE_DBFS, this.crossings <= this.maxCrossings);
        this.sum = 0;
        this.count = 0;
        this.crossings = 0;
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

  private onWindow(level: number, voiced: boolean): void {
    const db = Math.max(level, SILENCE_DBFS);
    if (Number.isNaN(this.floor) || db < this.floor) this.floor = db;
    else this.floor = Math.min(db, this.floor + this.risePerWindow);
    this.recent[this.recentNext] = db;
    this.recentNext = (this.recentNext + 1) % this.recent.length;
    if (this.recentCount < this.recent.length) this.recentCount++;

    const loud = voiced && db >= this.floor + this.margin && db >= this.minLevel;
    if (!loud) {
      this.loudRun = 0;
      return;
    }
    this.runLevels[this.loudRun % this.runNeeded] = db;
    this.loudRun++;
    if (this.loudRun < this.runNeeded) return;
    if (this.isSustained() && this.isModulated()) this.heard = true;
  }

  /** The least-squares slope (dB per window) of the last minSpeechMs is no steeper a fall than allowed. */
  private isSustained(): boolean {
    const n = this.runNeeded;
    if (n < 2) return true;
    const meanX = (n - 1) / 2;
    let meanY = 0;
    for (let k = 0; k < n; k++) meanY += this.runAt(k);
    meanY /= n;
    let sxy = 0;
    let sxx = 0;
    for (let k = 0; k < n; k++) {
      sxy += (k - meanX) * (this.runAt(k) - meanY);
      sxx += (k - meanX) * (k - meanX);
    }
    return sxy / sxx >= -this.maxDecayPerWindow;
  }

  /** The k-th oldest of the run's last runNeeded levels. */
  private runAt(k: number): number {
    return this.runLevels[(this.loudRun - this.runNeeded + k) % this.runNeeded];
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

function withoutUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
