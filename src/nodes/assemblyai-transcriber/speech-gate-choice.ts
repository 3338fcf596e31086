// The transcriber's speechGate field -> the session's gate factory. energy:
// none (the session's own SpeechGate). adaptive: the noise-floor gate.
// neural: Silero VAD, loaded in the background at deploy; until it is loaded
// the adaptive gate decides, and when it cannot load (the optional packages
// onnxruntime-web and @ricky0123/vad-web are not installed) the node says so
// once and keeps the adaptive gate. Nothing here throws or rejects.
import { AdaptiveGate } from '../../audio/adaptive-gate';
import { SwitchingGate, type ModelSlot } from '../../audio/switching-gate';
import { loadSileroModel, type SileroModel } from '../../audio/silero-model';
import type { SpeechGateChoice } from '../../config/node-fields';
import type { GateFactory } from '../../session/gate-factory';

export interface GateEvents {
  /** The neural model is loading (status). */
  loading(): void;
  /** It loaded: the neural gate decides from now on. */
  ready(): void;
  /** It cannot load: the adaptive gate stays (warn once). */
  unavailable(error: Error): void;
  /** Inference failed: the gate lets audio through (billed, never lost). */
  failed(error: Error): void;
}

export interface GateChoice {
  factory: GateFactory | undefined;
  /** Settles once the gate is final (neural loaded or given up); at once for energy and adaptive. */
  settled: Promise<void>;
}

export function chooseGate(choice: SpeechGateChoice, events: GateEvents, load: () => Promise<SileroModel> = loadSileroModel): GateChoice {
  if (choice === 'energy') return { factory: undefined, settled: Promise.resolve() };
  if (choice === 'adaptive') return { factory: (settings) => new AdaptiveGate(settings), settled: Promise.resolve() };
  const slot: { model: SileroModel | undefined } = { model: undefined };
  const guarded = (report: () => void) => {
    try {
      report();
    } catch {
      // a status or log call that throws must not stop the gate
    }
  };
  guarded(() => events.loading());
  let started: Promise<SileroModel>;
  try {
    started = load();
  } catch (error) {
    started = Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
  const settled = started.then(
    (model) => {
      slot.model = model;
      guarded(() => events.ready());
    },
    (error: unknown) => guarded(() => events.unavailable(error instanceof Error ? error : new Error(String(error)))),
  );
  const readOnly: ModelSlot = slot;
  let failureReported = false;
  const onError = (error: Error) => {
    if (failureReported) return;
    failureReported = true;
    guarded(() => events.failed(error));
  };
  return { factory: (settings) => new SwitchingGate(readOnly, { ...settings, onError }), settled };
}
