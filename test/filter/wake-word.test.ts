import assert from 'node:assert/strict';
import { normalizeTokens } from '../../src/filter/normalize';
import { matchWakeWord } from '../../src/filter/wake-word';

const wake = normalizeTokens('Hey Jarvis');

describe('filter/wake-word', () => {
  it('cuts the wake word and the punctuation after it off the text as transcribed', () => {
    assert.deepEqual(matchWakeWord('Hey Jarvis, turn on the lights.', wake), { rest: 'turn on the lights.', score: 1 });
    assert.deepEqual(matchWakeWord('hey jarvis turn on the lights', wake)?.rest, 'turn on the lights');
  });

  it('tolerates a misheard wake word', () => {
    const found = matchWakeWord('Hey Jervis, lights on.', wake);
    assert.equal(found?.rest, 'lights on.');
    assert.ok(found && found.score < 1 && found.score >= 0.8);
  });

  it('tolerates the wake word heard as one word', () => {
    assert.equal(matchWakeWord('Heyjarvis lights on', wake)?.rest, 'lights on');
  });

  it('must open the turn', () => {
    assert.equal(matchWakeWord('Turn on the lights, hey Jarvis.', wake), null);
    assert.equal(matchWakeWord('Hey there Jarvis', wake), null);
  });

  it('leaves an empty rest for a turn that is only the wake word', () => {
    assert.deepEqual(matchWakeWord('Hey, Jarvis!', wake), { rest: '', score: 1 });
  });

  it('follows the threshold', () => {
    assert.equal(matchWakeWord('Hey Jervis, lights on.', wake, 1), null);
    assert.equal(matchWakeWord('anything', [], 0.5), null);
  });
});
