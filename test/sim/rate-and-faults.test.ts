import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { startSimulator, type Simulator } from '../../src/sim';
import { CloseReason } from '../../src/protocol/close-codes';
import { connect, delay, field, frames, speechPcm, until } from './helpers';

const RATE_TEXT = /^Audio Transmission Rate Exceeded: Received \d+(\.\d+)? sec\. audio in \d+(\.\d+)? sec$/;

describe('sim: real-time rate rule', function () {
  this.timeout(20000);
  let sim: Simulator;
  afterEach(async () => {
    await sim?.close();
  });

  it('throttle: holds audio sent faster than 1.25x and processes all of it (no error below the buffer limit)', async () => {
    sim = await startSimulator({ script: ['Held back.'] });
    const c = connect(sim.url);
    const begin = await c.waitForType('Begin');
    const began = Date.now();
    // 4 s of audio in one burst: speech ends at 3.5 s of stream time.
    for (const f of frames(speechPcm([{ silenceMs: 2500 }, { speechMs: 1000 }, { silenceMs: 500 }]), 16000)) c.ws.send(f);
    const eot = await c.waitForMatch('Turn', (m) => m.end_of_turn, 6000, 'end of turn');
    // The turn ends at ~3.4 s of audio; at 1.25x after a 1 s allowance that cannot be processed before ~1.9 s.
    assert.ok(Date.now() - began >= 1500, `end of turn after ${Date.now() - began} ms`);
    assert.equal(eot.transcript, 'held back');
    c.sendJson({ type: 'Terminate' });
    await c.closedWithin();
    assert.equal(field(c.messages.at(-1), 'audio_duration_seconds'), 4);
    assert.ok(begin);
  });

  it('throttle: closes 3007 "Audio Transmission Rate Exceeded" once more than the buffer limit is held', async () => {
    sim = await startSimulator({ timing: { maxBufferedSeconds: 3 } });
    const c = connect(sim.url);
    await c.waitForType('Begin');
    for (const f of frames(Buffer.alloc(32000 * 8), 32000)) c.ws.send(f);
    const closed = await c.closedWithin();
    assert.equal(closed.code, 3007);
    assert.match(closed.reason, RATE_TEXT);
    const last = c.messages.at(-1);
    assert.ok(last?.type === 'Error', `the last message is an Error; got ${JSON.stringify(last)}`);
    assert.match(last.error, RATE_TEXT);
    const received = Number(/Received (\S+) sec/.exec(closed.reason)![1]);
    assert.ok(received > 3 + 1 && received <= 8, `received ${received}`);
    assert.equal(sim.stats().framesRejected, 1);
  });

  it('strict: closes 3007 as soon as audio runs ahead of real time', async () => {
    sim = await startSimulator({ rateRule: 'strict' });
    const c = connect(sim.url);
    await c.waitForType('Begin');
    for (const f of frames(Buffer.alloc(32000 * 3), 16000)) c.ws.send(f);
    const closed = await c.closedWithin();
    assert.equal(closed.code, 3007);
    assert.match(closed.reason, RATE_TEXT);
  });

  it('strict: real-time audio is fine', async () => {
    sim = await startSimulator({ rateRule: 'strict' });
    const c = connect(sim.url);
    await c.waitForType('Begin');
    await c.sendPaced(frames(Buffer.alloc(32000 * 1.5), 3200), 100);
    c.sendJson({ type: 'Terminate' });
    assert.equal((await c.closedWithin()).code, 1000);
  });
});

