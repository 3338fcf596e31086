// What a simulated session is set up from: the resolved timing, the turn
// settings a connection's parameters give (with the service's defaults for the
// model's family), Begin's configuration and the texts of error closes.
import { CloseReason, MAX_CLOSE_REASON_BYTES } from '../protocol/close-codes';
import { modelFamily, type ParsedParameters } from '../protocol/params';
import { DEFAULT_MODE, TURN_DEFAULTS } from '../protocol/turn-defaults';
import type { TurnSettings } from './turn-engine';

export interface ResolvedTiming {
  tickMs: number;
  throttleFactor: number;
  throttleBurstSeconds: number;
  maxBufferedSeconds: number;
  strictFactor: number;
  strictBurstSeconds: number;
  terminationDelayMs: number;
  wordMs: number;
  minSpeechMs: number;
  heartbeatMs: number;
  continuousPartialMs: number;
  unknownSpeakerBelowMs: number;
}

/** Numbers in error texts: integers as they are, others with up to 2 decimals. */
export function formatAmount(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Math.round(value * 100) / 100);
}

export function closeReasonFor(text: string): string {
  return Buffer.byteLength(text) <= MAX_CLOSE_REASON_BYTES ? text : CloseReason.seeErrorMessage;
}

export function turnSettings(params: ParsedParameters, family: 'universal-streaming' | 'u3'): TurnSettings {
  const d = TURN_DEFAULTS[family];
  const speakerLabels = params.speaker_labels === true;
  return {
    endOfTurnConfidenceThreshold:
      (params.end_of_turn_confidence_threshold as number | undefined) ?? d.end_of_turn_confidence_threshold ?? 0.4,
    minTurnSilence: (params.min_turn_silence as number | undefined) ?? d.min_turn_silence,
    maxTurnSilence: (params.max_turn_silence as number | undefined) ?? d.max_turn_silence,
    vadThreshold: (params.vad_threshold as number | undefined) ?? d.vad_threshold,
    formatTurns: (params.format_turns as boolean | undefined) ?? d.format_turns ?? false,
    // The service turns continuous partials off by default with speaker labels.
    continuousPartials: (params.continuous_partials as boolean | undefined) ?? ((d.continuous_partials ?? false) && !speakerLabels),
    interruptionDelay: (params.interruption_delay as number | undefined) ?? d.interruption_delay ?? 0,
    includePartialTurns: params.redact_pii === true ? false : ((params.include_partial_turns as boolean | undefined) ?? true),
    speakerLabels,
    languageDetection: params.language_detection === true,
  };
}

/**
 * Begin's configuration: the model, its mode (U3 family only: the docs say
 * modes are not available on Universal-Streaming), the features asked for, and
 * the API version.
 */
export function beginConfiguration(params: ParsedParameters, model: string, apiVersion: string): Record<string, unknown> {
  const configuration: Record<string, unknown> = { model };
  if (modelFamily(model) === 'u3') configuration.mode = params.mode ?? DEFAULT_MODE;
  for (const name of ['speaker_labels', 'redact_pii', 'filter_profanity', 'domain', 'voice_focus'] as const) {
    if (params[name] !== undefined) configuration[name] = params[name];
  }
  configuration.api_version = apiVersion;
  return configuration;
}

/** UpdateConfiguration: the validated fields that change the turn settings mid-session. */
export function applySettingsUpdate(s: TurnSettings, p: ParsedParameters): void {
  if (typeof p.end_of_turn_confidence_threshold === 'number') s.endOfTurnConfidenceThreshold = p.end_of_turn_confidence_threshold;
  if (typeof p.min_turn_silence === 'number') s.minTurnSilence = p.min_turn_silence;
  if (typeof p.max_turn_silence === 'number') s.maxTurnSilence = p.max_turn_silence;
  if (typeof p.vad_threshold === 'number') s.vadThreshold = p.vad_threshold;
  if (typeof p.format_turns === 'boolean') s.formatTurns = p.format_turns;
  if (typeof p.continuous_partials === 'boolean') s.continuousPartials = p.continuous_partials;
  if (typeof p.interruption_delay === 'number') s.interruptionDelay = p.interruption_delay;
}
