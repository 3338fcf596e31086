// Fuzzy phrase similarity that survives recognition errors without confusing
// commands that differ by one real word.
//
// Design: a word-level edit distance whose substitution cost comes from a
// character-level similarity of the two words.
// - Word similarity = 1 - Levenshtein(a, b) / max(|a|, |b|) over characters.
// - Substituting a heard word for a phrase word costs 1 - similarity when more
//   than half of it agrees (similarity > 0.5: a mishearing, "of"/"off" 0.67
//   costs 0.33), and the full 1 otherwise (a different word: "on"/"off" 0.33
//   and "on"/"of" 0.5 each cost 1, so "turn of the lights" is close to "turn
//   off the lights" and not to "turn on the lights").
// - A phrase word that was not heard costs 1, an extra heard word costs 1.
// - Two phrase words heard as one ("light switch" / "lightswitch") or one heard
//   as two cost 1 - similarity of the joined words, allowed only when that
//   similarity is at least 0.8 (a split or join, not a way to absorb a word).
// - Numbers (digit tokens, after normalization turned "twenty one" into "21")
//   must be heard exactly: a phrase number that is missing or different makes
//   the phrase not match at all, so "set heat to 21" never fires on "22".
// - Score = 1 - cost / (number of phrase words), floored at 0. In text, the
//   phrase is aligned with the stretch of words that gives the best score.
// So "turn of the lights" scores 0.92 against "turn off the lights" and
// "turn on the lights" scores 0.75: the default threshold 0.85 keeps them apart.
// Each fully wrong word costs 1/n, so a threshold t lets a phrase of n words
// absorb (1 - t) * n wrong words.

/** A word with what the alignment asks of it computed once: its code points and whether it is a number. */
interface Word {
  readonly text: string;
  readonly chars: readonly string[];
  readonly number: boolean;
}

function prepare(words: readonly string[]): Word[] {
  return words.map((text) => ({ text, chars: Array.from(text), number: isNumberToken(text) }));
}

/** Two rows of the Levenshtein table, reused between calls (the filter runs synchronously). */
let rowA = new Uint16Array(64);
let rowB = new Uint16Array(64);

/** Levenshtein distance of two code point sequences, given as `x` and `y` or as two halves joined. */
function editDistance(x: readonly string[], y: readonly string[]): number {
  if (x.length === 0) return y.length;
  if (y.length === 0) return x.length;
  if (rowA.length <= y.length) {
    rowA = new Uint16Array(y.length + 1);
    rowB = new Uint16Array(y.length + 1);
  }
  let previous = rowA;
  let current = rowB;
  for (let j = 0; j <= y.length; j++) previous[j] = j;
  for (let i = 1; i <= x.length; i++) {
    current[0] = i;
    const xi = x[i - 1];
    for (let j = 1; j <= y.length; j++) {
      const substitution = previous[j - 1] + (xi === y[j - 1] ? 0 : 1);
      const deletion = previous[j] + 1;
      const insertion = current[j - 1] + 1;
      current[j] =
        substitution < deletion ? (substitution < insertion ? substitution : insertion) : deletion < insertion ? deletion : insertion;
    }
    const swap = previous;
    previous = current;
    current = swap;
  }
  return previous[y.length];
}

/** Character-level Levenshtein distance (over code points). */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  return editDistance(Array.from(a), Array.from(b));
}

const NUMBER = /^\p{Nd}+(?:[.,]\p{Nd}+)*$/u;

export function isNumberToken(word: string): boolean {
  return NUMBER.test(word);
}

/** 1 for the same word, 0 for nothing in common; a number is only like itself. */
export function wordSimilarity(a: string, b: string): number {
  const [x, y] = prepare([a, b]);
  return boundedSimilarity(x, y, -Infinity);
}

/**
 * wordSimilarity, except that it may return any value at or below `floor`
 * (without computing the distance) once the length difference alone shows the
 * similarity cannot exceed it: most word pairs in a long turn are rejected so.
 */
function boundedSimilarity(a: Word, b: Word, floor: number): number {
  if (a.text === b.text) return 1;
  if (a.number || b.number) return 0;
  return boundedCharSimilarity(a.chars, b.chars, floor);
}

