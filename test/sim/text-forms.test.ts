import assert from 'node:assert/strict';
import { formattedText, numberToWords, spokenText, splitWords } from '../../src/sim/text-forms';

describe('sim/text-forms', () => {
  it('formats a spoken script line: sentence case, terminal punctuation, numbers as digits', () => {
    assert.equal(formattedText('turn on the kitchen lights'), 'Turn on the kitchen lights.');
    assert.equal(formattedText('set a timer for twenty five minutes'), 'Set a timer for 25 minutes.');
    assert.equal(formattedText('two hundred and five'), '205.');
    assert.equal(formattedText("i think i'm done"), "I think I'm done.");
    assert.equal(formattedText('what time is it?'), 'What time is it?');
  });

  it('keeps a lone "one" a word, but not among other numbers', () => {
    assert.equal(formattedText('the one on the left'), 'The one on the left.');
    assert.equal(formattedText('call five five five one two one two'), 'Call 5 5 5 1 2 1 2.');
  });

  it('keeps the casing and punctuation of a script written formatted, and speaks its digits', () => {
    assert.equal(formattedText('Hi, Sonny.'), 'Hi, Sonny.');
    assert.equal(formattedText('Set a timer for 25 minutes.'), 'Set a timer for 25 minutes.');
    assert.equal(spokenText('Set a timer for 25 minutes.'), 'set a timer for twenty five minutes');
    assert.equal(spokenText('Simulated utterance 3.'), 'simulated utterance three');
  });

  it('aligns one entry per spoken word; a number said in several words is carried by the first', () => {
    assert.deepEqual(splitWords('set 25'), [
      { plain: 'set', formatted: 'Set' },
      { plain: 'twenty', formatted: '25.' },
      { plain: 'five', formatted: '' },
    ]);
  });

  it('says numbers in words', () => {
    assert.deepEqual(numberToWords(0), ['zero']);
    assert.deepEqual(numberToWords(40), ['forty']);
    assert.deepEqual(numberToWords(125), ['one', 'hundred', 'twenty', 'five']);
    assert.deepEqual(numberToWords(2026), ['two', 'thousand', 'twenty', 'six']);
  });
});