describe('sim: fault modes', function () {
  this.timeout(20000);
  let sim: Simulator;
  beforeEach(async () => {
    sim = await startSimulator();
  });
  afterEach(async () => {
    await sim.close();
  });

  it('closeBeforeBegin: closes right after the upgrade with the given code and reason, optionally with an Error', async () => {
    sim.setFaults({ closeBeforeBegin: { code: 1008, reason: 'Unauthorized connection: Incorrect padding' } });
    const c = connect(sim.url);
    await c.opened;
    const closed = await c.closedWithin();
    assert.deepEqual(closed, { code: 1008, reason: 'Unauthorized connection: Incorrect padding' });
    assert.equal(c.messages.length, 0);
    sim.setFaults({ closeBeforeBegin: { code: 3005, reason: 'Session Cancelled: An error occurred', withErrorMessage: true } });
    const d = connect(sim.url);
    assert.equal((await d.closedWithin()).code, 3005);
    assert.deepEqual(d.messages, [{ type: 'Error', error_code: 3005, error: 'Session Cancelled: An error occurred' }]);
    sim.setFaults({ closeBeforeBegin: null });
    const e = connect(sim.url);
    await e.waitForType('Begin');
    e.terminate();
    assert.equal(sim.stats().closedByFault, 2);
    assert.equal(sim.stats().sessionsOpened, 1);
  });

  it('noTermination: Terminate gets no answer and the socket stays open (also for a session already open)', async () => {
    const c = connect(sim.url);
    await c.waitForType('Begin');
    sim.setFaults({ noTermination: true });
    c.sendJson({ type: 'Terminate' });
    await until('the simulator to receive the Terminate', () => sim.connections()[0].terminateReceived);
    await delay(700); // absence check: no Termination and no close may follow; load can only make this pass more easily
    assert.equal(c.ws.readyState, WebSocket.OPEN);
    assert.deepEqual(
      c.messages.map((m) => m.type),
      ['Begin'],
    );
    c.ws.close(1000);
    await c.closedWithin();
    await until("the simulator's side of the close", () => sim.connections()[0].closedAt !== undefined);
    assert.equal(sim.connections()[0].terminatedCleanly, false);
    assert.equal(sim.stats().closedByClient, 1);
  });

  it('stall: a new connection gets no Begin; an open session ignores everything until the stall ends', async () => {
    const open = connect(sim.url);
    await open.waitForType('Begin');
    sim.setFaults({ stall: true });
    const stalled = connect(sim.url);
    await stalled.opened;
    open.sendJson({ type: 'Terminate' });
    open.ws.send('not json');
    await delay(600); // absence check: the stalled server must answer nothing; load can only make this pass more easily
    assert.equal(stalled.messages.length, 0);
    assert.equal(stalled.ws.readyState, WebSocket.OPEN);
    assert.deepEqual(
      open.messages.map((m) => m.type),
      ['Begin'],
    );
    assert.equal(open.ws.readyState, WebSocket.OPEN);
    sim.setFaults({ stall: false });
    open.sendJson({ type: 'Terminate' });
    assert.equal((await open.closedWithin()).code, 1000);
    assert.equal(open.messages.at(-1)?.type, 'Termination');
    stalled.terminate();
  });

  it('destroyAfterMs: drops the TCP connection without a close frame', async () => {
    sim.setFaults({ destroyAfterMs: 200 });
    const c = connect(sim.url);
    await c.waitForType('Begin');
    const closed = await c.closedWithin();
    assert.equal(closed.code, 1006);
    await until("the simulator's side of the close", () => sim.connections()[0].closedAt !== undefined);
    assert.equal(sim.connections()[0].closedBy, 'fault');
    assert.equal(sim.stats().closedByFault, 1);
  });

  it('closeAfter: Error then close with the given code at the given moment', async () => {
    sim.setFaults({ closeAfter: { afterMs: 300, code: 3005, reason: 'Session Cancelled: An error occurred' } });
    const c = connect(sim.url);
    await c.waitForType('Begin');
    const closed = await c.closedWithin();
    assert.deepEqual(closed, { code: 3005, reason: 'Session Cancelled: An error occurred' });
    assert.deepEqual(c.messages.at(-1), { type: 'Error', error_code: 3005, error: 'Session Cancelled: An error occurred' });
  });

  it('closeAfter afterSamples / destroyAfterSamples: strike right after the frame that reaches the count, whatever the time', async () => {
    sim.setFaults({ closeAfter: { afterSamples: 4800, code: 3005, reason: 'Session Cancelled: An error occurred' } });
    const c = connect(sim.url);
    await c.waitForType('Begin');
    await delay(400); // well past any timed fault: nothing happens until the audio arrives
    assert.equal(sim.connections()[0].closedAt, undefined);
    for (const f of frames(Buffer.alloc(32000), 3200)) c.ws.send(f); // ten 100 ms frames: 1600 samples each
    const closed = await c.closedWithin();
    assert.equal(closed.code, 3005);
    assert.equal(sim.connections()[0].samplesReceived, 4800, 'the third frame reached the count; no later frame was taken');

    sim.setFaults({ closeAfter: null, destroyAfterSamples: 3200 });
    const d = connect(sim.url);
    await d.waitForType('Begin');
    for (const f of frames(Buffer.alloc(32000), 3200)) d.ws.send(f);
    assert.equal((await d.closedWithin()).code, 1006);
    assert.equal(sim.connections()[1].samplesReceived, 3200);
    assert.equal(sim.connections()[1].closedBy, 'fault');
  });

  it('beginDelayMs: what the client sends before the late Begin is taken in order after it (a Terminate ends the session cleanly)', async () => {
    sim.setFaults({ beginDelayMs: 300 });
    const c = connect(sim.url);
    await c.opened;
    c.sendJson({ type: 'Terminate' });
    const closed = await c.closedWithin();
    assert.equal(closed.code, 1000);
    assert.deepEqual(
      c.messages.map((m) => field(m, 'type')),
      ['Begin', 'Termination'],
    );
    await until('the simulator to count a clean Termination', () => sim.connections()[0].terminatedCleanly);
  });

  it('slowReads: stops reading so the client backs up, and resumes', async () => {
    await sim.close();
    sim = await startSimulator({ timing: { maxBufferedSeconds: 1000 } });
    const c = connect(sim.url, { query: { speech_model: 'universal-streaming-english', sample_rate: 96000 } });
    await c.waitForType('Begin');
    sim.setFaults({ slowReads: true }); // pauses the open session's socket at once (applyReadPressure)
    const frame = Buffer.alloc(192000); // 1 s at 96 kHz s16le
    for (let i = 0; i < 200; i++) c.ws.send(frame);
    // absence check: the simulator must not read it all; given time the socket buffers fill and the
    // rest stays with the client. Load only leaves more unsent, so the check passes more easily.
    await delay(700);
    const backedUp = c.ws.bufferedAmount;
    assert.ok(backedUp > 5_000_000, `client bufferedAmount ${backedUp}`);
    assert.ok(sim.connections()[0].framesReceived < 200);
    sim.setFaults({ slowReads: false });
    await until('all 200 frames to be read', () => sim.connections()[0].framesReceived >= 200, 10000);
    assert.equal(sim.connections()[0].framesReceived, 200);
    assert.equal(c.ws.bufferedAmount, 0);
    c.terminate();
  });

  for (const code of [3009, 1008] as const) {
    it(`tooManySessions: the Nth new session and later get Error + close ${code}`, async () => {
      sim.setFaults({ tooManySessions: { fromSession: 2, code } });
      const first = connect(sim.url);
      await first.waitForType('Begin');
      const reason = code === 3009 ? CloseReason.tooManySessions3009 : CloseReason.tooManySessions1008;
      for (let i = 0; i < 2; i++) {
        const c = connect(sim.url);
        const closed = await c.closedWithin();
        assert.deepEqual(closed, { code, reason });
        assert.deepEqual(c.messages, [{ type: 'Error', error_code: code, error: reason }]);
      }
      assert.equal(sim.stats().sessionsOpened, 1);
      first.terminate();
    });
  }
});

