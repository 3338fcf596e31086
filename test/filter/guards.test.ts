import assert from 'node:assert/strict';
import { checkVoiceGuards, checkWordCount, meanWordConfidence, speakerOf, type GuardConfig } from '../../src/filter/guards';
import type { TurnWord } from '../../src/protocol/turn';

const off: GuardConfig = { minConfidence: 0, speakers: [], minWords: 0, maxWords: 0 };

function words(confidences: number[], speaker?: string): TurnWord[] {
  return confidences.map((confidence, i) => ({
    text: `w${i}`,
    start: i,
    end: i + 1,
    confidence,
    final: true,
    ...(speaker ? { speaker } : {}),
  }));
}

describe('filter/guards', () => {
  it('takes the mean confidence of the words', () => {
    assert.equal(meanWordConfidence(words([0.5, 1])), 0.75);
    assert.equal(meanWordConfidence([]), undefined);
  });

  it('drops turns below the minimum mean word confidence', () => {
    const guards = { ...off, minConfidence: 0.8 };
    assert.equal(checkVoiceGuards(guards, words([0.9, 0.85]), undefined), undefined);
    assert.equal(checkVoiceGuards(guards, words([0.9, 0.5]), undefined), 'confidence');
    assert.equal(checkVoiceGuards(guards, [], undefined), 'confidence');
    assert.equal(checkVoiceGuards(off, words([0.1]), undefined), undefined);
  });

  it('keeps only the listed speakers, without regard to case', () => {
    const guards = { ...off, speakers: ['A', 'c'] };
    assert.equal(checkVoiceGuards(guards, words([1]), 'a'), undefined);
    assert.equal(checkVoiceGuards(guards, words([1]), 'C'), undefined);
    assert.equal(checkVoiceGuards(guards, words([1]), 'B'), 'speaker');
    assert.equal(checkVoiceGuards(guards, words([1]), undefined), 'speaker');
  });

  it('falls back to the speaker most words carry', () => {
    assert.equal(speakerOf(undefined, [...words([1, 1], 'B'), ...words([1], 'A')]), 'B');
    assert.equal(speakerOf('A', words([1, 1], 'B')), 'A');
    assert.equal(speakerOf(undefined, words([1])), undefined);
  });

  it('bounds the number of words of the command', () => {
    const guards = { ...off, minWords: 2, maxWords: 4 };
    assert.equal(checkWordCount(guards, 'lights'), 'min-words');
    assert.equal(checkWordCount(guards, 'lights on'), undefined);
    assert.equal(checkWordCount(guards, 'turn all the lights on'), 'max-words');
    assert.equal(checkWordCount(off, ''), undefined);
  });
});
