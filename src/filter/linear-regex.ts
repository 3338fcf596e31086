// A user's JavaScript regular expression on RE2 (re2js), a linear-time engine
// that cannot backtrack catastrophically, where RE2 gives it the same meaning.
// The rest (lookarounds, backreferences, syntax that means something else in
// RE2) stays on V8 under a time bound (bounded-regex.ts).
//
// Where the two engines agree: same syntax accepted by both, except
// - escapes of letters and digits other than \d \D \w \W \s \S \b \B \n \r \t
//   \f \v \x: without the u flag JavaScript reads \p, \Q, \z... as plain
//   letters, RE2 as classes, quotes or anchors; \1 is a backreference;
// - "[:" (RE2 reads [[:alpha:]] as a POSIX class);
// - \x not followed by two hex digits (RE2 reads \x{41} as "A");
// - "[]" and "[^]" (JavaScript's empty and any-character classes; RE2 reads
//   "[]a]" as a class holding "]" and "a");
// - a capture group inside a repeated group: JavaScript forgets the capture
//   when a later repeat does not take part in it, RE2 keeps the last one;
// - the y and v flags.
// And on texts without the characters where their definitions differ: Unicode
// spaces and line ends (\s and . in JavaScript), and letters with case
// variants outside JavaScript's non-Unicode case folding (ſ, ß/ẞ, the Kelvin,
// Angstrom and Ohm signs). Such a text goes to V8 for that one match.
import { RE2JS } from 're2js';

export interface LinearPattern {
  exec(text: string): RegExpExecArray | null;
}

const SAFE_LETTER_ESCAPES = new Set('dDwWsSbBnrtfv');
const LETTER_OR_DIGIT_ESCAPE = /\\(x[0-9A-Fa-f]{2}|[A-Za-z0-9])/g;
const ANY_ESCAPE = /\\[\s\S]/g;
const EMPTY_OR_ANY_CLASS = /\[\^?\]/;
const UNSUPPORTED_FLAGS = /[yv]/;

/** Characters on which JavaScript and RE2 may disagree; a text holding one is matched by V8. */
const DIVERGENT_TEXT = /[\r\v\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff\u017f\u00df\u1e9e\u212a\u212b\u2126]/;

function sameMeaningInRe2(source: string): boolean {
  if (source.includes('[:')) return false;
  for (const [, escaped] of source.replace(/\\\\/g, '').matchAll(LETTER_OR_DIGIT_ESCAPE)) {
    if (escaped.length === 1 && !SAFE_LETTER_ESCAPES.has(escaped)) return false;
  }
  if (EMPTY_OR_ANY_CLASS.test(source.replace(ANY_ESCAPE, 'e'))) return false;
  return !repeatedGroupHoldsCapture(source);
}

/** Whether a group followed by a quantifier has a capture group inside it. */
function repeatedGroupHoldsCapture(source: string): boolean {
  const open: Array<{ capturing: boolean; holdsCapture: boolean }> = [];
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') {
      const capturing = source[i + 1] !== '?' || (source[i + 2] === '<' && source[i + 3] !== '=' && source[i + 3] !== '!');
      open.push({ capturing, holdsCapture: false });
    } else if (c === ')') {
      const group = open.pop();
      if (group === undefined) continue;
      if (group.holdsCapture && '*+?{'.includes(source[i + 1] ?? '-')) return true;
      const parent = open[open.length - 1];
      if (parent !== undefined) parent.holdsCapture ||= group.capturing || group.holdsCapture;
    }
  }
  return false;
}

function re2Flags(flags: string): number {
  let result = 0;
  if (flags.includes('i')) result |= RE2JS.CASE_INSENSITIVE;
  if (flags.includes('m')) result |= RE2JS.MULTILINE;
  if (flags.includes('s')) result |= RE2JS.DOTALL;
  return result;
}

/** RE2's version of `re`, or undefined where RE2 cannot run it with the same meaning. */
export function compileLinear(re: RegExp): LinearPattern | undefined {
  if (UNSUPPORTED_FLAGS.test(re.flags) || !sameMeaningInRe2(re.source)) return undefined;
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(re.source, re2Flags(re.flags));
  } catch {
    return undefined; // lookarounds, backreferences, repeats over 1000...
  }
  return { exec: (text) => compiled.exec(text) as RegExpExecArray | null };
}

/** Whether RE2 can match this text with JavaScript's meaning. */
export function textSafeForLinear(text: string): boolean {
  return !DIVERGENT_TEXT.test(text);
}
