import assert from 'node:assert/strict';
import { StreamingSession } from '../../src/session';
import { FakeServer } from './fake-server';
import {
  countingPcm,
  fakeClock,
  isCountingFrom,
  isSettled,
  record,
  states,
  testOptions,
  tickUntil,
  until,
  waitForState,
} from './session-test-kit';

/** Tracks the timers that code under src/ or ws creates, to find any left running. */
function trackLibraryTimers(): { live: () => string[]; restore: () => void } {
  const realSet = global.setTimeout;
  const realClear = global.clearTimeout;
  const live = new Map<unknown, string>();
  const patchedSet = (fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const where = new Error().stack ?? '';
    const timer = realSet(() => {
      live.delete(timer);
      fn(...args);
    }, ms);
    if (/[/\\]src[/\\]|node_modules[/\\]ws[/\\]/.test(where.split('\n').slice(2).join('\n'))) live.set(timer, where.split('\n')[2] ?? '');
    return timer;
  };
  global.setTimeout = patchedSet as unknown as typeof setTimeout;
  global.clearTimeout = ((timer: NodeJS.Timeout) => {
    live.delete(timer);
    realClear(timer);
  }) as typeof clearTimeout;
  return {
    live: () => [...live.values()],
    restore: () => {
      global.setTimeout = realSet;
      global.clearTimeout = realClear;
    },
  };
}

