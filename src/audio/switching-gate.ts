// The neural gate as a node runs it: the model loads in the background (it
// must not hold up a deploy), so until it is there the adaptive gate decides,
// and when it cannot load (its optional packages missing) the adaptive gate
// simply stays. The pre-roll is this gate's own, so nothing held is lost when
// the inner gate changes.
import { AdaptiveGate } from './adaptive-gate';
import { PreRoll, type AudioGate, type GateFormat } from './gate';
import { SileroGate } from './silero-gate';
import type { SileroModel } from './silero-model';

/** Where the shared model is: loading, loaded, or given up on. */
export interface ModelSlot {
  readonly model: SileroModel | undefined;
}

export class SwitchingGate implements AudioGate {
  private readonly preRoll: PreRoll;
  private inner: AudioGate;
  private neural = false;

  constructor(
    private readonly slot: ModelSlot,
    private readonly settings: GateFormat & { preRollMs: number; onError?: (error: Error) => void },
  ) {
    this.preRoll = new PreRoll(settings, settings.preRollMs);
    this.inner = new AdaptiveGate({ ...settings, preRollMs: 0 });
  }

  /** The Silero model is deciding (it had loaded when audio came). */
  get isNeural(): boolean {
    return this.neural;
  }

  hasSpeech(chunk: Buffer): boolean {
    const model = this.slot.model;
    if (!this.neural && model !== undefined) {
      this.inner = new SileroGate(model, {
        sampleRate: this.settings.sampleRate,
        encoding: this.settings.encoding,
        preRollMs: 0,
        onError: this.settings.onError,
      });
      this.neural = true;
    }
    return this.inner.hasSpeech(chunk);
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
}
