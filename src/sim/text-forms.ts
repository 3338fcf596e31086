// The two written forms of a scripted utterance. The script gives what is said;
// unformatted messages carry the spoken form (lower case, no punctuation,
// numbers as words) and formatted ones the written form the service's
// formatting gives (sentence case, terminal punctuation, numbers as digits).
// A script written already formatted ("Set a timer for 5 minutes.") keeps its
// casing and punctuation in the formatted form.
//
// Words are aligned: one entry per spoken word. A number said in several words
// ("twenty five") is one formatted word ("25"), carried by the first entry; the
// others have formatted ''.

export interface WordForms {
  /** Formatted text of this spoken word, or '' when it belongs to the previous formatted word. */
  formatted: string;
  /** The spoken, unformatted word. */
  plain: string;
}

const ONES = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const SCALES: Record<string, number> = { hundred: 100, thousand: 1000, million: 1_000_000 };

/** A whole number (0 to 999,999,999) as spoken words, e.g. 125 -> ['one', 'hundred', 'twenty', 'five']. */
export function numberToWords(n: number): string[] {
  if (n < 20) return [ONES[n]];
  if (n < 100) return n % 10 === 0 ? [TENS[n / 10]] : [TENS[Math.floor(n / 10)], ONES[n % 10]];
  if (n < 1000) return [ONES[Math.floor(n / 100)], 'hundred', ...(n % 100 === 0 ? [] : numberToWords(n % 100))];
  if (n < 1_000_000) return [...numberToWords(Math.floor(n / 1000)), 'thousand', ...(n % 1000 === 0 ? [] : numberToWords(n % 1000))];
  return [...numberToWords(Math.floor(n / 1_000_000)), 'million', ...(n % 1_000_000 === 0 ? [] : numberToWords(n % 1_000_000))];
}

function numberWordValue(word: string): { kind: 'unit' | 'scale'; value: number } | null {
  const ones = ONES.indexOf(word);
  if (ones >= 0) return { kind: 'unit', value: ones };
  const tens = TENS.indexOf(word);
  if (tens >= 2) return { kind: 'unit', value: tens * 10 };
  if (word in SCALES) return { kind: 'scale', value: SCALES[word] };
  return null;
}

/**
 * The longest run of number words starting at `from` that reads as one number,
 * with its value; null when none does. A lone "one" stays a word (it is as often
 * a pronoun) unless `loneOne` (it sits among other numbers), and a run cannot
 * start with a scale word ("hundred"). "and" after a scale joins ("two hundred and five").
 */
function readNumber(words: readonly string[], from: number, loneOne = false): { value: number; length: number } | null {
  let total = 0;
  let group = 0;
  let length = 0;
  let lastUnit = -1;
  for (let i = from; i < words.length; i++) {
    if (words[i] === 'and' && lastUnit === -1 && length > 0 && numberWordValue(words[i + 1] ?? '')?.kind === 'unit') {
      length++;
      continue;
    }
    const w = numberWordValue(words[i]);
    if (!w) break;
    if (w.kind === 'scale') {
      if (length === 0) return null;
      if (w.value === 100) group = (group || 1) * 100;
      else {
        total += (group || 1) * w.value;
        group = 0;
      }
      lastUnit = -1;
    } else {
      // "twenty five" combines; "five five" or "twenty thirty" are two numbers.
      if (lastUnit >= 0 && !(lastUnit >= 20 && lastUnit % 10 === 0 && w.value < 10)) break;
      group += w.value;
      lastUnit = w.value;
    }
    length++;
  }
  if (length === 0) return null;
  if (length === 1 && words[from] === 'one' && !loneOne) return null;
  return { value: total + group, length };
}

/** Splits a script token into leading punctuation, its core and trailing punctuation. */
function splitToken(token: string): { lead: string; core: string; trail: string } {
  const m = /^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/u.exec(token) as RegExpExecArray;
  return { lead: m[1], core: m[2], trail: m[3] };
}

