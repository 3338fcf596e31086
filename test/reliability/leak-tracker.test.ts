// The leak check used by the reliability tests must be able to fail: a timer
// or a socket left open is reported, and cleaned-up ones are not.
import assert from 'node:assert/strict';
import net from 'node:net';
import { LeakTracker } from './support/leak-tracker';

describe('reliability: the leak tracker', () => {
  it('reports a timer that was never cleared, with the stack that made it', async () => {
    const tracker = LeakTracker.start();
    const timer = setTimeout(() => undefined, 60000);
    try {
      await assert.rejects(
        tracker.expectNoneLeft(100),
        (error: Error) => /Timeout/.test(error.message) && /leak-tracker\.test\.ts/.test(error.message),
      );
    } finally {
      clearTimeout(timer);
    }
  });

  it('reports a socket left open, and is satisfied once it is closed', async () => {
    const server = net.createServer((socket) => socket.on('error', () => undefined));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    const tracker = LeakTracker.start();
    const client = net.connect(port, '127.0.0.1');
    await new Promise((resolve) => client.once('connect', resolve));
    await assert.rejects(tracker.expectNoneLeft(100), /TCPWRAP/);

    const second = LeakTracker.start();
    const other = net.connect(port, '127.0.0.1');
    await new Promise((resolve) => other.once('connect', resolve));
    other.destroy();
    client.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    assert.ok(second.createdCount > 0);
    await second.expectNoneLeft(2000);
  });
});