describe('sim: stats', function () {
  this.timeout(20000);
  it('counts sessions, audio, rejected frames, faults and billed time', async () => {
    const sim = await startSimulator();
    try {
      const a = connect(sim.url);
      await a.waitForType('Begin');
      for (const f of frames(Buffer.alloc(32000), 3200)) a.ws.send(f);
      const b = connect(sim.url);
      await b.waitForType('Begin');
      b.ws.send(Buffer.alloc(100));
      await b.closedWithin();
      await until("the simulator's side of b's close", () => sim.connections()[1].closedAt !== undefined);
      let stats = sim.stats();
      assert.equal(stats.sessionsOpened, 2);
      assert.equal(stats.openNow, 1);
      assert.equal(stats.framesRejected, 1);
      assert.equal(stats.closedByError, 1);
      await delay(300); // keeps a open at least 0.3 s to be billed (a lower bound: longer under load is fine)
      a.sendJson({ type: 'Terminate' });
      await a.closedWithin();
      await until("the simulator's side of a's close", () => sim.connections()[0].closedAt !== undefined);
      stats = sim.stats();
      assert.equal(stats.openNow, 0);
      assert.equal(stats.terminatedCleanly, 1);
      assert.equal(stats.audioSeconds, 1);
      assert.equal(stats.samplesReceived, 16000);
      assert.equal(stats.framesReceived, 10);
      assert.ok(stats.billedSeconds >= 0.3 && stats.billedSeconds < 5, `billed ${stats.billedSeconds}`);
      const billed = stats.billedSeconds;
      await delay(200); // absence check: billing must not grow after the close; load can only make this pass more easily
      assert.equal(sim.stats().billedSeconds, billed, 'closed sessions stop billing');
      assert.equal(stats.closedByFault, 0);
    } finally {
      await sim.close();
    }
  });

  it('close() ends every socket quickly, including stalled ones', async () => {
    const sim = await startSimulator({ faults: { stall: true } });
    const clients = [connect(sim.url), connect(sim.url)];
    await Promise.all(clients.map((c) => c.opened));
    const started = Date.now();
    await sim.close();
    const closes = await Promise.all(clients.map((c) => c.closedWithin(2000)));
    assert.ok(closes.every((c) => c.code === 1006));
    assert.ok(Date.now() - started < 2000);
  });
});
