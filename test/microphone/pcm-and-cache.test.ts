import assert from 'node:assert/strict';
import { DeviceListCache } from '../../src/microphone/list-devices';
import { frameToPcm16le } from '../../src/microphone/pcm-bytes';

describe('microphone/frameToPcm16le', () => {
  it('hands over the frame’s own buffer when the frame spans all of it', () => {
    const frame = Int16Array.from([1, -2, 300]);
    const bytes = frameToPcm16le(frame);
    assert.equal(bytes, frame.buffer);
    assert.deepEqual([...Buffer.from(bytes)], [1, 0, 0xfe, 0xff, 0x2c, 0x01]);
  });

  it('copies a frame that is a view into a larger buffer, as little-endian bytes', () => {
    const whole = Int16Array.from([9, 1, -2, 9]);
    const bytes = frameToPcm16le(whole.subarray(1, 3));
    assert.notEqual(bytes, whole.buffer);
    assert.deepEqual([...Buffer.from(bytes)], [1, 0, 0xfe, 0xff]);
  });
});

describe('microphone/DeviceListCache', () => {
  it('reuses a recent list, lists again when it is old or a refresh is asked for, and shares one listing', async () => {
    let now = 0;
    let calls = 0;
    const cache = new DeviceListCache(
      async () => [`list ${++calls}`],
      1000,
      () => now,
    );
    const [a, b] = await Promise.all([cache.get(), cache.get()]);
    assert.deepEqual([a, b, calls], [['list 1'], ['list 1'], 1]);
    now = 900;
    assert.deepEqual(await cache.get(), ['list 1']);
    assert.deepEqual(await cache.get(true), ['list 2']);
    now = 3000;
    assert.deepEqual(await cache.get(), ['list 3']);
  });

  it('does not keep a failure', async () => {
    let fail = true;
    const cache = new DeviceListCache(async () => {
      if (fail) throw new Error('no audio stack');
      return ['Mic'];
    });
    await assert.rejects(cache.get(), /no audio stack/);
    fail = false;
    assert.deepEqual(await cache.get(), ['Mic']);
  });
});
