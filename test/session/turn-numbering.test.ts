import assert from 'node:assert/strict';
import { TurnNumbering } from '../../src/session/turn-numbering';

describe('session/turn-numbering', () => {
  it('numbers turns in order of first sight across connections, never reusing a number', () => {
    const numbering = new TurnNumbering();
    const a = numbering.forConnection();
    assert.equal(a.orderOf(0), 0);
    assert.equal(a.orderOf(0), 0);
    assert.equal(a.orderOf(1), 1);
    const b = numbering.forConnection();
    assert.equal(b.orderOf(0), 2);
    assert.equal(a.orderOf(2), 3, 'a draining connection finishing a turn late still gets a fresh number');
    assert.equal(b.orderOf(1), 4);
    assert.equal(b.peek(0), 2);
    assert.equal(b.peek(9), undefined);
    assert.equal(numbering.count, 5);
  });
});
