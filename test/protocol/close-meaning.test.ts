import assert from 'node:assert/strict';
import { CloseReason } from '../../src/protocol/close-codes';
import { describeClose, describeHttpStatus, describeNetworkError } from '../../src/protocol/close-meaning';

describe('protocol/close-meaning', () => {
  const cases: Array<[number, string, string]> = [
    [1000, '', 'normal'],
    [1006, '', 'transient'],
    [1011, 'boom', 'transient'],
    [1013, '', 'transient'],
    [3005, CloseReason.sessionCancelled, 'transient'],
    [3006, 'Invalid JSON: x', 'none'],
    [3007, 'Input duration violation: 20 ms. Expected between 50 and 1000 ms', 'none'],
    [3008, CloseReason.sessionExpired, 'expired'],
    [3009, CloseReason.tooManySessions3009, 'concurrency'],
    [1008, CloseReason.missingAuth, 'none'],
    [1008, CloseReason.invalidAuth, 'none'],
    [1008, 'Unauthorized Connection: Insufficient balance', 'none'],
    [1008, CloseReason.tooManySessions1008, 'concurrency'],
    [1008, 'Unauthorized connection: Incorrect padding', 'once'],
    [1008, 'something else', 'none'],
    [4001, '', 'none'],
    [4002, '', 'none'],
    [4008, '', 'expired'],
    [4029, '', 'none'],
    [4031, '', 'normal'],
    [4102, '', 'concurrency'],
    [4999, '', 'none'],
    [1001, '', 'transient'],
    [1002, '', 'none'],
    [3999, '', 'transient'],
  ];
  for (const [code, reason, retry] of cases) {
    it(`${code} "${reason}" -> ${retry}`, () => {
      const meaning = describeClose(code, reason);
      assert.equal(meaning.retry, retry);
      assert.ok(meaning.message.length > 20);
      if (reason) assert.ok(meaning.message.includes(reason), 'the server reason is quoted');
    });
  }

  it('tells what to do for auth failures', () => {
    assert.match(describeClose(1008, CloseReason.missingAuth).message, /Set the API key/);
    assert.match(describeClose(1008, CloseReason.invalidAuth).message, /Check the API key/);
  });

  it('maps HTTP statuses', () => {
    assert.equal(describeHttpStatus(401).retry, 'none');
    assert.equal(describeHttpStatus(403).retry, 'none');
    assert.equal(describeHttpStatus(404).retry, 'none');
    assert.equal(describeHttpStatus(400).retry, 'none');
    assert.equal(describeHttpStatus(429).retry, 'concurrency');
    assert.equal(describeHttpStatus(502).retry, 'transient');
    assert.equal(describeHttpStatus(408).retry, 'transient');
    assert.match(describeHttpStatus(401).message, /HTTP 401/);
  });

  it('maps network errors: refused and DNS are retried, TLS trust is not', () => {
    assert.equal(describeNetworkError('ECONNREFUSED', '').retry, 'transient');
    assert.match(describeNetworkError('ECONNREFUSED', '').message, /ECONNREFUSED/);
    assert.equal(describeNetworkError('ENOTFOUND', '').retry, 'transient');
    assert.equal(describeNetworkError('ECONNRESET', '').retry, 'transient');
    assert.equal(describeNetworkError('DEPTH_ZERO_SELF_SIGNED_CERT', '').retry, 'none');
    assert.match(describeNetworkError('DEPTH_ZERO_SELF_SIGNED_CERT', '').message, /CA/);
    assert.equal(describeNetworkError(undefined, 'weird').retry, 'transient');
  });
});
