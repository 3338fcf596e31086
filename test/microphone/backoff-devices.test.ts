import assert from 'node:assert/strict';
import { Backoff } from '../../src/microphone/backoff';
import { DeviceNotFoundError, resolveDeviceIndex } from '../../src/microphone/devices';

describe('microphone/Backoff', () => {
  it('doubles from the initial delay up to the maximum and starts over after reset()', () => {
    const backoff = new Backoff({ initialMs: 100, maxMs: 1000 });
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6].map(() => backoff.next()),
      [100, 200, 400, 800, 1000, 1000],
    );
    assert.equal(backoff.attempt, 6);
    backoff.reset();
    assert.equal(backoff.next(), 100);
  });

  it('rejects a maximum below the initial delay', () => {
    assert.throws(() => new Backoff({ initialMs: 10, maxMs: 5 }), RangeError);
  });
});

describe('microphone/devices', () => {
  const present = ['Built-in Audio Analog Stereo', 'USB PnP Sound Device Mono', 'Monitor of Built-in Audio'];

  it('resolves a name to its index and the default to -1', () => {
    assert.equal(resolveDeviceIndex('USB PnP Sound Device Mono', present), 1);
    assert.equal(resolveDeviceIndex('default', present), -1);
    assert.equal(resolveDeviceIndex('', present), -1);
    assert.equal(resolveDeviceIndex(undefined, present), -1);
  });

  it('names the devices that exist when the wanted one is gone', () => {
    assert.throws(
      () => resolveDeviceIndex('ReSpeaker 4 Mic Array', present),
      (err: unknown) =>
        err instanceof DeviceNotFoundError &&
        err.message ===
          'Microphone "ReSpeaker 4 Mic Array" was not found. Devices present: "Built-in Audio Analog Stereo", "USB PnP Sound Device Mono", "Monitor of Built-in Audio".',
    );
    assert.throws(() => resolveDeviceIndex('USB', []), /Devices present: none\./);
  });
});
