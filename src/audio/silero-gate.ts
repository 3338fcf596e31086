// A speech gate on Silero VAD: a voice opens it, a fan, music or clatter
// mostly does not. Inference is asynchronous, so hasSpeech(chunk) reports the
// windows whose results have arrived since the previous call; at real-time pace
// that is the previous chunk's audio (a window takes well under a millisecond),
// and the pre-roll covers the delay. Speech starts after minSpeechMs of windows
// at or above threshold and lasts until a window falls below negativeThreshold.
// Windows quieter than SILENT_DBFS are not rated (probability 0), which saves
// the model's CPU in a quiet room; no voice a microphone should act on is that
// faint. When the model fails, or falls more than MAX_BACKLOG_WINDOWS behind, the gate
// fails open (reports speech), so audio is billed rather than lost.
import { PcmDecoder } from './pcm-decoder';
import { PreRoll, type AudioGate, type GateFormat } from './gate';
import { Resampler } from './resampler';
import { loadSileroModel, SILERO_SAMPLE_RATE, SILERO_WINDOW_SAMPLES, type SileroModel, type SileroStream } from './silero-model';

export interface SileroGateSettings extends GateFormat {
  preRollMs: number;
  threshold?: number;
  negativeThreshold?: number;
  minSpeechMs?: number;
  /** Called once when inference fails; the gate then passes all audio. */
  onError?: (error: Error) => void;
}

export const SILERO_DEFAULTS = { threshold: 0.5, negativeThreshold: 0.35, minSpeechMs: 64 };
const WINDOW_MS = (SILERO_WINDOW_SAMPLES * 1000) / SILERO_SAMPLE_RATE;
const MAX_BACKLOG_WINDOWS = 64;
const SILENT_DBFS = -65;
const SILENT_MEAN_SQUARE = 10 ** (SILENT_DBFS / 10);

export class SileroGate implements AudioGate {
  /** Loads the shared model (VoiceModelUnavailableError when its packages are missing) and makes a gate. */
  static async create(settings: SileroGateSettings): Promise<SileroGate> {
    return new SileroGate(await loadSileroModel(), settings);
  }

  private readonly decoder: PcmDecoder;
  private readonly resampler: Resampler;
  private readonly preRoll: PreRoll;
  private readonly stream: SileroStream;
  private readonly threshold: number;
  private readonly negativeThreshold: number;
  private readonly windowsNeeded: number;
  private readonly window = new Float32Array(SILERO_WINDOW_SAMPLES);
  private filled = 0;
  private pending = 0;
  private idle: Promise<void> = Promise.resolve();
  private aboveRun = 0;
  private speaking = false;
  private heard = false;
  private failure: Error | undefined;
  private lastProbability = 0;

  constructor(
    private readonly model: SileroModel,
    private readonly settings: SileroGateSettings,
  ) {
    this.decoder = new PcmDecoder(settings.encoding);
    this.resampler = new Resampler(settings.sampleRate, SILERO_SAMPLE_RATE);
    this.preRoll = new PreRoll(settings, settings.preRollMs);
    this.stream = model.newStream();
    this.threshold = settings.threshold ?? SILERO_DEFAULTS.threshold;
    this.negativeThreshold = settings.negativeThreshold ?? SILERO_DEFAULTS.negativeThreshold;
    this.windowsNeeded = Math.max(1, Math.round((settings.minSpeechMs ?? SILERO_DEFAULTS.minSpeechMs) / WINDOW_MS));
  }

  /** The inference error that made the gate fail open, if any. */
  get error(): Error | undefined {
    return this.failure;
  }

  /** The speech probability of the latest window rated. */
  get probability(): number {
    return this.lastProbability;
  }

  hasSpeech(chunk: Buffer): boolean {
    const samples = this.resampler.process(this.decoder.decode(chunk));
    for (let i = 0; i < samples.length; i++) {
      this.window[this.filled++] = samples[i];
      if (this.filled === SILERO_WINDOW_SAMPLES) {
        this.rate(this.window.slice());
        this.filled = 0;
      }
    }
    const heard = this.heard || this.failure !== undefined;
    this.heard = this.speaking;
    return heard;
  }

  /** Resolves when every window given so far has been rated. */
  settled(): Promise<void> {
    return this.idle;
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

  private rate(samples: Float32Array): void {
    if (this.failure !== undefined) return;
    let sum = 0;
    for (let i = 0; i < samples.length; i++) sum += samples[i] * samples[i];
    if (sum / samples.length < SILENT_MEAN_SQUARE) {
      this.model.skip(this.stream, samples);
      this.idle = this.idle.then(() => this.onProbability(0));
      return;
    }
    if (this.pending >= MAX_BACKLOG_WINDOWS) {
      this.heard = true; // too far behind to judge: let the audio through
      return;
    }
    this.pending++;
    let result: Promise<number>;
    try {
      result = this.model.probability(this.stream, samples);
    } catch (error) {
      this.pending--;
      this.fail(error);
      return;
    }
    this.idle = result.then(
      (p) => {
        this.pending--;
        this.onProbability(p);
      },
      (error: unknown) => {
        this.pending--;
        this.fail(error);
      },
    );
  }

  private onProbability(p: number): void {
    this.lastProbability = p;
    if (this.speaking) {
      if (p < this.negativeThreshold) {
        this.speaking = false;
        this.aboveRun = 0;
      } else this.heard = true;
      return;
    }
    this.aboveRun = p >= this.threshold ? this.aboveRun + 1 : 0;
    if (this.aboveRun >= this.windowsNeeded) {
      this.speaking = true;
      this.heard = true;
    }
  }

  private fail(error: unknown): void {
    if (this.failure !== undefined) return;
    this.failure = error instanceof Error ? error : new Error(String(error));
    try {
      this.settings.onError?.(this.failure);
    } catch {
      // a listener's own error must not stop the audio
    }
  }
}
