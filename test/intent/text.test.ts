import assert from 'node:assert/strict';
import { literalPiece, matchText, normalizedWords } from '../../src/intent/text';

const normalized = (text: string) => matchText(text).normalized;

describe('intent/text', () => {
  it('lower-cases and drops punctuation and accents', () => {
    assert.equal(normalized('Turn on the Café lights, please!'), 'turn on the cafe lights please');
    assert.equal(normalized("What's the time?"), 'whats the time');
    assert.equal(normalized('Set an alarm for 7 a.m.'), 'set an alarm for 7 am');
  });

  describe('numbers as AssemblyAI writes them', () => {
    const same: Array<[string, string]> = [
      ['40%', '40 percent'],
      ['forty percent', '40 percent'],
      ['Forty percent.', '40 percent'],
      ['40 %', '40 percent'],
      ['twenty five', '25'],
      ['twenty-five', '25'],
      ['Twenty-Five', '25'],
      ['one hundred', '100'],
      ['a hundred', 'a hundred'],
      ['one hundred and five', '105'],
      ['two thousand twenty six', '2026'],
      ['1,000 steps', '1000 steps'],
      ['21.5 degrees', '21.5 degrees'],
      ['-5 degrees', 'minus 5 degrees'],
      ['minus five', 'minus 5'],
      ['covid-19', 'covid 19'],
      ['seven thirty', '7 30'],
      ['zero', '0'],
    ];
    for (const [text, expected] of same) {
      it(`"${text}" -> "${expected}"`, () => assert.equal(normalized(text), expected));
    }
  });

  it('keeps where each word came from, numbers spanning their words', () => {
    const text = 'Play Twenty-Five or Six, please.';
    const words = normalizedWords(text);
    assert.deepEqual(
      words.map((w) => [w.text, text.slice(w.start, w.end)]),
      [
        ['play', 'Play'],
        ['25', 'Twenty-Five'],
        ['or', 'or'],
        ['6', 'Six'],
        ['please', 'please'],
      ],
    );
    assert.deepEqual(matchText(text).offsets, [0, 5, 8, 11, 13]);
  });

  it('tells whether a template piece is separated from its neighbours', () => {
    assert.deepEqual(literalPiece(' to '), { text: 'to', separatedBefore: true, separatedAfter: true });
    assert.deepEqual(literalPiece('light'), { text: 'light', separatedBefore: false, separatedAfter: false });
    assert.deepEqual(literalPiece('%'), { text: 'percent', separatedBefore: true, separatedAfter: true });
    assert.deepEqual(literalPiece(', please'), { text: 'please', separatedBefore: true, separatedAfter: false });
    assert.deepEqual(literalPiece('   '), { text: '', separatedBefore: true, separatedAfter: true });
  });
});
