// What the matcher compares: a turn's text as lower-case words without
// punctuation, with numbers as digits however the service wrote them
// ("40%", "forty percent", "twenty-five"), and for each word where it came
// from in the original text, so a wildcard slot can hand back the words as
// they were spoken ("Bohemian Rhapsody", not "bohemian rhapsody").
import { numberWordsToDigits } from '../filter/number-words';

export interface SpokenWord {
  /** Normalized form: lower case, no accents, apostrophes or dots. */
  text: string;
  /** Where the word came from in the original text: [start, end). */
  start: number;
  end: number;
}

export interface NormalizedTurn {
  /** The words joined by single spaces: what templates are matched against. */
  normalized: string;
  words: SpokenWord[];
  /** Offset of each word in `normalized`. */
  offsets: number[];
  original: string;
}

/**
 * A word is a run of letters, marks and digits; apostrophes and dots inside it
 * ("don't", "p.m.", "2.5") and digit-grouping commas ("1,000") do not break it.
 * "%" is a word of its own ("percent"), and so is a minus sign before a digit.
 */
const WORD = /%|-(?=\p{Nd})|[\p{L}\p{M}\p{N}]+(?:(?:['\u2018\u2019\u02bc`.]|,(?=\p{Nd}{3}(?!\p{Nd})))[\p{L}\p{M}\p{N}]+)*/gu;
const DIACRITICS = /\p{M}+/gu;
const INNER_MARKS = /['\u2018\u2019\u02bc`,]/g;
const LETTER_DOT = /\.(?!\p{Nd})|(?<!\p{Nd})\./gu;
const ALNUM = /[\p{L}\p{M}\p{N}]/u;

/** Longest run of number words read as one number ("one hundred and five"). */
const MAX_NUMBER_WORDS = 12;

function normalizeWord(raw: string): string {
  if (raw === '%') return 'percent';
  if (raw === '-') return 'minus';
  return raw.normalize('NFKD').replace(DIACRITICS, '').toLowerCase().replace(INNER_MARKS, '').replace(LETTER_DOT, '');
}

function rawWords(text: string): SpokenWord[] {
  const words: SpokenWord[] = [];
  for (const m of text.matchAll(WORD)) {
    const start = m.index ?? 0;
    // "covid-19": a hyphen after a letter or digit joins words, it is no minus sign.
    if (m[0] === '-' && start > 0 && ALNUM.test(text[start - 1])) continue;
    const normalized = normalizeWord(m[0]);
    if (normalized.length > 0) words.push({ text: normalized, start, end: start + m[0].length });
  }
  return words;
}

/** How many words from `i` on read as one number, and its digits; undefined if `words[i]` starts none. */
function readNumber(words: readonly SpokenWord[], i: number): { count: number; digits: string } | undefined {
  const first = numberWordsToDigits([words[i].text]);
  if (first[0] === words[i].text) return undefined;
  let best = { count: 1, digits: first[0] };
  const slice = [words[i].text];
  for (let k = i + 1; k < words.length && k - i < MAX_NUMBER_WORDS; k++) {
    slice.push(words[k].text);
    const read = numberWordsToDigits(slice);
    if (read.length === 1) best = { count: slice.length, digits: read[0] };
  }
  return best;
}

/** Replaces runs of number words by one word of digits spanning them. */
function joinNumbers(words: readonly SpokenWord[]): SpokenWord[] {
  const out: SpokenWord[] = [];
  for (let i = 0; i < words.length;) {
    const number = readNumber(words, i);
    if (!number) {
      out.push(words[i]);
      i++;
      continue;
    }
    out.push({ text: number.digits, start: words[i].start, end: words[i + number.count - 1].end });
    i += number.count;
  }
  return out;
}

/** The normalized words of `text`, each with its place in `text`. */
export function normalizedWords(text: string): SpokenWord[] {
  return joinNumbers(rawWords(text));
}

export function matchText(original: string): NormalizedTurn {
  const words = normalizedWords(original);
  const offsets: number[] = [];
  let length = 0;
  for (const word of words) {
    offsets.push(length);
    length += word.text.length + 1;
  }
  return { normalized: words.map((w) => w.text).join(' '), words, offsets, original };
}

/** A literal piece of a template, normalized the same way as turns. */
export interface LiteralPiece {
  text: string;
  /** Whether the piece begins / ends with something that separates words (space, punctuation, "%"). */
  separatedBefore: boolean;
  separatedAfter: boolean;
}

const SEPARATE_WORDS = new Set(['percent', 'minus']);

export function literalPiece(raw: string): LiteralPiece {
  const words = normalizedWords(raw);
  if (words.length === 0) return { text: '', separatedBefore: raw.length > 0, separatedAfter: raw.length > 0 };
  const first = words[0];
  const last = words[words.length - 1];
  return {
    text: words.map((w) => w.text).join(' '),
    separatedBefore: first.start > 0 || (SEPARATE_WORDS.has(first.text) && !ALNUM.test(raw[0])),
    separatedAfter: last.end < raw.length || (SEPARATE_WORDS.has(last.text) && !ALNUM.test(raw[raw.length - 1])),
  };
}