function spokenOf(core: string): string[] {
  if (/^\d+$/.test(core) && core.length <= 9) return numberToWords(Number(core));
  const plain = core
    .toLowerCase()
    .replace(/[^\p{L}\p{N}'-]+/gu, '')
    .replace(/^['-]+|['-]+$/g, '');
  return plain === '' ? [] : [plain];
}

/** The aligned spoken and formatted words of an utterance (see the file comment). */
export function splitWords(text: string): WordForms[] {
  // 1. Spoken words, each remembering the script token it came from.
  const spoken: Array<{ plain: string; token: number; first: boolean }> = [];
  const tokens = text
    .split(/\s+/)
    .filter((t) => t !== '')
    .map(splitToken);
  tokens.forEach((t, index) => {
    spokenOf(t.core).forEach((plain, k) => spoken.push({ plain, token: index, first: k === 0 }));
  });
  // 2. Formatted words: number-word runs become digits; other words keep the script's form.
  const out: WordForms[] = [];
  const plains = spoken.map((s) => s.plain);
  for (let i = 0; i < spoken.length;) {
    const s = spoken[i];
    const t = tokens[s.token];
    const previousIsNumber = out.length > 0 && /^\d+$/.test(out[out.length - 1].formatted);
    if (/^\d+$/.test(t.core) && s.first) {
      // Digits in the script: the formatted form is the script's, whatever words say it.
      let k = i + 1;
      while (k < spoken.length && spoken[k].token === s.token) k++;
      out.push({ plain: s.plain, formatted: `${t.lead}${t.core}${t.trail}` });
      for (let j = i + 1; j < k; j++) out.push({ plain: spoken[j].plain, formatted: '' });
      i = k;
      continue;
    }
    const run = readNumber(plains, i, previousIsNumber || readNumber(plains, i + 1) !== null);
    if (run) {
      const lastToken = tokens[spoken[i + run.length - 1].token];
      out.push({ plain: s.plain, formatted: `${s.first ? t.lead : ''}${run.value}${lastToken.trail}` });
      for (let k = 1; k < run.length; k++) out.push({ plain: spoken[i + k].plain, formatted: '' });
      i += run.length;
      continue;
    }
    // A word from a digit token that did not read as a number stays a word; others keep the script's token.
    const formatted = s.first && /\D/.test(t.core) ? `${t.lead}${t.core}${t.trail}` : s.plain;
    out.push({
      plain: s.plain,
      formatted: s.plain === 'i' || s.plain.startsWith("i'") ? formatted.replace(/^([^\p{L}]*)i/u, '$1I') : formatted,
    });
    i++;
  }
  // 3. Sentence case and terminal punctuation.
  const firstIndex = out.findIndex((w) => w.formatted !== '');
  if (firstIndex >= 0) {
    const w = out[firstIndex];
    w.formatted = w.formatted.replace(/\p{L}/u, (c) => c.toUpperCase());
    let lastIndex = out.length - 1;
    while (out[lastIndex].formatted === '') lastIndex--;
    const last = out[lastIndex];
    if (!/[.?!]["')\]]*$/.test(last.formatted)) last.formatted = `${last.formatted.replace(/[,;:]+$/, '')}.`;
  }
  return out;
}

/** The formatted form of a whole utterance, e.g. "turn on the kitchen lights" -> "Turn on the kitchen lights.". */
export function formattedText(text: string): string {
  return splitWords(text)
    .map((w) => w.formatted)
    .filter((w) => w !== '')
    .join(' ');
}

/** The spoken form of a whole utterance, e.g. "Set a timer for 5 minutes." -> "set a timer for five minutes". */
export function spokenText(text: string): string {
  return splitWords(text)
    .map((w) => w.plain)
    .join(' ');
}

/** A formatted word without terminal punctuation. */
export function withoutTerminalPunctuation(word: string): string {
  return word.replace(/[.?!]+$/, '');
}
