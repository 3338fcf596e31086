import assert from 'node:assert/strict';
import { normalizeTokens } from '../../src/filter/normalize';
import { levenshtein, phraseSimilarity, substitutionCost, wholeSimilarity, wordSimilarity } from '../../src/filter/similarity';

const similarity = (phrase: string, heard: string) => phraseSimilarity(normalizeTokens(phrase), normalizeTokens(heard));

describe('filter/similarity', () => {
  it('computes character edit distances', () => {
    assert.equal(levenshtein('kitten', 'sitting'), 3);
    assert.equal(levenshtein('', 'abc'), 3);
    assert.equal(levenshtein('same', 'same'), 0);
    assert.equal(levenshtein('of', 'off'), 1);
  });

  it('scores words by characters, numbers only equal to themselves', () => {
    assert.equal(wordSimilarity('lights', 'lights'), 1);
    assert.ok(Math.abs(wordSimilarity('of', 'off') - 2 / 3) < 1e-9);
    assert.equal(wordSimilarity('21', '22'), 0);
    assert.equal(wordSimilarity('21', '21'), 1);
  });

  it('charges a misheard word partly and a different word fully', () => {
    assert.ok(substitutionCost('off', 'of') < 0.5);
    assert.equal(substitutionCost('off', 'on'), 1);
  });

  it('matches a phrase despite a misheard word ("turn of the lights")', () => {
    const score = similarity('turn off the lights', 'turn of the lights');
    assert.ok(score > 0.9 && score < 1, `score ${score}`);
  });

  it('keeps commands that differ by a real word apart (on / off)', () => {
    const score = similarity('turn off the lights', 'turn on the lights');
    assert.ok(score <= 0.75 + 1e-9, `score ${score}`);
  });

  it('hears "of" as "off", not as "on" (half a two-letter word is a different word)', () => {
    assert.equal(substitutionCost('on', 'of'), 1);
    assert.equal(similarity('turn on the lights', 'turn of the lights'), 0.75);
    assert.ok(similarity('turn off the lights', 'turn of the lights') > 0.9);
  });

  it('finds the phrase inside a longer turn (best window)', () => {
    assert.equal(similarity('turn off the lights', 'okay please turn off the lights now'), 1);
    const misheard = similarity('turn off the lights', 'okay please turn of the lights now');
    assert.equal(misheard, similarity('turn off the lights', 'turn of the lights'));
  });

  it('accepts words split or joined differently', () => {
    assert.equal(similarity('light switch', 'the lightswitch'), 1);
    assert.equal(similarity('lightswitch', 'the light switch'), 1);
  });

  it('does not let a split or join absorb a real word', () => {
    // "turn on" joined would look like "turn" misheard; it must not be cheap.
    assert.ok(similarity('turn off the lights', 'turn on the lights') < 0.8);
  });

  it('requires numbers to be heard exactly', () => {
    assert.equal(similarity('set the heat to 21', 'set the heat to twenty two'), 0);
    assert.equal(similarity('set the heat to 21', 'set the heat to twenty one'), 1);
    assert.equal(similarity('set the heat to 21', 'set the heat to'), 0);
  });

  it('charges missing and extra words one word each', () => {
    assert.equal(similarity('turn off the lights', 'turn off lights'), 0.75);
    assert.equal(similarity('turn off the lights', 'turn off all the lights'), 0.75);
  });

  it('scores a whole text start to end', () => {
    assert.equal(wholeSimilarity(['hey', 'jarvis'], ['hey', 'jarvis']), 1);
    assert.equal(wholeSimilarity(['hey', 'jarvis'], ['hey', 'jarvis', 'lights']), 0.5);
    assert.equal(wholeSimilarity([], []), 1);
    assert.equal(phraseSimilarity([], ['a']), 0);
  });
});
