// Text normalization for matching: the same words compare equal whether the
// service sent them formatted ("Turn on the lights, please.") or not ("turn on
// the lights please"), and whether it wrote numbers as words or digits.
import { numberWordsToDigits } from './number-words';

/** Whether rules see normalized tokens or the text exactly as transcribed. */
export type TextMode = 'normalized' | 'raw';

const DIACRITICS = /\p{M}+/gu;
const APOSTROPHES = /['\u2018\u2019\u02bc`]/g;
/** "p.m." -> "pm.", "e.g." -> "eg.": dots inside abbreviations are not word breaks. */
const DOT_BETWEEN_LETTERS = /(\p{L})\.(?=\p{L})/gu;
/** "1,000" -> "1000". */
const DIGIT_GROUPING = /(\p{Nd}),(?=\p{Nd}{3}(?!\p{Nd}))/gu;
/** A decimal number, or a run of letters and digits; everything else separates words. */
const TOKEN = /\p{Nd}+(?:\.\p{Nd}+)+|[\p{L}\p{N}]+/gu;

/**
 * Lower-case word tokens without punctuation or accents, with spelled-out
 * numbers turned into digits: "Hey, it's Twenty-One!" -> ["hey", "its", "21"].
 */
export function normalizeTokens(text: string): string[] {
  const cleaned = text
    .normalize('NFKD')
    .replace(DIACRITICS, '')
    .toLowerCase()
    .replace(APOSTROPHES, '')
    .replace(DOT_BETWEEN_LETTERS, '$1')
    .replace(DIGIT_GROUPING, '$1');
  return numberWordsToDigits(cleaned.match(TOKEN) ?? []);
}

/** The words of `text` split on white space, untouched. */
export function rawTokens(text: string): string[] {
  return text.split(/\s+/u).filter((word) => word.length > 0);
}

export function tokenize(text: string, mode: TextMode): string[] {
  return mode === 'raw' ? rawTokens(text) : normalizeTokens(text);
}

/** The normalized form as one string: tokens joined by single spaces. */
export function normalizeText(text: string): string {
  return normalizeTokens(text).join(' ');
}