function boundedCharSimilarity(x: readonly string[], y: readonly string[], floor: number): number {
  const longest = Math.max(x.length, y.length);
  if (longest === 0) return 1;
  const best = 1 - Math.abs(x.length - y.length) / longest;
  if (best <= floor) return best;
  return 1 - editDistance(x, y) / longest;
}

/** At or below this word similarity a substitution counts as a different word. */
export const MISHEARD_WORD_FLOOR = 0.5;

/** Joined words must be at least this similar to count as a split or join. */
export const SPLIT_WORD_FLOOR = 0.8;

function wordSubstitutionCost(phraseWord: Word, heardWord: Word): number {
  if (phraseWord.number) return phraseWord.text === heardWord.text ? 0 : Infinity;
  const similarity = boundedSimilarity(phraseWord, heardWord, MISHEARD_WORD_FLOOR);
  return similarity > MISHEARD_WORD_FLOOR ? 1 - similarity : 1;
}

export function substitutionCost(phraseWord: string, heardWord: string): number {
  const [p, h] = prepare([phraseWord, heardWord]);
  return wordSubstitutionCost(p, h);
}

function missingWordCost(phraseWord: Word): number {
  return phraseWord.number ? Infinity : 1;
}

/** Cost of matching two words with one written as a single word (a split or a join); Infinity when not allowed. */
function regroupCost(first: Word, second: Word, single: Word): number {
  if (first.number || second.number || single.number) return Infinity;
  const joinedLength = first.chars.length + second.chars.length;
  const longest = Math.max(joinedLength, single.chars.length);
  // The length difference alone rules out most pairs before any joining.
  if (1 - Math.abs(joinedLength - single.chars.length) / longest < SPLIT_WORD_FLOOR) return Infinity;
  const similarity = boundedCharSimilarity(first.chars.concat(second.chars), single.chars, SPLIT_WORD_FLOOR - 1e-9);
  return similarity >= SPLIT_WORD_FLOOR ? 1 - similarity : Infinity;
}

/**
 * Alignment table: cost[i][j] = cheapest way to explain the first i phrase
 * words with heard words ending at j. With `anywhere`, the heard stretch may
 * start at any word (free leading words); otherwise it starts at word 0.
 */
function alignmentCosts(phrase: readonly Word[], heard: readonly Word[], anywhere: boolean): Float64Array[] {
  const n = phrase.length;
  const m = heard.length;
  const cost: Float64Array[] = [];
  for (let i = 0; i <= n; i++) cost.push(new Float64Array(m + 1).fill(Infinity));
  for (let j = 0; j <= m; j++) cost[0][j] = anywhere ? 0 : j;
  for (let i = 1; i <= n; i++) {
    const word = phrase[i - 1];
    const missing = missingWordCost(word);
    const row = cost[i];
    const above = cost[i - 1];
    row[0] = above[0] + missing;
    for (let j = 1; j <= m; j++) {
      let best = Math.min(above[j - 1] + wordSubstitutionCost(word, heard[j - 1]), above[j] + missing, row[j - 1] + 1);
      if (i >= 2) best = Math.min(best, cost[i - 2][j - 1] + regroupCost(phrase[i - 2], word, heard[j - 1]));
      if (j >= 2) best = Math.min(best, above[j - 2] + regroupCost(heard[j - 2], heard[j - 1], word));
      row[j] = best;
    }
  }
  return cost;
}

function scoreOf(cost: number, phraseLength: number): number {
  return Math.max(0, 1 - cost / phraseLength);
}

/** Best score of `phrase` against any stretch of consecutive words of `heard`. */
export function phraseSimilarity(phrase: readonly string[], heard: readonly string[]): number {
  if (phrase.length === 0) return heard.length === 0 ? 1 : 0;
  const last = alignmentCosts(prepare(phrase), prepare(heard), true)[phrase.length];
  let best = Infinity;
  for (const value of last) if (value < best) best = value;
  return scoreOf(best, phrase.length);
}

/** Score of `phrase` against exactly the words of `heard`, start to end. */
export function wholeSimilarity(phrase: readonly string[], heard: readonly string[]): number {
  if (phrase.length === 0) return heard.length === 0 ? 1 : 0;
  const cost = alignmentCosts(prepare(phrase), prepare(heard), false);
  return scoreOf(cost[phrase.length][heard.length], phrase.length);
}
