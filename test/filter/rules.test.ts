import assert from 'node:assert/strict';
import { createBoundedRegexRunner } from '../../src/filter/bounded-regex';
import { tokenize, type TextMode } from '../../src/filter/normalize';
import { compileRule, parseRegex, RuleConfigError, type RuleConfig } from '../../src/filter/rules';

const runRegex = createBoundedRegexRunner(200);

function test(rule: RuleConfig, text: string, mode: TextMode = 'normalized') {
  const compiled = compileRule(rule, 0, mode);
  const tokens = tokenize(text, mode);
  return compiled.test({ tokens, text: mode === 'raw' ? text : tokens.join(' ') }, runRegex);
}

describe('filter/rules', () => {
  describe('all: contains all of these words', () => {
    it('matches when every word occurs, in any order', () => {
      assert.ok(test({ type: 'all', value: 'lights kitchen' }, 'In the kitchen, turn the lights on.'));
      assert.equal(test({ type: 'all', value: 'lights kitchen' }, 'turn the lights on'), null);
    });
    it('takes comma-separated phrases when the value has commas', () => {
      assert.ok(test({ type: 'all', value: 'living room, lights' }, 'lights in the living room'));
      assert.equal(test({ type: 'all', value: 'living room, lights' }, 'lights in the room for living'), null);
    });
    it('compares whole words, not parts of words', () => {
      assert.equal(test({ type: 'all', value: 'light' }, 'the lights'), null);
    });
    it('matches numbers however they were written', () => {
      assert.ok(test({ type: 'all', value: 'twenty one degrees' }, 'Set 21 degrees.'));
    });
  });

  describe('any: any of these words', () => {
    it('matches when one word occurs', () => {
      assert.ok(test({ type: 'any', value: 'stop halt cancel' }, 'Cancel that!'));
      assert.equal(test({ type: 'any', value: 'stop halt cancel' }, 'keep going'), null);
    });
    it('takes comma-separated phrases', () => {
      assert.ok(test({ type: 'any', value: 'good night, bedtime' }, 'Good night everyone'));
      assert.equal(test({ type: 'any', value: 'good night, bedtime' }, 'good morning night owl'), null);
    });
  });

  describe('phrase: contains the exact phrase', () => {
    it('matches the words in order and adjacent', () => {
      assert.ok(test({ type: 'phrase', value: 'lights on' }, 'Kitchen lights on, please.'));
      assert.equal(test({ type: 'phrase', value: 'lights on' }, 'on the lights'), null);
      assert.equal(test({ type: 'phrase', value: 'lights on' }, 'lights are on'), null);
    });
  });

  describe('exact: the whole turn is the phrase', () => {
    it('matches only the whole normalized turn', () => {
      assert.ok(test({ type: 'exact', value: 'stop' }, 'Stop!'));
      assert.equal(test({ type: 'exact', value: 'stop' }, "don't stop"), null);
    });
  });

  describe('starts: starts with', () => {
    it('matches a turn that opens with the phrase', () => {
      assert.ok(test({ type: 'starts', value: 'play' }, 'Play some jazz.'));
      assert.equal(test({ type: 'starts', value: 'play' }, 'stop the play'), null);
    });
  });

  describe('regex: regular expression', () => {
    it('returns named groups, on normalized text (numbers as digits)', () => {
      const found = test({ type: 'regex', value: 'set (?<room>\\w+) to (?<degrees>\\d+)' }, 'Set kitchen to twenty one.');
      assert.deepEqual(found, { score: 1, groups: { room: 'kitchen', degrees: '21' } });
    });
    it('ignores case by default and accepts /pattern/flags', () => {
      assert.ok(test({ type: 'regex', value: 'LIGHTS' }, 'lights'));
      assert.equal(test({ type: 'regex', value: '/LIGHTS/' }, 'lights', 'raw'), null);
      assert.ok(test({ type: 'regex', value: '/LIGHTS/i' }, 'lights', 'raw'));
    });
    it('reports unmatched optional groups as null', () => {
      const found = test({ type: 'regex', value: 'lights (?<state>on|off)(?: in (?<room>\\w+))?' }, 'lights on');
      assert.deepEqual(found?.groups, { state: 'on', room: null });
    });
    it('sees punctuation and case in raw mode', () => {
      assert.ok(test({ type: 'regex', value: '/\\?$/' }, 'Is the door locked?', 'raw'));
      assert.equal(test({ type: 'regex', value: '/\\?$/' }, 'Is the door locked?'), null);
    });
    it('rejects a broken pattern when compiled', () => {
      assert.throws(
        () => compileRule({ type: 'regex', value: 'lights (on' }, 2, 'normalized'),
        (err: unknown) => {
          assert.ok(err instanceof RuleConfigError);
          assert.equal(err.ruleIndex, 2);
          assert.match(err.message, /rule 3: invalid regular expression/);
          return true;
        },
      );
    });
    it('parses flags and bare patterns', () => {
      assert.equal(parseRegex('/a.b/s').flags, 's');
      assert.equal(parseRegex('a/b').flags, 'i');
    });
  });

  describe('fuzzy: similar phrase', () => {
    it('survives a recognition error and reports the similarity as the score', () => {
      const found = test({ type: 'fuzzy', value: 'turn off the lights' }, 'Turn of the lights.');
      assert.ok(found);
      assert.ok(found.score > 0.9 && found.score < 1);
      assert.deepEqual(found.groups, {});
    });
    it('does not confuse on and off at the default threshold', () => {
      assert.equal(test({ type: 'fuzzy', value: 'turn off the lights' }, 'turn on the lights'), null);
    });
    it('follows the threshold', () => {
      assert.ok(test({ type: 'fuzzy', value: 'turn off the lights', threshold: 0.7 }, 'turn on the lights'));
      assert.equal(test({ type: 'fuzzy', value: 'turn off the lights', threshold: 1 }, 'turn of the lights'), null);
      assert.throws(() => compileRule({ type: 'fuzzy', value: 'x', threshold: 1.5 }, 0, 'normalized'), RuleConfigError);
    });
  });

  describe('raw text mode', () => {
    it('compares words exactly as transcribed', () => {
      assert.equal(test({ type: 'phrase', value: 'lights on' }, 'Lights on.', 'raw'), null);
      assert.ok(test({ type: 'phrase', value: 'Lights on.' }, 'Kitchen Lights on.', 'raw'));
      assert.equal(test({ type: 'all', value: 'twenty one' }, '21', 'raw'), null);
    });
  });

  describe('configuration', () => {
    it('labels a rule with its label, else its value', () => {
      assert.equal(compileRule({ type: 'any', value: 'stop', label: 'Stop it' }, 0, 'normalized').label, 'Stop it');
      assert.equal(compileRule({ type: 'any', value: ' stop ' }, 0, 'normalized').label, 'stop');
    });
    it('turns the cooldown into milliseconds', () => {
      assert.equal(compileRule({ type: 'any', value: 'x', cooldown: 2.5 }, 0, 'normalized').cooldownMs, 2500);
    });
    it('rejects empty values, unknown types and bad cooldowns', () => {
      assert.throws(() => compileRule({ type: 'any', value: '  ' }, 0, 'normalized'), /value is empty/);
      assert.throws(() => compileRule({ type: 'any', value: '!!' }, 0, 'normalized'), /no words/);
      assert.throws(() => compileRule({ type: 'nope' as never, value: 'x' }, 0, 'normalized'), /unknown rule type/);
      assert.throws(() => compileRule({ type: 'any', value: 'x', cooldown: -1 }, 0, 'normalized'), /cooldown/);
      assert.throws(() => compileRule(null as never, 0, 'normalized'), /rule 1: is not a rule object/);
    });
  });
});
