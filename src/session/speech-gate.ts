// Decides, for the auto policy with openOn 'speech', when audio is worth a
// billed session: it rates loudness with the energy VAD, keeps the last
// preRollMs of audio while closed (so the first words of a command are not
// lost to detection latency), and reports speech when loud windows have lasted
// minSpeechMs in a row.
import { FrameQueue } from '../audio/frame-queue';
import { EnergyVad, VAD_CEILING_DBFS, VAD_FLOOR_DBFS } from '../audio/vad';
import { bytesPerSample, type AudioEncoding } from '../protocol/messages';

export interface SpeechGateSettings {
  sampleRate: number;
  encoding: AudioEncoding;
  /** Loudness (dBFS over 10 ms windows) from which a window counts as speech. */
  thresholdDbfs: number;
  /** Loud windows in a row needed before speech is reported. */
  minSpeechMs: number;
  /** Audio kept from before the speech was detected. */
  preRollMs: number;
}

export class SpeechGate {
  private readonly vad: EnergyVad;
  private readonly preRoll: FrameQueue;
  private readonly thresholdProbability: number;
  private readonly windowsNeeded: number;
  private loudRun = 0;
  private heard = false;

  constructor(settings: SpeechGateSettings) {
    this.vad = new EnergyVad(settings.sampleRate, settings.encoding);
    const bytesPerMs = (settings.sampleRate * bytesPerSample(settings.encoding)) / 1000;
    this.preRoll = new FrameQueue(Math.round(settings.preRollMs * bytesPerMs));
    this.thresholdProbability = (settings.thresholdDbfs - VAD_FLOOR_DBFS) / (VAD_CEILING_DBFS - VAD_FLOOR_DBFS);
    this.windowsNeeded = Math.max(1, Math.round(settings.minSpeechMs / this.vad.windowMs));
  }

  /** Rates a chunk; true when it holds (or continues) a run of speech. */
  hasSpeech(chunk: Buffer): boolean {
    this.heard = false;
    this.vad.process(chunk, this.onWindow);
    return this.heard;
  }

  /** Keeps a chunk while closed; returns the bytes of older audio let go. */
  hold(chunk: Buffer): number {
    return this.preRoll.push(chunk);
  }

  /** The audio held, oldest first, and empties the pre-roll. */
  release(): Buffer[] {
    return this.preRoll.takeAll();
  }

  get heldBytes(): number {
    return this.preRoll.bytes;
  }

  private readonly onWindow = (probability: number): void => {
    if (probability >= this.thresholdProbability) {
      if (++this.loudRun >= this.windowsNeeded) this.heard = true;
    } else {
      this.loudRun = 0;
    }
  };
}
