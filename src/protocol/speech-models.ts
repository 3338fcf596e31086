// The speech models the service documents, and which turn behaviour each has
// (../shared/assemblyai-v3.md §1.4 and §7). The one list: params.ts, the
// transcriber's settings and its editor all read it.

/** 'universal-streaming': growing partials, optional formatted second message. 'u3': the U3 Pro sequence. */
export type ModelFamily = 'universal-streaming' | 'u3';

export interface SpeechModelInfo {
  name: string;
  family: ModelFamily;
  /** Offered in the transcriber's model list (the others are accepted when typed). */
  listed: boolean;
  /** Where §1.4 has it from: [PY] the Python SDK's SpeechModel, [LK]/[D-DIAR] secondary. */
  source: string;
  /** A deprecated alias of another model. */
  aliasOf?: string;
}

/** Listed models first, in the editor's order (the transcriber's default first). */
export const SPEECH_MODEL_CATALOGUE = [
  { name: 'universal-3-5-pro', family: 'u3', listed: true, source: '§1.4 [PY SpeechModel]' },
  { name: 'universal-3-6-pro', family: 'u3', listed: true, source: '§1.4 [LK], [D-DIAR] badges [L]' },
  { name: 'u3-rt-pro', family: 'u3', listed: true, source: '§1.4 [PY SpeechModel]' },
  { name: 'universal-streaming-english', family: 'universal-streaming', listed: true, source: '§1.4 [PY SpeechModel]' },
  { name: 'universal-streaming-multilingual', family: 'universal-streaming', listed: true, source: '§1.4 [PY SpeechModel]' },
  { name: 'whisper-rt', family: 'u3', listed: true, source: '§1.4 [PY SpeechModel]' },
  { name: 'u3-rt-pro-beta-1', family: 'u3', listed: false, source: '§1.4 [PY SpeechModel]' },
  { name: 'u3-pro', family: 'u3', listed: false, source: '§1.4 [PY SpeechModel] (deprecated)', aliasOf: 'u3-rt-pro' },
] as const satisfies readonly SpeechModelInfo[];

export type SpeechModel = (typeof SPEECH_MODEL_CATALOGUE)[number]['name'];

export function speechModelInfo(name: string): SpeechModelInfo | undefined {
  return (SPEECH_MODEL_CATALOGUE as readonly SpeechModelInfo[]).find((m) => m.name === name);
}

/**
 * A known model's family; a name the catalogue does not know (one the service
 * added later) counts as Universal-Streaming when it is named so, else as U3.
 */
export function modelFamily(model: string): ModelFamily {
  const known = speechModelInfo(model);
  if (known) return known.family;
  return model.startsWith('universal-streaming') ? 'universal-streaming' : 'u3';
}

/**
 * Universal-Streaming models send an unformatted end-of-turn message and, with
 * format_turns, a second formatted one. Every other model (the U3 family and
 * newer) sends a single formatted final per turn.
 */
export function isUniversalStreamingModel(model: unknown): boolean {
  return typeof model === 'string' && modelFamily(model) === 'universal-streaming';
}

/** format_turns as given by the user: true, or a string 'true' in any case. */
export function isFormatTurnsOn(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.toLowerCase() === 'true');
}

/**
 * True when the session must wait for a formatted end-of-turn message before a
 * turn is final. An unknown model with format_turns on is treated as
 * Universal-Streaming: a formatted end-of-turn is final at once either way, and
 * the wait for one is bounded.
 */
export function awaitsFormattedTurn(params: Record<string, unknown>): boolean {
  if (!isFormatTurnsOn(params.format_turns)) return false;
  const model = params.speech_model;
  return !(typeof model === 'string' && isSingleFinalModel(model));
}

/** The U3 family (and Whisper): one formatted end-of-turn message per turn. Unknown names only by their prefix. */
export function isSingleFinalModel(model: string): boolean {
  const known = speechModelInfo(model);
  if (known) return known.family === 'u3';
  return model.startsWith('u3') || model.startsWith('universal-3');
}
