import assert from 'node:assert/strict';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { CloseReason } from '../../src/protocol/close-codes';
import { StreamingSession, StreamingError } from '../../src/session';
import { FakeServer, type FakeConnection } from './fake-server';
import { fakeClock, record, states, testOptions, until, waitForEvent, waitForState } from './session-test-kit';

describe('session/faults', () => {
  let server: FakeServer;
  let session: StreamingSession | undefined;
  beforeEach(async () => {
    server = await FakeServer.start();
  });
  afterEach(async () => {
    await session?.close();
    session = undefined;
    await server.close();
  });

  /** The first `failures` connections get `fault`, later ones Begin. */
  function failFirst(failures: number, fault: (c: FakeConnection) => void): void {
    server.onConnection((c) => {
      if (server.connections.length <= failures) fault(c);
      else {
        c.begin();
        c.answerTerminate();
      }
    });
  }

  const transientCloses: Array<[number, string]> = [
    [1011, 'Internal error'],
    [1013, 'Try again later'],
    [3005, CloseReason.sessionCancelled],
    [1000, ''],
  ];
  for (const [code, reason] of transientCloses) {
    it(`a close ${code} before Begin is retried with backoff, then the session begins`, async () => {
      failFirst(2, (c) => c.close(code, reason));
      session = new StreamingSession(testOptions(server.url, { policy: 'manual' }));
      const events = record(session);
      await session.start();
      assert.equal(server.connections.length, 3);
      assert.equal(events.reconnecting.length, 2);
      assert.deepEqual(
        events.reconnecting.map(([r]) => r.attempt),
        [1, 2],
      );
      assert.equal(events.reconnecting[0][0].code, code);
      const reconnectingStates = events.state.filter(([s]) => s === 'reconnecting');
      assert.equal(reconnectingStates.length, 2);
      assert.ok((reconnectingStates[0][1].retryInMs ?? 0) > 0, 'the state tells when the next try is');
      assert.deepEqual(states(events).slice(-2), ['connecting', 'listening']);
      assert.ok(events.closed.every(([c]) => c.willRetry));
    });
  }

  it('each retry waits its backoff delay on the session clock, growing until the cap', async () => {
    failFirst(4, (c) => c.close(1011, 'Internal error'));
    const clock = fakeClock();
    session = new StreamingSession(
      testOptions(server.url, { policy: 'manual', retry: { initialDelayMs: 1000, maxDelayMs: 3000, maxAttempts: 0 }, clock }),
    );
    const events = record(session);
    const started = session.start();
    const ceilings = [1000, 2000, 3000, 3000];
    for (let attempt = 1; attempt <= 4; attempt++) {
      await waitForEvent(session, 'reconnecting', (r) => r.attempt === attempt);
      const { delayMs } = events.reconnecting[attempt - 1][0];
      const ceiling = ceilings[attempt - 1];
      assert.ok(
        delayMs >= ceiling / 2 && delayMs <= ceiling,
        `attempt ${attempt}: ${delayMs} ms within [${ceiling / 2}, ${ceiling}] (equal jitter)`,
      );
      assert.equal(session.state, 'reconnecting');
      await clock.tick(delayMs - 1);
      assert.equal(session.state, 'reconnecting', 'not before the delay');
      await clock.tick(1);
      assert.equal(session.state, 'connecting', 'at the delay');
    }
    await started;
    assert.equal(server.connections.length, 5);
    assert.equal(events.reconnecting.length, 4);
  });

  it('a dropped connection (1006) after Begin is retried and the retry counter is reset by the next Begin', async () => {
    server.onConnection((c) => {
      c.begin();
      c.answerTerminate();
      if (server.connections.length <= 2) setTimeout(() => c.ws.terminate(), 50);
    });
    session = new StreamingSession(testOptions(server.url, { policy: 'manual' }));
    const events = record(session);
    await session.start();
    await server.connection(2);
    await waitForState(session, 'listening');
    assert.deepEqual(
      events.reconnecting.map(([r]) => r.attempt),
      [1, 1],
      'each Begin resets the attempt count',
    );
    assert.equal(events.closed[0][0].code, 1006);
  });

  it('ECONNREFUSED is retried, reported in the state, and gives up after maxAttempts with a fatal error', async () => {
    const port = await freePort();
    session = new StreamingSession(
      testOptions(`ws://127.0.0.1:${port}/v3/ws`, { policy: 'manual', retry: { initialDelayMs: 10, maxDelayMs: 20, maxAttempts: 2 } }),
    );
    const events = record(session);
    await assert.rejects(
      session.start(),
      (e: StreamingError) =>
        e.fatal && /Gave up after 2 attempt/.test(e.message) && /ECONNREFUSED/.test(e.message) && !/Retrying/.test(e.message),
    );
    assert.equal(events.reconnecting.length, 2);
    assert.equal(session.state, 'failed');
    assert.equal(events.error.filter(([e]) => e.fatal).length, 1);
  });

  it('a handshake that never completes is bounded by connectTimeoutMs and retried', async () => {
    const silent = net.createServer((socket) => {
      socket.resume(); // accepts TCP and reads, never answers HTTP
      socket.on('error', () => undefined);
    });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const port = (silent.address() as AddressInfo).port;
    try {
      const clock = fakeClock();
      session = new StreamingSession(
        testOptions(`ws://127.0.0.1:${port}/v3/ws`, {
          policy: 'manual',
          connectTimeoutMs: 200,
          retry: { initialDelayMs: 10, maxDelayMs: 10, maxAttempts: 1 },
          clock,
        }),
      );
      const events = record(session);
      const started = session.start();
      started.catch(() => undefined);
      await clock.tick(199);
      assert.equal(events.reconnecting.length, 0, 'still within connectTimeoutMs');
      await clock.tick(1);
      assert.equal(events.reconnecting.length, 1);
      assert.match(events.reconnecting[0][0].reason, /did not begin within 200 ms/);
      await clock.tick(10); // the backoff, then the second attempt
      await clock.tick(200);
      await assert.rejects(started, /Gave up after 1 attempt\(s\)\. The session did not begin within 200 ms/);
      assert.equal(session.state, 'failed');
    } finally {
      await session?.close();
      session = undefined;
      await new Promise<void>((r) => silent.close(() => r()));
    }
  });

  it('an upgrade without Begin is bounded by connectTimeoutMs, and the half-open socket is dropped', async () => {
    server.onConnection(() => undefined);
    const clock = fakeClock();
    session = new StreamingSession(
      testOptions(server.url, {
        policy: 'manual',
        connectTimeoutMs: 200,
        retry: { initialDelayMs: 10, maxDelayMs: 10, maxAttempts: 1 },
        clock,
      }),
    );
    const started = session.start();
    started.catch(() => undefined);
    await server.connection(0);
    await clock.tick(200);
    await clock.tick(10);
    await server.connection(1);
    await clock.tick(200);
    await assert.rejects(started, /did not begin within 200 ms/);
    const closes = await Promise.all(server.connections.map((c) => c.closed));
    assert.equal(closes.length, 2);
  });

  it('a stop after the upgrade, before Begin came, Terminates the session the service already holds', async () => {
    server.onConnection((c) => c.answerTerminate());
    session = new StreamingSession(testOptions(server.url, { policy: 'manual' }));
    const events = record(session);
    const started = session.start();
    started.catch(() => undefined);
    const conn = await server.connection(0);
    // A pong comes back only once the client has taken the upgrade: its socket is open, Begin not sent.
    await new Promise<void>((resolve) => {
      conn.ws.once('pong', () => resolve());
      conn.ws.ping();
    });
    await session.stop();
    assert.deepEqual(
      conn.texts.map((t) => t.type),
      ['Terminate'],
    );
    assert.deepEqual(await conn.closed, { code: 1000, reason: '' });
    assert.equal(events.error.length, 0);
  });

  it('a stop during the handshake Terminates the session once the upgrade completes; a handshake that never does is dropped quietly', async () => {
    const held: Array<(ok: boolean) => void> = [];
    await server.close();
    server = await FakeServer.start({ verifyClient: (_info, done) => held.push(done) });
    server.onConnection((c) => c.answerTerminate());
    session = new StreamingSession(testOptions(server.url, { policy: 'manual' }));
    const events = record(session);
    session.start().catch(() => undefined);
    await until(() => held.length === 1, 5000, 'the upgrade request');
    const stopped = session.stop();
    held[0](true); // the server's answer comes after the stop
    await stopped;
    const conn = await server.connection(0);
    assert.deepEqual(
      conn.texts.map((t) => t.type),
      ['Terminate'],
    );
    assert.equal((await conn.closed).code, 1000);

    session.start().catch(() => undefined);
    await until(() => held.length === 2, 5000, 'the second upgrade request');
    const begun = Date.now();
    await session.stop(); // never answered: the termination bound (500 ms here) ends it
    assert.ok(Date.now() - begun < 2000, `stop took ${Date.now() - begun} ms`);
    assert.equal(server.connections.length, 1);
    assert.equal(events.error.length, 0);
    assert.equal(events.warning.length, 0, JSON.stringify(events.warning));
    held[1](false); // lets the server close
  });

  const fatalCloses: Array<[number, string, RegExp]> = [
    [1008, CloseReason.invalidAuth, /refused the connection.*Invalid API key.*Check the API key/],
    [1008, CloseReason.missingAuth, /No API key reached the service/],
    [3006, 'Invalid Message Type: Foo', /rejected the input/],
    [3007, 'Input duration violation: 20 ms. Expected between 50 and 1000 ms', /chunk size or rate/],
    [4001, 'Not Authorized', /Not authorized/],
  ];
  for (const [code, reason, message] of fatalCloses) {
    it(`${code} "${reason}" is not retried: state failed and one fatal StreamingError`, async () => {
      server.onConnection((c) => {
        c.send({ type: 'Error', error_code: code, error: reason });
        c.close(code, reason);
      });
      session = new StreamingSession(testOptions(server.url, { policy: 'manual' }));
      const events = record(session);
      await assert.rejects(
        session.start(),
        (e: StreamingError) => e instanceof StreamingError && e.fatal && e.code === code && message.test(e.message),
      );
      assert.equal(session.state, 'failed');
      assert.equal(server.connections.length, 1);
      assert.equal(events.reconnecting.length, 0);
      assert.deepEqual(
        events.closed.map(([c]) => [c.code, c.willRetry]),
        [[code, false]],
      );
      const fatal = events.error.filter(([e]) => e.fatal);
      assert.equal(fatal.length, 1);
      assert.equal(fatal[0][0].code, code);
    });
  }

  it('HTTP 401 on the upgrade is not retried', async () => {
    await server.close();
    server = await FakeServer.start({ verifyClient: (_info, cb) => cb(false, 401, 'Unauthorized') });
    session = new StreamingSession(testOptions(server.url, { policy: 'manual' }));
    const events = record(session);
    await assert.rejects(session.start(), (e: StreamingError) => e.fatal && e.code === 401 && /HTTP 401/.test(e.message));
    assert.equal(events.reconnecting.length, 0);
    assert.equal(session.state, 'failed');
  });

  it('a fatal failure after Begin, with no error listener, does not throw (no crash)', async () => {
    server.onConnection((c) => {
      c.begin();
      setTimeout(() => c.close(3006, 'Invalid JSON: x'), 30);
    });
    session = new StreamingSession(testOptions(server.url, { policy: 'manual' }));
    await session.start();
    await waitForState(session, 'failed');
    assert.equal(session.listenerCount('error'), 0);
  });

  it('"too many concurrent sessions" (3009 and 1008) backs off longer than other faults', async () => {
    for (const [code, reason] of [
      [3009, CloseReason.tooManySessions3009],
      [1008, CloseReason.tooManySessions1008],
    ] as const) {
      failFirst(server.connections.length + 1, (c) => c.close(code, reason));
      session = new StreamingSession(
        testOptions(server.url, { policy: 'manual', retry: { initialDelayMs: 40, maxDelayMs: 40, maxAttempts: 0 } }),
      );
      const events = record(session);
      await session.start();
      const delay = events.reconnecting[0][0].delayMs;
      assert.ok(delay >= 80 && delay <= 160, `${code}: delay ${delay} is 2-4x the initial 40 ms`);
      await session.close();
    }
  });

  it('"Incorrect padding" (a sporadic 1008 with valid keys) is retried once, then fatal', async () => {
    server.onConnection((c) => c.close(1008, 'Unauthorized connection: Incorrect padding'));
    session = new StreamingSession(testOptions(server.url, { policy: 'manual' }));
    const events = record(session);
    await assert.rejects(session.start(), (e: StreamingError) => e.fatal && e.code === 1008);
    assert.equal(server.connections.length, 2);
    assert.equal(events.reconnecting.length, 1);
  });

  it('3008 (expired) reconnects at once, without backoff or an error', async () => {
    server.onConnection((c) => {
      c.begin();
      c.answerTerminate();
      if (server.connections.length === 1)
        setTimeout(() => {
          c.send({ type: 'Error', error_code: 3008, error: CloseReason.sessionExpired });
          c.close(3008, CloseReason.sessionExpired);
        }, 30);
    });
    session = new StreamingSession(testOptions(server.url, { policy: 'always' }));
    const events = record(session);
    await session.start();
    await server.connection(1);
    await waitForEvent(session, 'begin', () => true);
    assert.equal(events.reconnecting.length, 0);
    assert.deepEqual(
      events.closed.map(([c]) => [c.code, c.willRetry]),
      [[3008, true]],
    );
    assert.equal(session.state, 'listening');
  });

  it('a malformed or binary server message is reported and ignored; an unknown type is warned about once', async () => {
    server.onConnection((c) => {
      c.begin();
      c.answerTerminate();
      c.ws.send('{not json');
      c.ws.send(Buffer.from([1, 2, 3]));
      c.send({ type: 'FutureThing' });
      c.send({ type: 'FutureThing' });
      c.turn(0, true, false, 'still works');
    });
    session = new StreamingSession(testOptions(server.url, { policy: 'manual' }));
    const events = record(session);
    await session.start();
    await until(() => events.turn.some(([t]) => t.final));
    assert.equal(events.error.length, 2);
    assert.ok(events.error.every(([e]) => !e.fatal));
    assert.match(events.error[0][0].message, /invalid JSON/);
    assert.equal(events.warning.filter(([w]) => /FutureThing/.test(w.message)).length, 1);
    assert.equal(session.state, 'listening');
  });

  it('a listener that throws does not break the session', async () => {
    session = new StreamingSession(testOptions(server.url, { policy: 'manual' }));
    const errors: StreamingError[] = [];
    session.on('error', (e) => errors.push(e));
    session.on('begin', () => {
      throw new Error('user bug');
    });
    await session.start();
    assert.equal(session.state, 'listening');
    assert.match(errors[0].message, /'begin' listener threw: user bug/);
  });
});

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