describe('session/lifecycle', () => {
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

  it('stop() on a session never opened resolves at once and opens nothing', async () => {
    session = new StreamingSession(testOptions(server.url, { policy: 'manual' }));
    const events = record(session);
    assert.equal(await isSettled(session.stop()), true);
    assert.equal(session.state, 'idle');
    assert.deepEqual(states(events), ['stopping', 'idle']);
    assert.equal(server.connections.length, 0);
  });

  it('stop() sends Terminate, waits for Termination, emits termination and closed, ends idle', async () => {
    session = new StreamingSession(testOptions(server.url, { policy: 'manual' }));
    const events = record(session);
    await session.start();
    await session.stop();
    assert.deepEqual(states(events), ['connecting', 'listening', 'stopping', 'idle']);
    assert.equal(events.termination.length, 1);
    assert.deepEqual(events.closed[0][0], { code: 1000, reason: '', willRetry: false });
    assert.equal(events.error.length, 0);
    await server.connections[0].closed;
  });

  it('stop() is bounded by terminationTimeoutMs when no Termination comes, and closes the socket', async () => {
    server.onConnection((c) => c.begin()); // never answers Terminate
    const clock = fakeClock();
    session = new StreamingSession(testOptions(server.url, { policy: 'manual', terminationTimeoutMs: 300, clock }));
    const events = record(session);
    await session.start();
    const stopped = session.stop();
    await server.connections[0].waitForText('Terminate');
    await clock.tick(299);
    assert.equal(await isSettled(stopped), false, 'still waiting for Termination');
    await clock.tick(1);
    assert.equal(await isSettled(stopped), true, 'bounded by terminationTimeoutMs');
    assert.equal(session.state, 'idle');
    assert.match(events.warning[0][0].message, /No Termination came within 300 ms/);
    await server.connections[0].closed;
  });

  it('stop() resolves when the socket is already dead (destroyed without a close frame)', async () => {
    server.onConnection((c) => {
      c.begin();
      c.ws.once('message', () => undefined);
    });
    session = new StreamingSession(
      testOptions(server.url, { policy: 'manual', terminationTimeoutMs: 300, retry: { initialDelayMs: 5000, maxDelayMs: 5000 } }),
    );
    await session.start();
    (server.connections[0].ws as unknown as { _socket: import('node:net').Socket })._socket.destroy();
    await waitForState(session, 'reconnecting');
    assert.equal(await isSettled(session.stop()), true, 'nothing open to wait for');
    assert.equal(session.state, 'idle');
  });

  it('stop() while connecting waits (bounded) for Begin, sends the buffered audio, then Terminates', async () => {
    server.onConnection((c) => {
      setTimeout(() => c.begin(), 200);
      c.answerTerminate();
    });
    session = new StreamingSession(testOptions(server.url));
    session.write(countingPcm(8000));
    assert.equal(session.state, 'connecting');
    await session.stop();
    const c = server.connections[0];
    assert.equal(c.audioBytes, 16000);
    assert.equal(c.texts[c.texts.length - 1].type, 'Terminate');
  });

  it('close() releases every timer and socket; the state is closed and stays closed', async () => {
    const timers = trackLibraryTimers();
    try {
      session = new StreamingSession(testOptions(server.url, { policy: 'always', idleSeconds: 1 }));
      const events = record(session);
      await session.start();
      session.write(countingPcm(1000));
      assert.ok(timers.live().length > 0, 'the tracker sees the session timers');
      await session.close();
      assert.equal(session.state, 'closed');
      assert.equal(states(events).pop(), 'closed');
      await server.connections[0].closed;
      // The socket's own timers end with its close event, which may come just after the server's.
      await until(() => timers.live().length === 0, 5000, 'the library timers to end');
      assert.deepEqual(timers.live(), [], 'no timer left behind');
    } finally {
      timers.restore();
    }
    assert.equal(await isSettled(session.close()), true, 'close() again is harmless');
  });

  it('close() leaves no timer on the session clock, at once', async () => {
    const clock = fakeClock();
    session = new StreamingSession(
      testOptions(server.url, {
        policy: 'always',
        idleSeconds: 1,
        formattedTurnTimeoutMs: 300,
        clock,
        params: { speech_model: 'universal-streaming-english', format_turns: true, session_heartbeat: true },
      }),
    );
    await session.start();
    server.connections[0].turn(0, true, false, 'waits for its formatted turn');
    await until(() => clock.pending() >= 3, 5000, 'rollover, heartbeat watch and formatted-turn timers');
    session.write(countingPcm(1000));
    await session.close();
    assert.equal(clock.pending(), 0, 'every session timer was cleared');
    assert.equal(session.state, 'closed');
  });

  it('close() during a reconnect wait cancels it and resolves', async () => {
    server.onConnection((c) => c.close(1011, 'boom'));
    session = new StreamingSession(testOptions(server.url, { policy: 'manual', retry: { initialDelayMs: 10000, maxDelayMs: 10000 } }));
    const started = session.start();
    started.catch(() => undefined);
    await waitForState(session, 'reconnecting');
    assert.equal(await isSettled(session.close()), true, 'the retry wait is cancelled, nothing to wait for');
    await assert.rejects(started, /stop\(\) was called before the session began/);
    assert.equal(server.connections.length, 1);
  });

  describe('policies', () => {
    it('auto: opens on the first audio, Terminates after idleSeconds without audio, reopens when audio returns, losing none of the first words', async () => {
      server.onConnection((c) => {
        setTimeout(() => c.begin(), 100); // slow Begin: the first words arrive while connecting
        c.answerTerminate();
      });
      const clock = fakeClock();
      session = new StreamingSession(testOptions(server.url, { idleSeconds: 0.3, clock }));
      const events = record(session);
      assert.equal(server.connections.length, 0);
      session.write(countingPcm(4000));
      await until(() => session?.state === 'listening');
      await clock.tick(299);
      assert.equal(session.state, 'listening', 'not idle before idleSeconds');
      await clock.tick(1);
      assert.equal(session.state, 'stopping', 'idleSeconds without audio: Terminate');
      await waitForState(session, 'idle', 3000);
      const first = server.connections[0];
      assert.ok(
        first.texts.some((t) => t.type === 'Terminate'),
        'the idle session was Terminated',
      );
      assert.ok(isCountingFrom(Buffer.concat(first.frames), 0));
      assert.equal(first.audioBytes, 8000, 'the first words, all of them (the tail padded to 50 ms)');
      session.write(countingPcm(1600, 4000));
      await until(() => server.connections.length === 2);
      // 100 ms written at once: the second frame waits its 40 ms (1.25x real time).
      await tickUntil(clock, () => (server.connections[1]?.audioBytes ?? 0) >= 3200, 20, 5000, 'both frames');
      assert.ok(isCountingFrom(server.connections[1].frames[0], 4000));
      assert.deepEqual(states(events).slice(0, 4), ['connecting', 'listening', 'stopping', 'idle']);
    });

    it('auto: audio keeps the session open; no Terminate while it flows', async () => {
      const clock = fakeClock();
      session = new StreamingSession(testOptions(server.url, { idleSeconds: 0.2, clock }));
      const events = record(session);
      session.write(countingPcm(800));
      await until(() => session?.state === 'listening');
      for (let i = 0; i < 10; i++) {
        await clock.tick(50);
        session.write(countingPcm(800));
      }
      assert.equal(server.connections.length, 1);
      assert.deepEqual(states(events), ['connecting', 'listening'], 'no Terminate while audio flows (500 ms > idleSeconds)');
      await clock.tick(200);
      assert.equal(session.state, 'stopping', 'then idleSeconds without audio ends it');
      await server.connections[0].waitForText('Terminate');
    });

    it('manual: only start() opens; a server-ended session goes idle and is not reopened', async () => {
      server.onConnection((c) => {
        c.begin();
        if (server.connections.length === 1) setTimeout(() => c.close(1000, ''), 50);
      });
      const clock = fakeClock();
      session = new StreamingSession(testOptions(server.url, { policy: 'manual', clock }));
      const events = record(session);
      session.write(countingPcm(1600));
      assert.equal(server.connections.length, 0);
      await session.start();
      await waitForState(session, 'idle');
      assert.equal(clock.pending(), 0, 'no retry planned');
      await clock.tick(60000);
      assert.deepEqual(states(events), ['connecting', 'listening', 'idle']);
      assert.equal(server.connections.length, 1);
    });

    it('always: a session the server ends is reopened', async () => {
      server.onConnection((c) => {
        c.begin();
        c.answerTerminate();
        if (server.connections.length === 1) setTimeout(() => c.close(1000, ''), 50);
      });
      session = new StreamingSession(testOptions(server.url, { policy: 'always' }));
      const events = record(session);
      await session.start();
      await server.connection(1);
      await waitForState(session, 'listening');
      assert.equal(events.closed[0][0].willRetry, true);
    });
  });

  // Rollover: test/session/rollover.test.ts (fake clock) replaces the real-time tests that were here.

  it('numbers turns across reconnects without reuse', async () => {
    server.onConnection((c) => {
      c.begin();
      c.answerTerminate();
      c.turn(0, true, false, `first on ${server.connections.length}`);
      c.turn(1, true, false, `second on ${server.connections.length}`);
      if (server.connections.length === 1) setTimeout(() => c.close(1011, 'boom'), 50);
    });
    session = new StreamingSession(testOptions(server.url, { policy: 'manual' }));
    const events = record(session);
    await session.start();
    await until(() => events.turn.length === 4);
    assert.deepEqual(
      events.turn.map(([t]) => [t.order, t.transcript]),
      [
        [0, 'first on 1'],
        [1, 'second on 1'],
        [2, 'first on 2'],
        [3, 'second on 2'],
      ],
    );
    assert.notEqual(events.turn[0][1].id, events.turn[2][1].id, 'the session info tells the connections apart');
  });
});
