import assert from 'node:assert/strict';
import { isAtStage, readTurnMessage, textForMatching, TurnShapeError } from '../../src/filter/turn-input';
import { endOfTurnMessage, finalTurn, partialTurn } from './turn-messages';

describe('filter/turn-input', () => {
  it('reads a turn message and its session id', () => {
    const msg = finalTurn('Lights on.', { order: 3, sessionId: 's-9' });
    const input = readTurnMessage(msg);
    assert.equal(input.turn, msg.turn);
    assert.equal(input.sessionId, 's-9');
  });

  it('accepts a message without a session', () => {
    const { session: _session, ...msg } = finalTurn('Lights on.');
    assert.equal(readTurnMessage(msg).sessionId, '');
  });

  it('rejects messages that are not turns, saying what is wrong', () => {
    const bad: Array<[unknown, RegExp]> = [
      [null, /not an object/],
      [{ payload: 'hello' }, /msg\.turn is missing/],
      [{ turn: [] }, /msg\.turn is missing or not an object/],
      [{ turn: { ...finalTurn('x').turn, transcript: 5 } }, /transcript is not a string/],
      [{ turn: { ...finalTurn('x').turn, order: '1' } }, /order is not a number/],
      [{ turn: { ...finalTurn('x').turn, final: 'yes' } }, /final is not a boolean/],
      [{ turn: { ...finalTurn('x').turn, endOfTurn: undefined } }, /endOfTurn is not a boolean/],
      [{ turn: { ...finalTurn('x').turn, words: 'x' } }, /words is not an array/],
      [{ turn: { ...finalTurn('x').turn, words: [{ text: 1 }] } }, /words\[0\]\.text is not a string/],
      [{ turn: { ...finalTurn('x').turn, words: [{ text: 'a', confidence: 'high' }] } }, /confidence is not a number/],
      [{ turn: { ...finalTurn('x').turn, speaker: 2 } }, /speaker is not a string/],
    ];
    for (const [msg, expected] of bad) {
      assert.throws(
        () => readTurnMessage(msg),
        (err: unknown) => err instanceof TurnShapeError && expected.test(err.message),
      );
    }
  });

  it('selects messages by stage', () => {
    const partial = partialTurn('turn on', 'the').turn;
    const unformatted = endOfTurnMessage('turn on the lights', false).turn;
    const final = finalTurn('Turn on the lights.').turn;
    assert.deepEqual(
      [partial, unformatted, final].map((t) => isAtStage(t, 'final')),
      [false, false, true],
    );
    assert.deepEqual(
      [partial, unformatted, final].map((t) => isAtStage(t, 'endOfTurn')),
      [false, true, true],
    );
    assert.deepEqual(
      [partial, unformatted, final].map((t) => isAtStage(t, 'partial')),
      [true, true, true],
    );
  });

  it('matches partials on their finalized words only', () => {
    const partial = partialTurn('turn on the', 'lig').turn;
    assert.equal(textForMatching(partial).text, 'turn on the');
    assert.equal(textForMatching(partial).words.length, 3);
    // Universal-3 style: nothing finalized yet, so nothing to act on.
    const u3 = { ...partial, transcript: 'turn on the lig', words: partial.words.map((w) => ({ ...w, final: false })) };
    assert.equal(textForMatching(u3).text, '');
  });

  it('matches end-of-turn messages on the transcript', () => {
    const final = finalTurn('Turn on the lights.').turn;
    assert.equal(textForMatching(final).text, 'Turn on the lights.');
  });
});
