import assert from 'node:assert/strict';
import { createBoundedRegexRunner } from '../../src/filter/bounded-regex';
import { compileLinear, textSafeForLinear } from '../../src/filter/linear-regex';

/** What callers use of a match: the whole match and the named groups. */
function shape(match: RegExpExecArray | null): unknown {
  return match && { text: match[0], groups: match.groups ? { ...match.groups } : undefined };
}

describe('filter/linear-regex (RE2 where it means the same)', () => {
  it('takes the patterns voice commands use', () => {
    for (const re of [
      /set a timer for (?<minutes>\d+) minutes?/i,
      /^turn (on|off) the (\w+) lights?$/,
      /\b(?:kitchen|hall)\b/i,
      /temperature.*(?<room>living room|kitchen)/s,
      /^(?:please )?play/m,
      /(?<n>\d+(?:[.,]\d+)?)\s*(?<unit>degrees|percent)/, // a repeated group beside a capture, not around one
      /[(]+(?<x>a)/, // a parenthesis in a class opens no group
      /a\x41/,
    ]) {
      assert.ok(compileLinear(re), String(re));
    }
  });

  it('leaves to V8 what RE2 cannot run or reads differently', () => {
    for (const re of [
      /(?=lights)on/, // lookahead
      /(on)\s\1/, // backreference
      /(?<!not )on/, // lookbehind
      new RegExp('\\p{L}+'), // without u: the letter p and a repeat
      /[[:alpha:]]+/, // POSIX class in RE2, a character class in JavaScript
      new RegExp('a\\x{41}'), // RE2: \x{41}; JavaScript: x repeated 41 times
      /(?:(?<word>on)|off)+/, // a capture inside a repeated group
      /((?<word>on)|off){2}/,
      // eslint-disable-next-line no-empty-character-class -- the point of this case
      /[]a]/, // JavaScript: an empty class, then "a]"
      /[^]+/, // JavaScript: any character
      /on/y,
      /a{1001}/, // over RE2's repeat limit
    ]) {
      assert.equal(compileLinear(re), undefined, String(re));
    }
  });

  it('gives the same matches and groups as JavaScript', () => {
    const patterns = [
      /set a timer for (?<minutes>\d+) minutes?/i,
      /^turn (?<state>on|off) the (?<room>\w+) lights?\.?$/i,
      /\b(?:kitchen|hall)\b/i,
      /(?<first>\w+)\s+(?<second>\w*)$/,
      /^.*?lights/,
      /TURN\s+ON/i,
      /[^a-z ]+/,
      /(?<n>\d+(?:[.,]\d+)?)\s*(?<unit>degrees|percent)/,
    ];
    const texts = [
      'Set a timer for 10 minutes.',
      'set a timer for 1 minute',
      'Turn on the kitchen lights.',
      'turn off the hall light',
      'What is the temperature in the kitchen?',
      'Set the heat to 21.5 degrees',
      'Über café lights, naïve façade',
      '',
      'hallway kitchenette',
    ];
    for (const re of patterns) {
      const linear = compileLinear(re);
      assert.ok(linear, String(re));
      for (const text of texts)
        assert.deepEqual(
          shape(linear.exec(text)),
          shape(new RegExp(re.source, re.flags).exec(text)),
          `${String(re)} on ${JSON.stringify(text)}`,
        );
    }
  });

  it('sends texts with characters the engines define differently to V8', () => {
    assert.equal(textSafeForLinear('Turn on the kitchen lights.'), true);
    assert.equal(textSafeForLinear('Über café'), true);
    for (const text of ['a\u00a0b', 'a\r\nb', 'a\u2028b', 'Kelvin \u212a', 'stra\u00dfe'])
      assert.equal(textSafeForLinear(text), false, JSON.stringify(text));
    const run = createBoundedRegexRunner(200);
    assert.equal(run(/a\sb/, 'a\u00a0b')?.[0], 'a\u00a0b', "JavaScript's \\s takes a no-break space; RE2's would not");
  });

  it('runs a catastrophic pattern without a capture in linear time instead of hitting the bound', () => {
    // On V8 this pattern never finishes for 3000 characters, so the time-bounded
    // path would throw a RegexTimeoutError: an answer (null) proves RE2 ran it,
    // without timing the call on a machine that may be loaded.
    const run = createBoundedRegexRunner(30);
    assert.equal(run(/^(?:a+)+$/, `${'a'.repeat(3000)}b`), null);
  });
});
