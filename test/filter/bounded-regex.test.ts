import assert from 'node:assert/strict';
import { createBoundedRegexRunner, REGEX_INPUT_LIMIT, RegexTimeoutError } from '../../src/filter/bounded-regex';

describe('filter/bounded-regex', () => {
  it('returns the match with its named groups', () => {
    const run = createBoundedRegexRunner(200);
    const match = run(/lights (?<state>on|off)/, 'kitchen lights off');
    assert.ok(match);
    assert.equal(match.groups?.state, 'off');
    assert.equal(match.index, 8);
    assert.equal(run(/lights/, 'lamps'), null);
  });

  it('starts every run at the beginning, even with the global flag', () => {
    const run = createBoundedRegexRunner(200);
    const global = /on/g;
    assert.ok(run(global, 'on'));
    assert.ok(run(global, 'on'));
  });

  it('stops a catastrophic pattern at the time bound instead of freezing', () => {
    const run = createBoundedRegexRunner(30);
    assert.throws(
      () => run(/^(?=a)(a+)+$/, `${'a'.repeat(40)}b`),
      (err: unknown) => {
        assert.ok(err instanceof RegexTimeoutError);
        assert.equal(err.timeoutMs, 30);
        assert.match(err.message, /took longer than 30 ms/);
        return true;
      },
    );
    // The runner stays usable afterwards.
    assert.ok(run(/b$/, 'ab'));
  });

  it('caps the text a pattern sees', () => {
    const run = createBoundedRegexRunner(200);
    const long = `${'x'.repeat(REGEX_INPUT_LIMIT)}tail`;
    assert.equal(run(/tail/, long), null);
    assert.ok(run(/x$/, long));
  });

  it('runners share one context without sharing bounds or leaking a match into the next', () => {
    const strict = createBoundedRegexRunner(20);
    const lenient = createBoundedRegexRunner(500);
    assert.throws(() => strict(/^(?=a)(a+)+$/, `${'a'.repeat(40)}b`), RegexTimeoutError);
    assert.equal(lenient(/^(?=a)(a+)+$/, 'a'.repeat(18) + 'b'), null, 'the lenient bound is its own');
    assert.equal(lenient(/kitchen/, 'bedroom'), null);
    assert.equal(strict(/(?<room>\w+) lights/, 'hall lights')?.groups?.room, 'hall');
  });
});
