import assert from 'node:assert/strict';
import { normalizeText, normalizeTokens, rawTokens, tokenize } from '../../src/filter/normalize';
import { numberWordsToDigits } from '../../src/filter/number-words';

describe('filter/normalize', () => {
  it('lower-cases and drops punctuation, so formatted and unformatted turns compare equal', () => {
    assert.equal(normalizeText('Turn on the lights, please.'), normalizeText('turn on the lights please'));
    assert.deepEqual(normalizeTokens('Hey,   JARVIS!  What?'), ['hey', 'jarvis', 'what']);
  });

  it('keeps contractions and abbreviations as one word', () => {
    assert.deepEqual(normalizeTokens("Don't stop"), ['dont', 'stop']);
    assert.deepEqual(normalizeTokens('at 7 p.m.'), ['at', '7', 'pm']);
  });

  it('removes accents', () => {
    assert.deepEqual(normalizeTokens('Café Über'), ['cafe', 'uber']);
  });

  it('turns spelled-out numbers into digits', () => {
    assert.equal(normalizeText('set it to twenty one degrees'), 'set it to 21 degrees');
    assert.equal(normalizeText('Set it to 21 degrees.'), 'set it to 21 degrees');
    assert.equal(normalizeText('twenty-one'), '21');
    assert.equal(normalizeText('volume two'), normalizeText('volume 2'));
  });

  it('keeps digit grouping and decimals together', () => {
    assert.deepEqual(normalizeTokens('1,000 steps'), ['1000', 'steps']);
    assert.deepEqual(normalizeTokens('2.5 degrees.'), ['2.5', 'degrees']);
  });

  it('leaves raw tokens exactly as transcribed', () => {
    assert.deepEqual(rawTokens('  Turn on  the Lights. '), ['Turn', 'on', 'the', 'Lights.']);
    assert.deepEqual(tokenize('Twenty one', 'raw'), ['Twenty', 'one']);
    assert.deepEqual(tokenize('Twenty one', 'normalized'), ['21']);
  });

  it('handles words that are property names of plain objects', () => {
    assert.deepEqual(normalizeTokens('constructor toString hasOwnProperty'), ['constructor', 'tostring', 'hasownproperty']);
  });
});

describe('filter/number-words', () => {
  const digits = (text: string) => numberWordsToDigits(text.split(' ')).join(' ');

  it('reads units, teens, tens and tens-units', () => {
    assert.equal(digits('zero'), '0');
    assert.equal(digits('two'), '2');
    assert.equal(digits('thirteen'), '13');
    assert.equal(digits('forty'), '40');
    assert.equal(digits('ninety nine'), '99');
  });

  it('reads hundreds, thousands and millions, with "and"', () => {
    assert.equal(digits('one hundred'), '100');
    assert.equal(digits('one hundred and five'), '105');
    assert.equal(digits('one hundred twenty three'), '123');
    assert.equal(digits('two thousand twenty six'), '2026');
    assert.equal(digits('five hundred thousand'), '500000');
    assert.equal(digits('three million two hundred thousand'), '3200000');
  });

  it('starts a new number when a word cannot extend the current one', () => {
    assert.equal(digits('seven thirty'), '7 30');
    assert.equal(digits('one two three'), '1 2 3');
    assert.equal(digits('nineteen ninety'), '19 90');
    assert.equal(digits('twenty twenty'), '20 20');
  });

  it('leaves other words alone, including "and" that joins no numbers', () => {
    assert.equal(digits('rock and roll'), 'rock and roll');
    assert.equal(digits('one and two'), '1 and 2');
    assert.equal(digits('a hundred'), 'a hundred');
    assert.equal(digits('turn the lights on'), 'turn the lights on');
  });
});
