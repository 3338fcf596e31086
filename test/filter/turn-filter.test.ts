import assert from 'node:assert/strict';
import { RegexTimeoutError } from '../../src/filter/bounded-regex';
import { FilterConfigError, type TurnFilterConfig } from '../../src/filter/config';
import { MAX_OPEN_TURNS } from '../../src/filter/turn-ledger';
import { TurnFilter, type FilterResult } from '../../src/filter/turn-filter';
import { readTurnMessage } from '../../src/filter/turn-input';
import { endOfTurnMessage, finalTurn, partialTurn, type TurnMessage } from './turn-messages';

/** A filter on a hand-driven clock. */
function filterWith(config: Partial<TurnFilterConfig>) {
  const clock = { now: 1_000_000 };
  const filter = new TurnFilter(config, { now: () => clock.now, regexTimeoutMs: 200 });
  const run = (msg: TurnMessage): FilterResult => filter.process(readTurnMessage(msg));
  return { filter, clock, run };
}

const outputsOf = (result: FilterResult) => result.sends.map((send) => send.output);

const lightRules: TurnFilterConfig['rules'] = [
  { type: 'phrase', value: 'lights on', label: 'lights on' },
  { type: 'phrase', value: 'lights off', label: 'lights off' },
];

describe('filter/turn-filter', () => {
  describe('routing', () => {
    it('sends a matching turn to its rule output with the match details', () => {
      const { run } = filterWith({ rules: lightRules });
      const result = run(finalTurn('Kitchen lights off, please.'));
      assert.equal(result.outcome, 'matched');
      assert.deepEqual(result.sends, [
        {
          output: 1,
          payload: 'Kitchen lights off, please.',
          match: { rule: 'lights off', output: 2, groups: {}, score: 1 },
        },
      ]);
      assert.equal(result.rule, 'lights off');
    });

    it('stops at the first matching rule by default', () => {
      const { run } = filterWith({
        rules: [
          { type: 'any', value: 'lights' },
          { type: 'any', value: 'on' },
        ],
      });
      assert.deepEqual(outputsOf(run(finalTurn('lights on'))), [0]);
    });

    it('fires every matching rule when checking all', () => {
      const { run } = filterWith({
        rules: [
          { type: 'any', value: 'lights' },
          { type: 'any', value: 'music' },
          { type: 'any', value: 'on' },
        ],
        checkAll: true,
      });
      assert.deepEqual(outputsOf(run(finalTurn('lights on'))), [0, 2]);
    });

    it('sends unmatched final turns to the otherwise output', () => {
      const { run, filter } = filterWith({ rules: lightRules, otherwise: true });
      assert.equal(filter.config.outputs, 3);
      const result = run(finalTurn('What time is it?'));
      assert.equal(result.outcome, 'otherwise');
      assert.deepEqual(result.sends, [
        { output: 2, payload: 'What time is it?', match: { rule: 'otherwise', output: 3, groups: {}, score: 0 } },
      ]);
    });

    it('reports no match without an otherwise output', () => {
      const { run, filter } = filterWith({ rules: lightRules });
      assert.equal(filter.config.outputs, 2);
      assert.equal(run(finalTurn('What time is it?')).outcome, 'no-match');
    });

    it('matches raw text when asked to', () => {
      const { run } = filterWith({ rules: [{ type: 'phrase', value: 'Lights on' }], textMode: 'raw' });
      assert.equal(run(finalTurn('lights on')).outcome, 'no-match');
      assert.equal(run(finalTurn('Lights on now')).outcome, 'matched');
    });

    it('puts regular expression groups in the match', () => {
      const { run } = filterWith({ rules: [{ type: 'regex', value: 'set (?<room>\\w+) to (?<degrees>\\d+)' }] });
      const [send] = run(finalTurn('Set bedroom to nineteen degrees.')).sends;
      assert.deepEqual(send.match.groups, { room: 'bedroom', degrees: '19' });
    });

    it('routes a fuzzy rule with its similarity as the score', () => {
      const { run } = filterWith({ rules: [{ type: 'fuzzy', value: 'turn off the lights', label: 'off' }] });
      const [send] = run(finalTurn('Turn of the lights.')).sends;
      assert.equal(send.match.rule, 'off');
      assert.ok(send.match.score > 0.9 && send.match.score < 1);
    });

    it('reports a regular expression stopped by its time bound as an error, not a match', () => {
      const filter = new TurnFilter(
        {
          rules: [
            { type: 'regex', value: '^(a+)+$' },
            { type: 'any', value: 'b' },
          ],
        },
        {
          runRegex: (re) => {
            throw new RegexTimeoutError(re.source, 50);
          },
        },
      );
      const result = filter.process(readTurnMessage(finalTurn('aaaa b')));
      assert.equal(result.errors.length, 1);
      assert.ok(result.errors[0] instanceof RegexTimeoutError);
      assert.deepEqual(outputsOf(result), [1]);
    });
  });

  describe('stages', () => {
    const unformatted = endOfTurnMessage('turn the lights on', false, { order: 1 });
    const formatted = endOfTurnMessage('Turn the lights on.', true, { order: 1 }, true);
    const partial = partialTurn('turn the lights on', '', { order: 1 });

    it('final: acts only on the final message', () => {
      const { run } = filterWith({ rules: lightRules, stage: 'final' });
      assert.equal(run(partial).outcome, 'ignored');
      assert.equal(run(unformatted).outcome, 'ignored');
      assert.equal(run(formatted).outcome, 'matched');
    });

    it('final is the default stage', () => {
      const { run } = filterWith({ rules: [{ type: 'all', value: 'lights on' }] });
      assert.equal(run(partialTurn('lights on', '', { order: 1 })).outcome, 'ignored');
      assert.equal(run(finalTurn('Lights on.', { order: 1 })).outcome, 'matched');
    });

    it('endOfTurn: acts on the first end-of-turn message and not again on the formatted one', () => {
      const { run } = filterWith({ rules: [{ type: 'all', value: 'lights on' }], stage: 'endOfTurn' });
      assert.equal(run(partial).outcome, 'ignored');
      assert.equal(run(unformatted).outcome, 'matched');
      assert.equal(run(formatted).outcome, 'repeat');
      // The turn is over: the same rule fires for the next turn.
      assert.equal(run(finalTurn('lights on', { order: 2 })).outcome, 'matched');
    });

    it('endOfTurn: every end-of-turn message is checked', () => {
      const { run } = filterWith({ rules: [{ type: 'exact', value: 'twenty one' }], stage: 'endOfTurn', textMode: 'raw' });
      // Only the formatted text matches a raw rule written the unformatted way round.
      assert.equal(run(endOfTurnMessage('21', false, { order: 4 })).outcome, 'no-match');
      assert.equal(run(endOfTurnMessage('twenty one', true, { order: 4 }, true)).outcome, 'matched');
    });

    it('partial: acts early, once per turn, on finalized words', () => {
      const { run } = filterWith({ rules: lightRules, stage: 'partial' });
      assert.equal(run(partialTurn('turn the', 'lights', { order: 5 })).outcome, 'waiting');
      // "on" not yet final: no match yet.
      assert.equal(run(partialTurn('turn the lights', 'on', { order: 5 })).outcome, 'waiting');
      const early = run(partialTurn('turn the lights on', '', { order: 5 }));
      assert.equal(early.outcome, 'matched');
      assert.equal(early.sends[0].payload, 'turn the lights on');
      assert.equal(run(partialTurn('turn the lights on in the', 'kitchen', { order: 5 })).outcome, 'repeat');
      assert.equal(run(endOfTurnMessage('turn the lights on in the kitchen', false, { order: 5 })).outcome, 'repeat');
      assert.equal(run(finalTurn('Turn the lights on in the kitchen.', { order: 5 })).outcome, 'repeat');
      // The next turn fires again.
      assert.equal(run(partialTurn('lights on', '', { order: 6 })).outcome, 'matched');
    });

    it('partial: keys turns by session as well as order', () => {
      const { run } = filterWith({ rules: lightRules, stage: 'partial' });
      assert.equal(run(partialTurn('lights on', '', { order: 0, sessionId: 'a' })).outcome, 'matched');
      assert.equal(run(partialTurn('lights on', '', { order: 0, sessionId: 'b' })).outcome, 'matched');
      assert.equal(run(partialTurn('lights on', '', { order: 0, sessionId: 'a' })).outcome, 'repeat');
    });

    it('partial, first match: a turn that fired one rule fires no other', () => {
      const { run } = filterWith({
        rules: [
          { type: 'phrase', value: 'lights on in the kitchen' },
          { type: 'phrase', value: 'lights on' },
        ],
        stage: 'partial',
      });
      assert.deepEqual(outputsOf(run(partialTurn('lights on', '', { order: 1 }))), [1]);
      assert.equal(run(finalTurn('lights on in the kitchen', { order: 1 })).outcome, 'repeat');
    });

    it('partial, check all: each rule fires once per turn as soon as it matches', () => {
      const { run } = filterWith({
        rules: [
          { type: 'any', value: 'kitchen' },
          { type: 'any', value: 'lights' },
        ],
        stage: 'partial',
        checkAll: true,
      });
      assert.deepEqual(outputsOf(run(partialTurn('lights', 'on', { order: 1 }))), [1]);
      assert.deepEqual(outputsOf(run(partialTurn('lights on in the kitchen', '', { order: 1 }))), [0]);
      assert.equal(run(finalTurn('Lights on in the kitchen.', { order: 1 })).outcome, 'repeat');
    });

    it('partial: otherwise waits for the final message of a turn nothing matched', () => {
      const { run } = filterWith({ rules: lightRules, stage: 'partial', otherwise: true });
      assert.equal(run(partialTurn('what time', 'is', { order: 1 })).outcome, 'waiting');
      assert.equal(run(endOfTurnMessage('what time is it', false, { order: 1 })).outcome, 'waiting');
      const last = run(finalTurn('What time is it?', { order: 1 }));
      assert.equal(last.outcome, 'otherwise');
      assert.deepEqual(outputsOf(last), [2]);
    });

    it('partial: a turn that fired early does not also go to otherwise', () => {
      const { run } = filterWith({ rules: lightRules, stage: 'partial', otherwise: true, checkAll: true });
      assert.equal(run(partialTurn('lights on', '', { order: 1 })).outcome, 'matched');
      assert.equal(run(finalTurn('Lights on... no, actually never mind.', { order: 1 })).outcome, 'repeat');
    });

    it('forgets finished turns and bounds turns that never finish', () => {
      const { run, filter } = filterWith({ rules: lightRules, stage: 'partial' });
      for (let order = 0; order < MAX_OPEN_TURNS + 10; order++) run(partialTurn('lights on', '', { order }));
      const ledgerSize = (filter as unknown as { ledger: { size: number } }).ledger.size;
      assert.equal(ledgerSize, MAX_OPEN_TURNS);
      run(finalTurn('x', { order: MAX_OPEN_TURNS + 9 }));
      assert.equal((filter as unknown as { ledger: { size: number } }).ledger.size, MAX_OPEN_TURNS - 1);
    });
  });

  describe('wake word, open mode', () => {
    const config: Partial<TurnFilterConfig> = {
      rules: lightRules,
      wakeWord: 'hey jarvis',
      wakeMode: 'open',
      wakeWindow: 5,
      otherwise: true,
    };

    it('routes turns that open with the wake word, without it in the payload', () => {
      const { run } = filterWith(config);
      const result = run(finalTurn('Hey Jarvis, lights on.', { order: 1 }));
      assert.equal(result.outcome, 'matched');
      assert.equal(result.sends[0].payload, 'lights on.');
    });

    it('drops turns without the wake word, even from otherwise', () => {
      const { run } = filterWith(config);
      const result = run(finalTurn('Lights on.', { order: 1 }));
      assert.equal(result.outcome, 'dropped');
      assert.equal(result.reason, 'no-wake-word');
    });

    it('tolerates a misheard wake word', () => {
      const { run } = filterWith(config);
      assert.equal(run(finalTurn('Hey Jervis, lights on.', { order: 1 })).outcome, 'matched');
    });

    it('arms the next turn only, for the window, after a turn that is only the wake word', () => {
      const { run, clock, filter } = filterWith(config);
      assert.equal(run(finalTurn('Hey Jarvis.', { order: 1 })).outcome, 'armed');
      assert.equal(filter.armedFor(), 5000);
      clock.now += 3000;
      assert.equal(run(finalTurn('Lights on.', { order: 2 })).outcome, 'matched');
      assert.equal(filter.armedFor(), 0);
      assert.equal(run(finalTurn('Lights off.', { order: 3 })).reason, 'no-wake-word');
    });

    it('lets the armed window expire', () => {
      const { run, clock } = filterWith(config);
      run(finalTurn('Hey Jarvis.', { order: 1 }));
      clock.now += 5000;
      assert.equal(run(finalTurn('Lights on.', { order: 2 })).reason, 'no-wake-word');
    });

    it('does not arm on a partial that so far holds only the wake word', () => {
      const { run, filter } = filterWith({ ...config, stage: 'partial' });
      assert.equal(run(partialTurn('hey jarvis', 'lights', { order: 1 })).outcome, 'waiting');
      assert.equal(filter.armedFor(), 0);
      assert.equal(run(partialTurn('hey jarvis lights on', '', { order: 1 })).outcome, 'matched');
    });

    it('keeps accepting the later messages of an armed turn after the window closed', () => {
      const { run, clock } = filterWith({ ...config, stage: 'partial', rules: [{ type: 'phrase', value: 'lights on' }] });
      run(finalTurn('Hey Jarvis.', { order: 1 }));
      clock.now += 1000;
      assert.equal(run(partialTurn('please', 'turn', { order: 2 })).outcome, 'waiting');
      clock.now += 10_000;
      assert.equal(run(partialTurn('please turn the lights', 'on', { order: 2 })).outcome, 'waiting');
      assert.equal(run(finalTurn('Please turn the lights on.', { order: 2 })).outcome, 'matched');
    });
  });

  describe('wake word, arm mode', () => {
    const config: Partial<TurnFilterConfig> = { rules: lightRules, wakeWord: 'jarvis', wakeMode: 'arm', wakeWindow: 10 };

    it('routes the rest of the wake turn and every turn within the window', () => {
      const { run, clock } = filterWith(config);
      const first = run(finalTurn('Jarvis, lights on.', { order: 1 }));
      assert.equal(first.outcome, 'matched');
      assert.equal(first.sends[0].payload, 'lights on.');
      clock.now += 4000;
      assert.equal(run(finalTurn('Lights off.', { order: 2 })).outcome, 'matched');
      clock.now += 4000;
      assert.equal(run(finalTurn('Lights on.', { order: 3 })).outcome, 'matched');
      clock.now += 2000;
      assert.equal(run(finalTurn('Lights off.', { order: 4 })).reason, 'no-wake-word');
    });

    it('arms on a turn that is only the wake word', () => {
      const { run, filter } = filterWith(config);
      assert.equal(run(finalTurn('Jarvis?', { order: 1 })).outcome, 'armed');
      assert.equal(filter.armedFor(), 10_000);
    });

    it('arms as soon as a partial opens with the wake word', () => {
      const { run, filter } = filterWith({ ...config, stage: 'partial' });
      assert.equal(run(partialTurn('jarvis', 'lights', { order: 1 })).outcome, 'armed');
      assert.equal(filter.armedFor(), 10_000);
    });
  });

  describe('guards', () => {
    it('drops turns below the minimum mean word confidence', () => {
      const { run } = filterWith({ rules: lightRules, minConfidence: 0.8 });
      assert.equal(run(finalTurn('lights on', { confidence: 0.6 })).reason, 'confidence');
      assert.equal(run(finalTurn('lights on', { confidence: 0.9 })).outcome, 'matched');
    });

    it('keeps only the listed speakers', () => {
      const { run } = filterWith({ rules: lightRules, speakers: 'A, b' });
      assert.equal(run(finalTurn('lights on', { speaker: 'C' })).reason, 'speaker');
      assert.equal(run(finalTurn('lights on', { speaker: 'B' })).outcome, 'matched');
      assert.equal(run(finalTurn('lights on', { wordSpeaker: 'A' })).outcome, 'matched');
      assert.equal(run(finalTurn('lights on')).reason, 'speaker');
    });

    it('bounds the word count of the command, after the wake word', () => {
      const { run } = filterWith({ rules: [{ type: 'any', value: 'lights' }], minWords: 2, maxWords: 4, wakeWord: 'jarvis' });
      assert.equal(run(finalTurn('Jarvis, lights.')).reason, 'min-words');
      assert.equal(run(finalTurn('Jarvis, lights on.')).outcome, 'matched');
      assert.equal(run(finalTurn('Jarvis, turn all the lights on.')).reason, 'max-words');
    });

    it('does not let a dropped speaker arm the wake window', () => {
      const { run, filter } = filterWith({ rules: lightRules, speakers: ['A'], wakeWord: 'jarvis' });
      assert.equal(run(finalTurn('Jarvis.', { speaker: 'B' })).reason, 'speaker');
      assert.equal(filter.armedFor(), 0);
    });
  });

  describe('cooldown', () => {
    it('keeps a rule quiet for its cooldown after it fired, then lets it fire again', () => {
      const { run, clock } = filterWith({
        rules: [
          { type: 'phrase', value: 'doorbell', cooldown: 30 },
          { type: 'any', value: 'lights' },
        ],
      });
      assert.equal(run(finalTurn('doorbell', { order: 1 })).outcome, 'matched');
      clock.now += 29_000;
      const cooling = run(finalTurn('doorbell', { order: 2 }));
      assert.equal(cooling.outcome, 'cooldown');
      assert.equal(cooling.rule, 'doorbell');
      assert.deepEqual(cooling.sends, []);
      // Another rule is not affected.
      assert.equal(run(finalTurn('lights', { order: 3 })).outcome, 'matched');
      clock.now += 1000;
      assert.equal(run(finalTurn('doorbell', { order: 4 })).outcome, 'matched');
    });

    it('counts from the last firing, not from suppressed repeats', () => {
      const { run, clock } = filterWith({ rules: [{ type: 'any', value: 'ring', cooldown: 10 }] });
      run(finalTurn('ring', { order: 1 }));
      clock.now += 9000;
      assert.equal(run(finalTurn('ring', { order: 2 })).outcome, 'cooldown');
      clock.now += 1000;
      assert.equal(run(finalTurn('ring', { order: 3 })).outcome, 'matched');
    });

    it('a cooling rule claims the turn: no otherwise, no later rule in first-match mode', () => {
      const { run } = filterWith({
        rules: [
          { type: 'any', value: 'ring', cooldown: 10 },
          { type: 'any', value: 'ring' },
        ],
        otherwise: true,
      });
      assert.deepEqual(outputsOf(run(finalTurn('ring', { order: 1 }))), [0]);
      const second = run(finalTurn('ring', { order: 2 }));
      assert.equal(second.outcome, 'cooldown');
      assert.deepEqual(second.sends, []);
    });
  });

  describe('configuration', () => {
    it('lists every problem of an invalid configuration', () => {
      assert.throws(
        () =>
          new TurnFilter({
            stage: 'later' as never,
            rules: [
              { type: 'regex', value: '(' },
              { type: 'any', value: '' },
            ],
            minConfidence: 2,
            minWords: 5,
            maxWords: 2,
            wakeWord: 'jarvis',
            wakeWindow: 0,
          }),
        (err: unknown) => {
          assert.ok(err instanceof FilterConfigError);
          assert.equal(err.problems.length, 6, err.problems.join('\n'));
          return true;
        },
      );
    });

    it('accepts the string forms the editor stores', () => {
      const { filter } = filterWith({
        rules: [{ type: 'fuzzy', value: 'x', threshold: '0.9' as never, cooldown: '2' as never }],
        checkAll: 'true' as never,
        otherwise: 'false' as never,
        minConfidence: '0.5' as never,
      });
      assert.equal(filter.config.checkAll, true);
      assert.equal(filter.config.otherwise, false);
      assert.equal(filter.config.guards.minConfidence, 0.5);
      assert.equal(filter.config.rules[0].cooldownMs, 2000);
    });
  });
});
