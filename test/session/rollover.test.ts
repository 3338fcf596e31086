// Rollover on a fake clock: the session's timers (rollover before expires_at,
// switch wait, candidate retry) move only when the test says so; the sockets
// to the fake server are real, and the test waits for their events.
import assert from 'node:assert/strict';
import { CloseReason } from '../../src/protocol/close-codes';
import { StreamingSession } from '../../src/session';
import { FakeServer, type FakeConnection } from './fake-server';
import {
  closeOnFakeClock,
  countingPcm,
  fakeClock,
  isCountingFrom,
  record,
  states,
  testOptions,
  until,
  writeLive,
  type Recorded,
  type TestClock,
} from './session-test-kit';

describe('session/rollover (fake clock)', () => {
  let server: FakeServer;
  let clock: TestClock;
  let session: StreamingSession | undefined;
  let events: Recorded;

  beforeEach(async () => {
    server = await FakeServer.start();
    clock = fakeClock();
  });
  afterEach(async () => {
    await closeOnFakeClock(session, clock);
    session = undefined;
    await server.close();
  });

  /**
   * Starts a manual session whose first connection begins with an expiry far
   * off and answers Terminate; `next` handles the connections after it.
   */
  async function startRolling(
    next: (c: FakeConnection, index: number) => void,
    first: (c: FakeConnection) => void = () => undefined,
  ): Promise<FakeConnection> {
    server.onConnection((c) => {
      const index = server.connections.length - 1;
      if (index === 0) {
        // expires_at on the session's (fake) clock: the real time the test takes must not move the rollover.
        c.begin(100, { expires_at: Math.floor(clock.now() / 1000) + 100 });
        c.answerTerminate();
        first(c);
      } else next(c, index);
    });
    session = new StreamingSession(testOptions(server.url, { policy: 'manual', clock }));
    events = record(session);
    await session.start();
    return server.connections[0];
  }

  /** Fires the rollover timer: the only timer left once the first session has begun. */
  async function fireRollover(): Promise<FakeConnection> {
    assert.equal(clock.pending(), 1, 'only the rollover timer is waiting');
    const before = clock.now();
    await clock.next();
    const waited = clock.now() - before;
    assert.ok(waited >= 38000 && waited <= 50000, `the rollover waits for expires_at minus the 60 s lead (or half-way): ${waited} ms`);
    return server.connection(server.connections.length);
  }

  const terminated = (c: FakeConnection) => c.texts.some((t) => t.type === 'Terminate');

  it('a candidate that begins is promoted: it takes the audio, the old session is Terminated, no sample is lost', async () => {
    const first = await startRolling(() => undefined); // the candidate begins when the test says
    await writeLive(session, clock, countingPcm(8000));
    await first.waitForBytes(16000);
    const firstId = session?.info?.id;
    const candidate = await fireRollover();
    await writeLive(session, clock, countingPcm(8000, 8000)); // while the candidate connects: still the old session's
    await first.waitForBytes(32000);
    candidate.answerTerminate();
    candidate.begin();
    await until(() => events.begin.length === 2, 5000, 'the candidate to begin');
    assert.notEqual(session?.info?.id, firstId, 'the candidate is the active session now');
    await writeLive(session, clock, countingPcm(8000, 16000));
    await candidate.waitForBytes(16000);
    await first.closed;
    assert.ok(terminated(first));
    assert.equal(first.audioBytes, 32000);
    assert.equal(candidate.audioBytes, 16000);
    assert.ok(
      isCountingFrom(Buffer.concat([...first.frames, ...candidate.frames]), 0),
      'old then new session: every sample once, in order',
    );
    assert.deepEqual(states(events), ['connecting', 'listening'], 'the state stays listening through the switch');
    assert.deepEqual(
      events.closed.map(([c]) => [c.code, c.willRetry]),
      [[1000, false]],
    );
    assert.equal(events.reconnecting.length, 0);
    assert.equal(events.error.length, 0);
    assert.equal(session?.stats().connectionsOpened, 2);
  });

  it('waits for the open turn to end before switching, so a sentence is not split', async () => {
    const first = await startRolling(
      (c) => {
        c.begin();
        c.answerTerminate();
      },
      (c) => c.turn(0, false, false, 'turn on'),
    );
    await until(() => session?.state === 'speech', 5000, 'the open turn');
    const firstId = session?.info?.id;
    await fireRollover();
    await until(() => events.begin.length === 2, 5000, 'the candidate to begin');
    assert.equal(session?.info?.id, firstId, 'no switch while the turn is open');
    assert.equal(clock.pending(), 1, 'the bounded switch wait');
    first.turn(0, true, false, 'turn on the lights');
    await until(() => session?.info?.id !== firstId, 5000, 'the switch at the end of the turn');
    await first.waitForText('Terminate');
    assert.equal(events.turn.filter(([t]) => t.final).length, 1);
    assert.equal(events.turn.find(([t]) => t.final)?.[1].id, firstId, 'the turn ended on the old session');
  });

  it('switches anyway when the turn does not end within the switch wait', async () => {
    const first = await startRolling(
      (c) => {
        c.begin();
        c.answerTerminate();
      },
      (c) => c.turn(0, false, false, 'a very long'),
    );
    await until(() => session?.state === 'speech', 5000, 'the open turn');
    const firstId = session?.info?.id;
    await fireRollover();
    await until(() => events.begin.length === 2, 5000, 'the candidate to begin');
    const before = clock.now();
    await clock.next();
    assert.equal(clock.now() - before, 10000, 'MAX_SWITCH_WAIT_MS (half the 60 s lead is longer)');
    assert.notEqual(session?.info?.id, firstId);
    await first.waitForText('Terminate');
  });

  it('a candidate that fails is reported and retried with backoff while the active session streams on', async () => {
    const first = await startRolling((c, index) => {
      if (index === 1) c.close(1011, 'warming up');
      else {
        c.begin();
        c.answerTerminate();
      }
    });
    await fireRollover();
    await until(() => events.closed.length === 1, 5000, 'the candidate to close');
    assert.deepEqual(events.closed[0][0], { code: 1011, reason: 'warming up', willRetry: true });
    assert.equal(events.error.length, 1);
    assert.match(events.error[0][0].message, /^Could not open the next session for the rollover: .*internal error/);
    assert.equal(events.error[0][0].fatal, false);
    assert.equal(session?.state, 'listening', 'the active session is untouched');
    assert.equal(events.reconnecting.length, 0, 'a failed candidate is not a reconnect');
    session?.write(countingPcm(800));
    await first.waitForBytes(1600);
    assert.equal(clock.pending(), 1, 'the rollover retry');
    const before = clock.now();
    await clock.next();
    assert.ok(clock.now() - before <= 20, 'the first backoff step (initialDelayMs 20)');
    const third = await server.connection(2);
    await until(() => events.begin.length === 2, 5000, 'the retried candidate to begin');
    session?.write(countingPcm(800, 800));
    await third.waitForBytes(1600);
    await first.waitForText('Terminate');
    assert.ok(isCountingFrom(Buffer.concat([...first.frames, ...third.frames]), 0));
  });

  it('a candidate refused for good (bad key) is not retried; the active session streams on', async () => {
    const first = await startRolling((c) => c.close(1008, CloseReason.invalidAuth));
    await fireRollover();
    await until(() => events.closed.length === 1, 5000, 'the candidate to close');
    assert.deepEqual(events.closed[0][0], { code: 1008, reason: CloseReason.invalidAuth, willRetry: false });
    assert.equal(events.error.filter(([e]) => e.fatal).length, 0);
    assert.equal(clock.pending(), 0, 'no retry planned');
    assert.equal(session?.state, 'listening');
    session?.write(countingPcm(800));
    await first.waitForBytes(1600);
  });

  it('when the active session is lost while the candidate connects, the candidate is promoted instead of reconnecting', async () => {
    const first = await startRolling(() => undefined); // the candidate waits for the test to begin it
    const candidate = await fireRollover();
    first.close(1011, 'crash');
    await until(() => session?.state === 'connecting', 5000, 'the promoted candidate, not begun yet');
    assert.deepEqual(events.closed[0][0], { code: 1011, reason: 'crash', willRetry: true });
    assert.equal(events.reconnecting.length, 0);
    session?.write(countingPcm(800));
    candidate.begin();
    await until(() => session?.state === 'listening', 5000, 'the candidate to begin');
    await candidate.waitForBytes(1600);
    assert.equal(server.connections.length, 2, 'no third connection');
  });

  describe('UpdateConfiguration during a rollover', () => {
    it('a candidate that has begun gets it too, so after the switch the new session has it', async () => {
      const first = await startRolling(
        (c) => {
          c.begin();
          c.answerTerminate();
        },
        (c) => c.turn(0, false, false, 'hold the switch'),
      );
      await until(() => session?.state === 'speech', 5000, 'the open turn');
      const candidate = await fireRollover();
      await until(() => events.begin.length === 2, 5000, 'the candidate to begin');
      session?.updateConfiguration({ end_of_turn_confidence_threshold: 0.8 });
      const update = { type: 'UpdateConfiguration', end_of_turn_confidence_threshold: 0.8 };
      await first.waitForText('UpdateConfiguration');
      await candidate.waitForText('UpdateConfiguration');
      assert.deepEqual(
        first.texts.find((t) => t.type === 'UpdateConfiguration'),
        update,
      );
      assert.deepEqual(
        candidate.texts.find((t) => t.type === 'UpdateConfiguration'),
        update,
      );
      first.turn(0, true, false, 'hold the switch now');
      await first.waitForText('Terminate');
      assert.notEqual(session?.info?.id, undefined);
    });

    it('a candidate still connecting gets it right after its Begin (it was dialled with the old parameters); later connections have it in the URL', async () => {
      const first = await startRolling((c, index) => {
        if (index > 1) {
          c.begin();
          c.answerTerminate();
        }
      });
      const candidate = await fireRollover();
      session?.updateConfiguration({ end_of_turn_confidence_threshold: 0.8 });
      await first.waitForText('UpdateConfiguration');
      assert.ok(!candidate.texts.some((t) => t.type === 'UpdateConfiguration'), 'nothing is sent before Begin');
      candidate.begin();
      candidate.answerTerminate();
      await candidate.waitForText('UpdateConfiguration');
      assert.deepEqual(
        candidate.texts[0],
        { type: 'UpdateConfiguration', end_of_turn_confidence_threshold: 0.8 },
        'the first thing the candidate hears',
      );
      await first.waitForText('Terminate');
      assert.equal(candidate.texts.filter((t) => t.type === 'UpdateConfiguration').length, 1);
      await session?.stop();
      await session?.start();
      const next = await server.connection(2);
      assert.equal(next.query.get('end_of_turn_confidence_threshold'), '0.8', 'the update is kept for new connections');
      assert.ok(!next.texts.some((t) => t.type === 'UpdateConfiguration'), 'and not sent again to them');
    });
  });
});
