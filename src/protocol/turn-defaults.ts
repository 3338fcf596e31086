// The service's documented turn-detection defaults per model family, which the
// simulator applies when a connection leaves a parameter out. docs/protocol.md
// lists each with its source (test/protocol/protocol-table.test.ts checks the
// two agree). Where sources disagree the newer one wins; the table says which.
import type { ModelFamily } from './params';

export interface TurnDefaults {
  /** Universal-Streaming only; U3 ignores it. */
  end_of_turn_confidence_threshold: number;
  min_turn_silence: number;
  max_turn_silence: number;
  vad_threshold: number;
  format_turns: boolean;
  /** U3 family: speech (ms) before the early partial. null: not a parameter of this family. */
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
    interruption_delay: null,
    continuous_partials: null,
    continuous_partial_ms: null,
  }),
  u3: Object.freeze({
    end_of_turn_confidence_threshold: 0.4,
    min_turn_silence: 100,
    max_turn_silence: 1000,
    vad_threshold: 0.3,
    format_turns: false,
    interruption_delay: 500,
    continuous_partials: true,
    continuous_partial_ms: 3000,
  }),
});

/** The U3 family's `mode` values (docs: optimizing-accuracy-and-latency); `balanced` is the default. */
export const MODES = ['min_latency', 'balanced', 'max_accuracy'] as const;
export const DEFAULT_MODE = 'balanced';
