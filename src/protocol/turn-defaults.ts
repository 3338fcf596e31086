// The service's documented turn-detection defaults per model family, which the
// simulator applies when a connection leaves a parameter out. docs/protocol.md
// lists each with its source (test/protocol/protocol-table.test.ts checks the
// two agree). Where sources disagree the newer one wins; the table says which.
import type { ModelFamily } from './params';

/** null: not a parameter of that family (the service ignores it there). */
export interface TurnDefaults {
  /** Universal-Streaming only; U3 ends turns on punctuation. */
  end_of_turn_confidence_threshold: number | null;
  min_turn_silence: number;
  max_turn_silence: number;
  vad_threshold: number;
  /** Universal-Streaming only; U3 is always formatted. */
  format_turns: boolean | null;
  /** U3 family only. */
  mode: string | null;
  /** U3 family: speech (ms) before the early partial. */
  interruption_delay: number | null;
  /** U3 family: a partial every ~3 s in long turns. Off when speaker_labels is on. */
  continuous_partials: boolean | null;
  /** U3 family: period of continuous partials (ms). */
  continuous_partial_ms: number | null;
}

export const TURN_DEFAULTS: Readonly<Record<ModelFamily, Readonly<TurnDefaults>>> = Object.freeze({
  'universal-streaming': Object.freeze({
    end_of_turn_confidence_threshold: 0.4,
    min_turn_silence: 400,
    max_turn_silence: 1280,
    vad_threshold: 0.4,
    format_turns: false,
    mode: null,
    interruption_delay: null,
    continuous_partials: null,
    continuous_partial_ms: null,
  }),
  u3: Object.freeze({
    end_of_turn_confidence_threshold: null,
    min_turn_silence: 100,
    max_turn_silence: 1000,
    vad_threshold: 0.3,
    format_turns: null,
    mode: 'balanced',
    interruption_delay: 500,
    continuous_partials: true,
    continuous_partial_ms: 3000,
  }),
});

/** The U3 family's default `mode` (docs: optimizing-accuracy-and-latency). */
export const DEFAULT_MODE = TURN_DEFAULTS.u3.mode ?? 'balanced';
