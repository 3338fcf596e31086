import assert from 'node:assert/strict';
import { IntentConfigError, IntentMatcher, type RawIntentConfig } from '../../src/intent';

function matcher(config: RawIntentConfig): IntentMatcher {
  return IntentMatcher.fromRaw(config);
}

function problemsOf(raw: RawIntentConfig): string[] {
  try {
    IntentMatcher.fromRaw(raw);
  } catch (err) {
    assert.ok(err instanceof IntentConfigError, String(err));
    return err.problems;
  }
  assert.fail('the config compiled without a problem');
}

describe('intent/matcher', () => {
  describe('template syntax', () => {
    const m = matcher({
      intents: [
        { name: 'alt', sentences: ['(lights|lamps) (on|up)'] },
        { name: 'opt', sentences: ['open [the] [front] door'] },
        { name: 'inword', sentences: ['close(d|s) window[s]'] },
        { name: 'top', sentences: ['stop|halt|hold on'] },
        { name: 'rule', sentences: ['<please> lock [the] door <please>'] },
        { name: 'perm', sentences: ['heat (in [the] {area};to {level} degrees)'] },
        { name: 'escaped', sentences: ['say \\(hi\\)'] },
      ],
      lists: { area: { values: ['kitchen', 'hall'] }, level: { range: { from: 15, to: 25 } } },
      expansionRules: { please: '[please]' },
    });
    const cases: Array<[string, string | undefined]> = [
      ['lights on', 'alt'],
      ['lamps up', 'alt'],
      ['lights', undefined],
      ['open door', 'opt'],
      ['open the front door', 'opt'],
      ['open front the door', undefined],
      ['closed windows', 'inword'],
      ['closes window', 'inword'],
      ['close window', undefined],
      ['closeds window', undefined],
      ['halt', 'top'],
      ['hold on', 'top'],
      ['please lock the door', 'rule'],
      ['lock door please', 'rule'],
      ['heat in the kitchen to 20 degrees', 'perm'],
      ['heat to twenty degrees in the hall', 'perm'],
      ['say hi', 'escaped'],
    ];
    for (const [text, name] of cases) {
      it(`"${text}" -> ${name ?? 'no match'}`, () => assert.equal(m.match(text)?.name, name));
    }

    it('words must be whole: a literal does not match the start of a longer word', () => {
      const only = matcher({ intents: [{ name: 'x', sentences: ['turn on the light'] }] });
      assert.equal(only.match('turn on the lighthouse'), undefined);
      assert.equal(only.match('turn on the light house'), undefined);
      assert.equal(only.match('return on the light'), undefined);
    });

    it('numbers inside literal text compare however they were written', () => {
      const only = matcher({ intents: [{ name: 'x', sentences: ['wait five minutes'] }] });
      assert.equal(only.match('Wait 5 minutes.')?.name, 'x');
      assert.equal(only.match('wait five minutes')?.name, 'x');
    });
  });

  describe('slot lists', () => {
    const m = matcher({
      intents: [
        { name: 'on', sentences: ['turn on [the] {device}'] },
        { name: 'go', sentences: ['go from {room:from} to {room:to}'] },
        { name: 'set', sentences: ['set {device} to {level}'] },
        { name: 'heat', sentences: ['heat to {degrees}'] },
        { name: 'note', sentences: ['note {text} [please]'] },
        { name: 'send', sentences: ['send {message} to {person}'] },
      ],
      lists: {
        device: {
          values: [
            'fan',
            { in: 'kitchen light', out: 'light.kitchen' },
            { in: 'kitchen island light', out: { entity: 'light.island', group: 2 } },
            { in: '(tv|television)', out: 'media.tv' },
            { in: 'radio' },
          ],
        },
        room: ['kitchen', 'hall'],
        level: { range: { from: 1, to: 10, step: 1 } },
        degrees: { range: { from: -10, to: 30, step: 0.5 } },
        text: { wildcard: true },
        message: { wildcard: true },
        person: { values: ['anna', 'ben'] },
      },
    });

    it('gives a value its out, any JSON, or what was said', () => {
      assert.deepEqual(m.match('turn on the fan')?.slots, { device: 'fan' });
      assert.deepEqual(m.match('Turn on the kitchen light.')?.slots, { device: 'light.kitchen' });
      assert.deepEqual(m.match('turn on the kitchen island light')?.slots, { device: { entity: 'light.island', group: 2 } });
      assert.deepEqual(m.match('turn on the television')?.slots, { device: 'media.tv' });
      assert.deepEqual(m.match('turn on the radio')?.slots, { device: 'radio' });
    });

    it('does not match a value that is not in the list', () => {
      assert.equal(m.match('turn on the heater'), undefined);
      assert.equal(m.match('turn on the kitchen'), undefined);
    });

    it('fills two slots from one list under their own names', () => {
      assert.deepEqual(m.match('go from kitchen to hall')?.slots, { from: 'kitchen', to: 'hall' });
    });

    it('reads range numbers in every form and keeps to the bounds and the step', () => {
      assert.deepEqual(m.match('set fan to 7')?.slots, { device: 'fan', level: 7 });
      assert.deepEqual(m.match('set fan to seven')?.slots, { device: 'fan', level: 7 });
      assert.deepEqual(m.match('Set fan to ten.')?.slots, { device: 'fan', level: 10 });
      assert.equal(m.match('set fan to 11'), undefined);
      assert.equal(m.match('set fan to 0'), undefined);
      assert.equal(m.match('set fan to 2.5'), undefined);
      assert.equal(m.match('set fan to loud'), undefined);
      assert.deepEqual(m.match('heat to 21.5')?.slots, { degrees: 21.5 });
      assert.deepEqual(m.match('heat to twenty one point five')?.slots, { degrees: 21.5 });
      assert.deepEqual(m.match('heat to minus five')?.slots, { degrees: -5 });
      assert.deepEqual(m.match('Heat to -5.')?.slots, { degrees: -5 });
      assert.equal(m.match('heat to minus eleven'), undefined);
      assert.equal(m.match('heat to 21.25'), undefined);
    });

    it('captures the spoken words for a wildcard, as they were written', () => {
      assert.deepEqual(m.match('Note: Buy milk, eggs.')?.slots, { text: 'Buy milk, eggs' });
      assert.deepEqual(m.match('note buy milk please')?.slots, { text: 'buy milk' });
      assert.deepEqual(m.match('Send Happy Birthday to Anna.')?.slots, { message: 'Happy Birthday', person: 'anna' });
      assert.equal(m.match('note'), undefined);
      assert.equal(m.match('send to anna'), undefined);
    });

    it('accepts a bare array as a value list', () => {
      assert.equal(m.match('go from hall to kitchen')?.name, 'go');
    });
  });

  describe('choosing between sentences', () => {
    it('picks the sentence with the most literal words, wherever it is listed', () => {
      const m = matcher({
        intents: [
          { name: 'device', sentences: ['turn on {name}'] },
          { name: 'area', sentences: ['turn on [the] {area} lights'] },
        ],
        lists: { name: ['kitchen lights', 'fan'], area: ['kitchen'] },
      });
      assert.deepEqual(m.match('turn on kitchen lights'), {
        name: 'area',
        slots: { area: 'kitchen' },
        text: 'turn on kitchen lights',
        sentence: 'turn on [the] {area} lights',
      });
      assert.equal(m.match('turn on fan')?.name, 'device');
    });

    it('prefers literal words over a wildcard', () => {
      const m = matcher({
        intents: [
          { name: 'song', sentences: ['play {song}'] },
          { name: 'radio', sentences: ['play [the] radio'] },
        ],
        lists: { song: { wildcard: true } },
      });
      assert.equal(m.match('play the radio')?.name, 'radio');
      assert.equal(m.match('play the album')?.name, 'song');
    });

    it('gives a tie to the intent listed first, then the sentence listed first', () => {
      const m = matcher({
        intents: [
          { name: 'first', sentences: ['lights (on|up)', 'lights on'] },
          { name: 'second', sentences: ['lights on'] },
        ],
      });
      assert.deepEqual(m.match('lights on'), { name: 'first', slots: {}, text: 'lights on', sentence: 'lights (on|up)' });
    });

    it('keeps the listed order for ties between indexed sentences and sentences without a whole word', () => {
      // "lights on" has no word bounded on both sides (the index cannot key it); "[please] lights on" is keyed by "lights".
      const keylessFirst = matcher({
        intents: [
          { name: 'keyless', sentences: ['lights on'] },
          { name: 'keyed', sentences: ['[please] lights on'] },
        ],
      });
      const keyedFirst = matcher({
        intents: [
          { name: 'keyed', sentences: ['[please] lights on'] },
          { name: 'keyless', sentences: ['lights on'] },
        ],
      });
      assert.equal(keylessFirst.match('lights on')?.name, 'keyless');
      assert.equal(keyedFirst.match('lights on')?.name, 'keyed');
      assert.equal(keylessFirst.match('please lights on')?.name, 'keyed');
    });

    it("adds an intent's fixed slots under the matched ones", () => {
      const m = matcher({
        intents: [{ name: 'on', sentences: ['{area} on'], slots: { domain: 'light', area: 'fixed' } }],
        lists: { area: ['hall'] },
      });
      assert.deepEqual(m.match('hall on')?.slots, { domain: 'light', area: 'hall' });
    });

    it('returns nothing for empty or punctuation-only text', () => {
      const m = matcher({ intents: [{ name: 'x', sentences: ['[hello]'] }] });
      assert.equal(m.match(''), undefined);
      assert.equal(m.match('...'), undefined);
    });

    it('stays bounded on a template with a huge number of ways through it', () => {
      const sentence = Array.from({ length: 40 }, () => '[a]').join(' ') + ' b';
      const m = matcher({ intents: [{ name: 'x', sentences: [sentence] }] });
      // 41 a's: no way through fits, and there are 2^40 ways to try; the step budget ends the search.
      assert.equal(m.match(`${Array.from({ length: 41 }, () => 'a').join(' ')} b`), undefined);
      assert.equal(m.match(`${Array.from({ length: 20 }, () => 'a').join(' ')} b`)?.name, 'x');
    });
  });

  describe('configuration', () => {
    it('takes each property as the object or as its JSON text', () => {
      const m = IntentMatcher.fromRaw({
        intents: JSON.stringify([{ name: 'on', sentences: ['<t> {area}'] }]),
        lists: JSON.stringify({ area: { values: ['hall'] } }),
        expansionRules: JSON.stringify({ t: 'turn on' }),
      });
      assert.equal(m.match('turn on hall')?.name, 'on');
      assert.equal(IntentMatcher.fromRaw({ intents: '', lists: '', expansionRules: '' }).intentCount, 0);
    });

    it('reports bad JSON and bad shapes with where they are', () => {
      const problems = problemsOf({
        intents: '[{"name": "x", "sentences": [}',
        lists: {
          a: { range: { from: 10, to: 1 } },
          b: { range: { from: 1 } },
          c: { values: [3] },
          d: 'x',
          e: { range: { from: 1, to: 2, step: 0 } },
        },
        expansionRules: { r: 5 },
      });
      assert.match(problems[0], /^intents is not valid JSON/);
      assert.deepEqual(problems.slice(1), [
        'list "a": range "from" (10) is above "to" (1)',
        'list "b": range needs numbers "from" and "to"',
        'list "c": value 1 must be a string or { in, out }',
        'list "d" must be { values }, { range } or { wildcard: true }',
        'list "e": range "step" must be a number above 0',
        'expansion rule "r" must be a template string',
      ]);
      assert.deepEqual(
        problemsOf({
          intents: [
            { name: '', sentences: [] },
            { name: 'y', sentences: ['a'], slots: 3 },
          ],
        }),
        [
          'intents[0].name must be a non-empty string',
          'intents[0]: sentences must be a non-empty list of strings',
          'intent "y": slots must be an object of slot name -> value',
        ],
      );
      assert.deepEqual(problemsOf({ intents: { name: 'x' } }), ['intents must be a list of { name, sentences }']);
    });

    it('reports every bad template at once, naming the intent, the sentence and the position', () => {
      const problems = problemsOf({
        intents: [
          { name: 'SetLight', sentences: ['turn on {area}', 'set (the lights'] },
          { name: 'Other', sentences: ['turn on {room}', '<nope> please', 'go <loop>'] },
        ],
        lists: { area: ['hall'], bad: { values: ['(a|b'] } },
        expansionRules: { loop: 'again <loop2>', loop2: 'and <loop>', broken: 'x]' },
      });
      assert.deepEqual(problems, [
        'list "bad", value 1 "(a|b": "(" is never closed at position 1',
        'expansion rule "loop" refers to itself: <loop> -> <loop2> -> <loop>',
        'expansion rule "broken" "x]": "]" has no matching "[" at position 2',
        'intent "SetLight", sentence 2 "set (the lights": "(" is never closed at position 5',
        'intent "Other", sentence 1 "turn on {room}": unknown list "{room}" at position 9',
        'intent "Other", sentence 2 "<nope> please": unknown expansion rule "<nope>" at position 1',
        'intent "Other", sentence 3 "go <loop>": expansion rule "<loop>" cannot be used (see its own error) at position 4',
      ]);
    });

    it('rejects a list value that holds a slot', () => {
      assert.deepEqual(problemsOf({ lists: { a: ['the {b}'] } }), [
        'list "a", value 1 "the {b}": a list value cannot hold a slot or a rule at position 5',
      ]);
    });
  });
});
