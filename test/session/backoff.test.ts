import assert from 'node:assert/strict';
import { backoffDelay, CONCURRENCY_BACKOFF_FACTOR } from '../../src/session/backoff';

describe('session/backoff', () => {
  const settings = { initialDelayMs: 100, maxDelayMs: 2000 };
  it('doubles per attempt up to the cap, with jitter in the upper half', () => {
    assert.equal(
      backoffDelay(1, settings, false, () => 0),
      50,
    );
    assert.equal(
      backoffDelay(1, settings, false, () => 1),
      100,
    );
    assert.equal(
      backoffDelay(2, settings, false, () => 1),
      200,
    );
    assert.equal(
      backoffDelay(4, settings, false, () => 1),
      800,
    );
    assert.equal(
      backoffDelay(10, settings, false, () => 1),
      2000,
    );
    assert.equal(
      backoffDelay(100, settings, false, () => 0.5),
      1500,
    );
    for (let attempt = 1; attempt < 12; attempt++) {
      const d = backoffDelay(attempt, settings);
      const ceiling = Math.min(2000, 100 * 2 ** (attempt - 1));
      assert.ok(d >= ceiling / 2 && d <= ceiling, `${attempt}: ${d}`);
    }
  });

  it('waits longer for "too many sessions"', () => {
    assert.equal(
      backoffDelay(1, settings, true, () => 1),
      100 * CONCURRENCY_BACKOFF_FACTOR,
    );
    assert.equal(
      backoffDelay(20, settings, true, () => 1),
      2000 * CONCURRENCY_BACKOFF_FACTOR,
    );
  });
});
