// Wake word: a phrase that must open a turn, recognised with the same
// tolerance as a fuzzy rule ("hey jervis" opens like "hey jarvis"), always on
// normalized text, and cut off the text the rules and msg.payload see.
import { normalizeTokens, rawTokens } from './normalize';
import { wholeSimilarity } from './similarity';

export const DEFAULT_WAKE_THRESHOLD = 0.8;

export interface WakeWordMatch {
  /** The text after the wake word, as transcribed, without leading punctuation. */
  rest: string;
  score: number;
}

/** Leading punctuation and space left after cutting "Jarvis," off "Jarvis, lights on". */
const LEADING_PUNCTUATION = /^[\s\p{P}]+/u;

/**
 * Whether `text` opens with `wakeTokens` (normalized). Tries the first 1..k
 * words of the text as transcribed and keeps the one closest to the wake word,
 * so the cut falls on a word boundary of the original text.
 */
export function matchWakeWord(
  text: string,
  wakeTokens: readonly string[],
  threshold: number = DEFAULT_WAKE_THRESHOLD,
): WakeWordMatch | null {
  if (wakeTokens.length === 0) return null;
  const words = rawTokens(text);
  const longestPrefix = Math.min(words.length, wakeTokens.length * 2 + 1);
  let best: { words: number; score: number } | undefined;
  for (let k = 1; k <= longestPrefix; k++) {
    const score = wholeSimilarity(wakeTokens, normalizeTokens(words.slice(0, k).join(' ')));
    if (!best || score > best.score) best = { words: k, score };
  }
  if (!best || best.score < threshold) return null;
  return {
    rest: words.slice(best.words).join(' ').replace(LEADING_PUNCTUATION, ''),
    score: Math.round(best.score * 1000) / 1000,
  };
}
