// Which turn behaviour a speech model has (../shared/assemblyai-v3.md §7).

/**
 * Universal-Streaming models send an unformatted end-of-turn message and, with
 * format_turns, a second formatted one. Every other model (the U3 family and
 * newer) sends a single formatted final per turn.
 */
export function isUniversalStreamingModel(model: unknown): boolean {
  return typeof model === 'string' && model.startsWith('universal-streaming');
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

/** The U3 family (and Whisper): one formatted end-of-turn message per turn. */
export function isSingleFinalModel(model: string): boolean {
  return model.startsWith('u3') || model.startsWith('universal-3') || model === 'whisper-rt';
}
