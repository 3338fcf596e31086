import assert from 'node:assert/strict';
import { FrameQueue } from '../../src/audio/frame-queue';

const frame = (n: number, fill: number) => Buffer.alloc(n, fill);

describe('audio/frame-queue', () => {
  it('is first in, first out', () => {
    const q = new FrameQueue(1000);
    q.push(frame(10, 1));
    q.push(frame(10, 2));
    assert.equal(q.length, 2);
    assert.equal(q.bytes, 20);
    assert.equal(q.shift()?.[0], 1);
    assert.equal(q.shift()?.[0], 2);
    assert.equal(q.shift(), undefined);
    assert.equal(q.bytes, 0);
  });

  it('drops the oldest frames beyond its bound and says how much', () => {
    const q = new FrameQueue(30);
    assert.equal(q.push(frame(10, 1)), 0);
    assert.equal(q.push(frame(10, 2)), 0);
    assert.equal(q.push(frame(10, 3)), 0);
    assert.equal(q.push(frame(10, 4)), 10);
    assert.equal(q.bytes, 30);
    assert.deepEqual(
      q.takeAll().map((f) => f[0]),
      [2, 3, 4],
    );
    assert.equal(q.length, 0);
  });

  it('with a zero bound keeps nothing', () => {
    const q = new FrameQueue(0);
    assert.equal(q.push(frame(8, 1)), 8);
    assert.equal(q.length, 0);
  });

  it('stays consistent over many pushes and shifts (memory bounded)', () => {
    const q = new FrameQueue(1600 * 100);
    let dropped = 0;
    let pushed = 0;
    let shifted = 0;
    for (let i = 0; i < 20000; i++) {
      dropped += q.push(frame(1600, i & 0xff));
      pushed += 1600;
      if (i % 3 === 0) shifted += q.shift()?.length ?? 0;
      assert.ok(q.bytes <= 1600 * 100);
    }
    assert.equal(pushed, dropped + shifted + q.bytes);
  });

  it('shrinking the bound drops the oldest', () => {
    const q = new FrameQueue(100);
    for (let i = 0; i < 5; i++) q.push(frame(20, i));
    assert.equal(q.setCapacity(40), 60);
    assert.deepEqual(
      q.takeAll().map((f) => f[0]),
      [3, 4],
    );
  });
});
