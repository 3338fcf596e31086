// Spelled-out numbers to digits, so "twenty one" and "21" (what the service
// writes when it formats a turn) compare equal. Deliberately small: cardinals
// from zero up to the millions, with "and" after hundred/thousand. A number
// word that cannot extend the number being read starts a new one, which keeps
// clock times and lists apart: "seven thirty" -> "7 30", "one two" -> "1 2".

const UNITS = new Map<string, number>(
  ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'].map((w, i) => [w, i]),
);
const TEENS = new Map<string, number>(
  ['ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'].map((w, i) => [w, 10 + i]),
);
const TENS = new Map<string, number>(
  ['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'].map((w, i) => [w, 20 + 10 * i]),
);
const SCALES = new Map<string, number>([
  ['thousand', 1_000],
  ['million', 1_000_000],
]);

type Last = 'unit' | 'teen' | 'tens' | 'hundred' | 'scale';

/** A number being read: `group` is the part below the last scale word. */
interface Reading {
  total: number;
  group: number;
  last: Last;
  /** The last scale used, so "two thousand million" reads as two numbers. */
  lastScale: number;
}

/** Tries to extend `r` with `word`; false when `word` must start a new number. */
function extend(r: Reading, word: string): boolean {
  const afterHundredOrScale = r.last === 'hundred' || r.last === 'scale';
  const unit = UNITS.get(word);
  if (unit !== undefined) {
    if (unit === 0 || !(r.last === 'tens' || afterHundredOrScale) || r.group % 10 !== 0) return false;
    r.group += unit;
    r.last = 'unit';
    return true;
  }
  const teen = TEENS.get(word);
  const tens = TENS.get(word);
  if (teen !== undefined || tens !== undefined) {
    if (!afterHundredOrScale || r.group % 100 !== 0) return false;
    r.group += teen ?? tens ?? 0;
    r.last = teen !== undefined ? 'teen' : 'tens';
    return true;
  }
  if (word === 'hundred') {
    if (afterHundredOrScale || r.group === 0 || r.group >= 100) return false;
    r.group *= 100;
    r.last = 'hundred';
    return true;
  }
  const scale = SCALES.get(word);
  if (scale !== undefined) {
    if (r.last === 'scale' || r.group === 0 || scale >= r.lastScale) return false;
    r.total += r.group * scale;
    r.group = 0;
    r.last = 'scale';
    r.lastScale = scale;
    return true;
  }
  return false;
}

function startReading(word: string): Reading | undefined {
  const unit = UNITS.get(word);
  if (unit !== undefined) return { total: 0, group: unit, last: 'unit', lastScale: Infinity };
  const teen = TEENS.get(word);
  if (teen !== undefined) return { total: 0, group: teen, last: 'teen', lastScale: Infinity };
  const tens = TENS.get(word);
  if (tens !== undefined) return { total: 0, group: tens, last: 'tens', lastScale: Infinity };
  return undefined;
}

function isSmallNumberWord(word: string | undefined): boolean {
  if (word === undefined || word === 'zero') return false;
  return UNITS.has(word) || TEENS.has(word) || TENS.has(word);
}

/** Replaces runs of English number words in lower-case tokens by their digits. */
export function numberWordsToDigits(tokens: readonly string[]): string[] {
  const out: string[] = [];
  let reading: Reading | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const word = tokens[i];
    if (reading) {
      const joinsWithAnd = word === 'and' && (reading.last === 'hundred' || reading.last === 'scale') && isSmallNumberWord(tokens[i + 1]);
      if (joinsWithAnd || extend(reading, word)) continue;
      out.push(String(reading.total + reading.group));
    }
    reading = startReading(word);
    if (!reading) out.push(word);
  }
  if (reading) out.push(String(reading.total + reading.group));
  return out;
}
