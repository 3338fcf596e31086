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

/** Character-level Levenshtein distance (over code points). */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  const x = Array.from(a);
  const y = Array.from(b);
  if (x.length === 0) return y.length;
  if (y.length === 0) return x.length;
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  let current = new Array<number>(y.length + 1);
  for (let i = 1; i <= x.length; i++) {
    current[0] = i;
    for (let j = 1; j <= y.length; j++) {
      const substitution = previous[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1);
      current[j] = Math.min(substitution, previous[j] + 1, current[j - 1] + 1);
    }
    [previous, current] = [current, previous];
  }
  return previous[y.length];
}

const NUMBER = /^\p{Nd}+(?:[.,]\p{Nd}+)*$/u;

export function isNumberToken(word: string): boolean {
  return NUMBER.test(word);
}

/** 1 for the same word, 0 for nothing in common; a number is only like itself. */
export function wordSimilarity(a: string, b: string): number {
  return boundedWordSimilarity(a, b, -Infinity);
}

/**
 * wordSimilarity, except that it may return any value at or below `floor`
 * (without computing the distance) once the length difference alone shows the
 * similarity cannot exceed it: most word pairs in a long turn are rejected so.
 */
function boundedWordSimilarity(a: string, b: string, floor: number): number {
  if (a === b) return 1;
  if (isNumberToken(a) || isNumberToken(b)) return 0;
  const la = Array.from(a).length;
  const lb = Array.from(b).length;
  const longest = Math.max(la, lb);
  if (longest === 0) return 1;
  const best = 1 - Math.abs(la - lb) / longest;
  if (best <= floor) return best;
  return 1 - levenshtein(a, b) / longest;
}

/** At or below this word similarity a substitution counts as a different word. */
export const MISHEARD_WORD_FLOOR = 0.5;

/** Joined words must be at least this similar to count as a split or join. */
export const SPLIT_WORD_FLOOR = 0.8;

export function substitutionCost(phraseWord: string, heardWord: string): number {
  if (isNumberToken(phraseWord)) return phraseWord === heardWord ? 0 : Infinity;
  const similarity = boundedWordSimilarity(phraseWord, heardWord, MISHEARD_WORD_FLOOR);
  return similarity > MISHEARD_WORD_FLOOR ? 1 - similarity : 1;
}

function missingWordCost(phraseWord: string): number {
  return isNumberToken(phraseWord) ? Infinity : 1;
}

/** Cost of matching words split or joined differently; Infinity when not allowed. */
function regroupCost(phraseWords: readonly string[], heardWords: readonly string[]): number {
  if (phraseWords.some(isNumberToken) || heardWords.some(isNumberToken)) return Infinity;
  const similarity = boundedWordSimilarity(phraseWords.join(''), heardWords.join(''), SPLIT_WORD_FLOOR - 1e-9);
  return similarity >= SPLIT_WORD_FLOOR ? 1 - similarity : Infinity;
}

/**
 * Alignment table: cost[i][j] = cheapest way to explain the first i phrase
 * words with heard words ending at j. With `anywhere`, the heard stretch may
 * start at any word (free leading words); otherwise it starts at word 0.
 */
function alignmentCosts(phrase: readonly string[], heard: readonly string[], anywhere: boolean): number[][] {
  const n = phrase.length;
  const m = heard.length;
  const cost: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(Infinity));
  for (let j = 0; j <= m; j++) cost[0][j] = anywhere ? 0 : j;
  for (let i = 1; i <= n; i++) {
    cost[i][0] = cost[i - 1][0] + missingWordCost(phrase[i - 1]);
    for (let j = 1; j <= m; j++) {
      let best = Math.min(
        cost[i - 1][j - 1] + substitutionCost(phrase[i - 1], heard[j - 1]),
        cost[i - 1][j] + missingWordCost(phrase[i - 1]),
        cost[i][j - 1] + 1,
      );
      if (i >= 2) best = Math.min(best, cost[i - 2][j - 1] + regroupCost(phrase.slice(i - 2, i), [heard[j - 1]]));
      if (j >= 2) best = Math.min(best, cost[i - 1][j - 2] + regroupCost([phrase[i - 1]], heard.slice(j - 2, j)));
      cost[i][j] = best;
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
  const cost = alignmentCosts(phrase, heard, true);
  return scoreOf(cost[phrase.length].reduce((a, b) => Math.min(a, b), Infinity), phrase.length);
}

/** Score of `phrase` against exactly the words of `heard`, start to end. */
export function wholeSimilarity(phrase: readonly string[], heard: readonly string[]): number {
  if (phrase.length === 0) return heard.length === 0 ? 1 : 0;
  const cost = alignmentCosts(phrase, heard, false);
  return scoreOf(cost[phrase.length][heard.length], phrase.length);
}
