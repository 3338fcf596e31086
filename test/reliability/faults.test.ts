// Each connection fault alone, against a transcriber node in the Node-RED test
// runtime: what the status and the events say, whether it retries (and only
// where it should), where the audio goes (counted in samples at the
// simulator), and that no timer or socket is left after undeploy. Escaped
// errors and unhandled rejections fail the test through the root hook.
//
// Audio accounting: audio is written in phases with the fault in between, and
// the test waits until the simulator holds each phase before the fault strikes.
// So every sample written must arrive exactly once, except where the fault is
// fatal (then the audio after it must not be sent at all). Audio that is in
// flight at the moment a server drops a connection is measured separately.
import assert from 'node:assert/strict';
import { CloseReason } from '../../src/protocol/close-codes';
import type { SimulatorFaults } from '../../src/sim/types';
import { samplesOf, utterances } from '../nodes/support/audio';
import { statusState } from '../nodes/support/harness';
import { delay, waitFor } from '../nodes/support/wait';
import { FaultRig, S, type ClosedPayload, type RigOptions } from './support/fault-rig';

const SCRIPT = ['Turn on the kitchen lights.', 'Set a timer for ten minutes.', 'Good night.'];

/**
 * These tests are about statuses, retries and where the audio goes, not about the pace (the
 * strict-rate and backlog tests own that): audio written at once goes out at 10x real time (the
 * node's highest catch-up rate) to a strict simulator that allows 10x, so held audio is in within
 * ~0.2 s instead of ~1 s. A fault mid-session strikes right after a given amount of audio has
 * arrived, not at a time after Begin: on a loaded machine a timed fault can catch audio in flight,
 * which a close loses by design.
 */
const FAST_RATE = 10;
const FAST_SIM = { timing: { strictFactor: FAST_RATE } };

function fastRig(options: RigOptions): Promise<FaultRig> {
  return FaultRig.start({
    ...options,
    simulator: options.simulator ? { ...FAST_SIM, ...options.simulator } : options.simulator,
    transcriber: { maxSendRate: FAST_RATE, ...options.transcriber },
  });
}

/** The reconnect delay for retry `attempt` with FAST_TUNING (100 ms first, 400 ms cap): equal jitter, [ceiling/2, ceiling]. */
function delayBounds(attempt: number, factor = 1): [number, number] {
  const ceiling = Math.min(400 * factor, 100 * factor * 2 ** (attempt - 1));
  return [ceiling / 2, ceiling];
}

describe('reliability: each fault alone (transcriber node)', function () {
  this.timeout(30000);
  let rig: FaultRig | undefined;
  afterEach(async () => {
    await rig?.abandon();
    rig = undefined;
  });

  /** Nothing red, every error event non-fatal, and Catch nodes saw each one. */
  function expectOnlyTransientErrors(r: FaultRig): void {
    assert.ok(r.errors().length > 0, 'no error event');
    assert.ok(
      r.errors().every((e) => !e.fatal),
      JSON.stringify(r.errors()),
    );
    assert.ok(
      r.h.statuses().every((s) => s.fill !== 'red'),
      JSON.stringify(r.h.statuses()),
    );
  }

  /** Events leave through node.send, which delivers asynchronously; the status is set at once. */
  function waitForFatalEvent(r: FaultRig): Promise<unknown> {
    return waitFor('a fatal error event', () => r.errors().some((e) => e.fatal), 5000);
  }

  /** A fatal fault: a red status, one fatal error event, and no further connection attempt. */
  async function expectNoRetry(r: FaultRig, status: string, message: RegExp, attempts: () => number): Promise<void> {
    await r.h.waitForStatus(status);
    assert.equal(r.h.lastStatus()?.fill, 'red');
    await waitForFatalEvent(r);
    const fatal = r.errors().filter((e) => e.fatal);
    assert.equal(fatal.length, 1, JSON.stringify(r.errors()));
    assert.match(fatal[0].message, message);
    assert.ok(
      r.h.errorsLogged().some((e) => message.test(e)),
      'node.error was not called',
    );
    const before = attempts();
    await delay(900); // absence check: more than the first three retry delays with no new attempt; load can only make this pass more easily
    assert.equal(attempts(), before, 'it tried again');
    assert.equal(r.reconnects().length, 0);
  }

  it('connection refused: retries with growing delays; audio written meanwhile arrives once the server is up', async () => {
    rig = await fastRig({ transcriber: { policy: 'auto' } });
    const outage = samplesOf(utterances(1, 800, 400));
    rig.send(outage);
    await rig.h.waitForEvent('reconnecting', 3);
    const reconnects = rig.reconnects();
    reconnects.slice(0, 3).forEach((r, i) => {
      assert.equal(r.attempt, i + 1);
      assert.match(r.reason, /ECONNREFUSED/);
      const [low, high] = delayBounds(i + 1);
      assert.ok(r.delayMs >= low && r.delayMs <= high, `attempt ${i + 1}: ${r.delayMs} ms`);
    });
    assert.ok(rig.statusTexts().includes(`${S}reconnecting`));
    expectOnlyTransientErrors(rig);

    await rig.startSim({ ...FAST_SIM, script: SCRIPT });
    await rig.h.waitForEvent('begin');
    await rig.waitReceived(outage.length);
    await rig.h.waitForFinals(1);
    assert.equal(rig.receivedSamples(), outage.length);
    await rig.finish();
  });

  it('a custom URL whose host does not resolve (.invalid): retries, keeps the newest audio up to the buffer window, says what it dropped', async () => {
    const port = 8765;
    rig = await fastRig({
      url: `ws://aai-sim.invalid:${port}/v3/ws`,
      transcriber: { policy: 'auto' },
      tuning: { bufferSeconds: 1 },
    });
    rig.send(samplesOf([{ speechMs: 3000 }]));
    const [first] = await rig.h.waitForEvent('reconnecting', 2);
    assert.match((first.payload as { reason: string }).reason, /could not be resolved \((ENOTFOUND|EAI_AGAIN)\)/);
    expectOnlyTransientErrors(rig);
    const warning = await waitFor('a dropped-audio warning', () => rig?.h.warnings().find((w) => w.startsWith('audio dropped')), 3000);
    assert.match(warning, /buffer full while connecting or reconnecting/);
    await rig.finish();
  });

  it('a TLS certificate that is rejected (simulator with tls, no CA given): fails at once, no retry', async () => {
    rig = await fastRig({ simulator: { tls: true }, transcriber: { policy: 'auto' } });
    assert.match(rig.sim.url, /^wss:/);
    rig.send(samplesOf([{ speechMs: 500 }]));
    await expectNoRetry(
      rig,
      `${S}failedLocal`,
      /TLS certificate is not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT\)/,
      () => rig?.errors().length ?? 0,
    );
    assert.equal(rig.sim.connections().length, 0, 'a WebSocket was opened over an untrusted certificate');
    // Audio after a fatal fault is dropped with one warning that says why, never sent.
    rig.send(samplesOf([{ speechMs: 500 }]));
    await waitFor('a dropped-audio warning', () => rig?.h.warnings().some((w) => /the session failed/.test(w)), 3000);
    assert.equal(rig.receivedSamples(), 0);
    await rig.finish();
  });

  it('HTTP 401 at the upgrade: unauthorized, no retry, the key only ever in the Authorization header', async () => {
    rig = await fastRig({ simulator: { keys: ['the-right-key'], authFailure: 'http-401' }, transcriber: { policy: 'auto' } });
    rig.send(samplesOf([{ speechMs: 500 }]));
    await expectNoRetry(rig, `${S}unauthorized`, /refused the credentials \(HTTP 401\)/, () => rig?.sim.connections().length ?? 0);
    assert.equal(rig.sim.connections().length, 1);
    assert.equal(rig.errors()[0].code, 401);
    assert.equal(rig.receivedSamples(), 0);
    await rig.finish();
  });

  it('1008 Unauthorized after the upgrade: unauthorized, no retry', async () => {
    rig = await fastRig({ simulator: { keys: ['the-right-key'] }, transcriber: { policy: 'auto' } });
    rig.send(samplesOf([{ speechMs: 500 }]));
    await expectNoRetry(
      rig,
      `${S}unauthorized`,
      /refused the connection .*Invalid API key.*Check the API key/,
      () => rig?.sim.connections().length ?? 0,
    );
    assert.deepEqual(rig.closes(), [{ code: 1008, reason: CloseReason.invalidAuth, willRetry: false }]);
    await rig.finish();
  });

  it('closed before Begin (1011): retries; the audio held meanwhile arrives after recovery', async () => {
    rig = await fastRig({
      simulator: { script: SCRIPT, faults: { closeBeforeBegin: { code: 1011, reason: 'Internal error' } } },
      transcriber: { policy: 'auto' },
    });
    const held = samplesOf(utterances(1, 800, 400));
    rig.send(held);
    await rig.h.waitForEvent('reconnecting', 2);
    assert.ok(rig.closes().every((c) => c.code === 1011 && c.willRetry));
    expectOnlyTransientErrors(rig);
    rig.sim.setFaults({ closeBeforeBegin: null });
    await rig.h.waitForEvent('begin');
    await rig.waitReceived(held.length);
    await rig.h.waitForFinals(1);
    assert.equal(rig.receivedSamples(), held.length);
    assert.equal(rig.sim.stats().sessionsOpened, 1);
    await rig.finish();
  });

  it('closed before Begin with 1008 "Incorrect padding" (a sporadic service glitch): retried once, then unauthorized', async () => {
    const glitch = { code: 1008, reason: 'Unauthorized connection: Incorrect padding' };
    rig = await fastRig({ simulator: { faults: { closeBeforeBegin: glitch } }, transcriber: { policy: 'always' } });
    await rig.h.waitForStatus(`${S}unauthorized`);
    await waitForFatalEvent(rig);
    assert.equal(rig.sim.connections().length, 2);
    assert.equal(rig.reconnects().length, 1);
    assert.match(rig.errors().filter((e) => e.fatal)[0].message, /failed to read the credentials/);
    await delay(600); // absence check: no third attempt may follow; load can only make this pass more easily
    assert.equal(rig.sim.connections().length, 2, 'it tried a third time');
    await rig.finish();
  });

  /**
   * A fault that strikes an open session `afterMs` after Begin. Audio A is
   * written at once and held by the simulator before the fault; audio B is
   * written after the 'closed' event.
   */
  /** The fault strikes right after the simulator has received `a` (900 ms), which no load can move. */
  async function faultAfterBegin(
    faultAfter: (samples: number) => Partial<SimulatorFaults>,
    clear: Partial<SimulatorFaults>,
    policy = 'always',
  ) {
    const a = samplesOf(utterances(1, 600, 300));
    const r = await fastRig({ simulator: { script: SCRIPT, faults: faultAfter(a.length) }, transcriber: { policy } });
    rig = r;
    await r.h.waitForEvent('begin');
    r.sim.setFaults(clear); // the next connection is healthy
    r.send(a);

    await r.waitReceived(a.length);
    const [closed] = await r.h.waitForEvent('closed');
    const b = samplesOf(utterances(1, 800, 1000));
    r.send(b);
    return { r, a, b, closed: closed.payload as ClosedPayload };
  }

  for (const [code, reason, retried] of [
    [3005, CloseReason.sessionCancelled, true],
    [1011, 'Internal error', true],
    [1013, 'Try again later', true],
  ] as const) {
    it(`${code} after Begin: error event, reconnects; audio written during the outage arrives (retried: ${retried})`, async () => {
      const { r, a, b, closed } = await faultAfterBegin((afterSamples) => ({ closeAfter: { afterSamples, code, reason } }), {
        closeAfter: null,
      });
      assert.deepEqual(closed, { code, reason, willRetry: true });
      const [reconnect] = await r.h.waitForEvent('reconnecting');
      assert.equal((reconnect.payload as { code?: number }).code, code);
      await r.h.waitForEvent('begin', 2);
      await r.waitReceived(a.length + b.length);
      assert.equal(r.receivedSamples(), a.length + b.length);
      assert.equal(r.sim.connections()[1].samplesReceived, b.length);
      expectOnlyTransientErrors(r);
      await r.h.waitForStatus(`${S}listening`);
      await r.finish();
    });
  }

  for (const [code, reason, status] of [
    [3006, 'Invalid Message Type: Foo', 'invalidInput'],
    [3007, 'Input duration violation: 20 ms. Expected between 50 and 1000 ms', 'audioRejected'],
  ] as const) {
    it(`${code} after Begin: ${status}, no retry; later audio is dropped with a warning, not sent`, async () => {
      const { r, a, closed } = await faultAfterBegin((afterSamples) => ({ closeAfter: { afterSamples, code, reason } }), {
        closeAfter: null,
      });
      assert.deepEqual(closed, { code, reason, willRetry: false });
      await expectNoRetry(r, `${S}${status}`, /.+/, () => r.sim.connections().length);
      assert.equal(r.errors()[0].code, code);
      await waitFor('a dropped-audio warning', () => r.h.warnings().some((w) => /the session failed/.test(w)), 3000);
      assert.equal(r.receivedSamples(), a.length);
      await r.finish();
    });
  }

  it('3008 session expired in the middle of a turn: a new session at once (no backoff); the speech after it is transcribed there', async () => {
    const midTurn = samplesOf([{ speechMs: 1000 }]); // speech, no pause: the turn is still open at the expiry
    rig = await fastRig({
      simulator: {
        script: SCRIPT,
        faults: { closeAfter: { afterSamples: midTurn.length, code: 3008, reason: CloseReason.sessionExpired } },
      },
      transcriber: { policy: 'always', maxTurnSilence: '600' },
    });
    const [begin] = await rig.h.waitForEvent('begin');
    rig.sim.setFaults({ closeAfter: null });
    const firstId = (begin.payload as { id: string }).id;
    rig.send(midTurn);
    await waitFor('a partial of the open turn', () => rig?.h.turns.some((m) => (m.session as { id: string }).id === firstId), 5000);
    await rig.waitReceived(midTurn.length);
    const [closed] = await rig.h.waitForEvent('closed');
    assert.deepEqual(closed.payload, { code: 3008, reason: CloseReason.sessionExpired, willRetry: true });
    const rest = samplesOf(utterances(1, 800, 1000));
    rig.send(rest);
    const [, second] = await rig.h.waitForEvent('begin', 2);
    const [final] = await rig.h.waitForFinals(1);
    assert.equal((final.session as { id: string }).id, (second.payload as { id: string }).id);
    assert.equal(rig.reconnects().length, 0, 'an expiry is not a fault to back off from');
    // The turn cut by the expiry never gets a final: the service closed it without one.
    assert.ok(rig.h.finals().every((m) => (m.session as { id: string }).id !== firstId));
    await rig.waitReceived(midTurn.length + rest.length);
    assert.equal(rig.receivedSamples(), midTurn.length + rest.length);
    await rig.finish();
  });

  for (const code of [3009, 1008] as const) {
    it(`too many concurrent sessions (${code}): retries with 4x longer delays; held audio arrives once a session is free`, async () => {
      rig = await fastRig({
        simulator: { script: SCRIPT, faults: { tooManySessions: { fromSession: 1, code } } },
        transcriber: { policy: 'auto' },
      });
      const held = samplesOf(utterances(1, 800, 400));
      rig.send(held);
      await rig.h.waitForEvent('reconnecting', 2);
      rig
        .reconnects()
        .slice(0, 2)
        .forEach((r, i) => {
          const [low, high] = delayBounds(i + 1, 4);
          assert.ok(r.delayMs >= low && r.delayMs <= high, `attempt ${i + 1}: ${r.delayMs} ms`);
          assert.match(r.reason, /Too many sessions for this account/);
        });
      expectOnlyTransientErrors(rig);
      rig.sim.setFaults({ tooManySessions: null });
      await rig.h.waitForEvent('begin');
      await rig.waitReceived(held.length);
      assert.equal(rig.receivedSamples(), held.length);
      await rig.finish();
    });
  }

  it('the socket destroyed mid-stream (1006): reconnects; audio written during the outage arrives', async () => {
    const { r, a, b, closed } = await faultAfterBegin((afterSamples) => ({ destroyAfterSamples: afterSamples }), {
      destroyAfterSamples: null,
    });
    assert.equal(closed.code, 1006);
    assert.equal(closed.willRetry, true);
    await r.h.waitForEvent('begin', 2);
    await r.waitReceived(a.length + b.length);
    assert.equal(r.receivedSamples(), a.length + b.length);
    await r.h.waitForFinals(1);
    expectOnlyTransientErrors(r);
    await r.finish();
  });

  it('the socket destroyed while audio streams in real time: only what was in flight at that moment is lost (at most 200 ms)', async () => {
    rig = await fastRig({ simulator: { script: SCRIPT, faults: { destroyAfterMs: 1000 } }, transcriber: { policy: 'always' } });
    await rig.h.waitForEvent('begin');
    rig.sim.setFaults({ destroyAfterMs: null });
    await rig.stream(samplesOf(utterances(2, 700, 800)), 50);
    assert.equal(rig.closes()[0].code, 1006);
    await rig.h.waitForEvent('begin', 2);
    // Audio still on its way after the reconnect is not lost: wait (bounded) for
    // the loss to fall within the in-flight window instead of a fixed 300 ms.
    await waitFor('audio after the reconnect to arrive', () => rig!.sentSamples - rig!.receivedSamples() <= 3200, 10000).catch(
      () => undefined,
    );
    const lost = rig.sentSamples - rig.receivedSamples();
    if (process.env.RELIABILITY_FIGURES) console.log(`in-flight loss at a dropped socket: ${lost / 16} ms`);
    assert.ok(lost >= 0 && lost <= 3200, `lost ${lost} samples (${lost / 16} ms)`);
    await rig.finish();
  });

  it('a stalled server before Begin: connect timeout, retry; the audio held meanwhile arrives', async () => {
    // A connect timeout of 700 ms (the rig's is 1500): the bound is what is proved, not its size.
    rig = await fastRig({
      simulator: { script: SCRIPT, faults: { stall: true } },
      transcriber: { policy: 'auto' },
      tuning: { connectTimeoutMs: 700 },
    });
    const held = samplesOf(utterances(1, 800, 400));
    rig.send(held);
    const [reconnect] = await rig.h.waitForEvent('reconnecting', 1, 5000);
    assert.match((reconnect.payload as { reason: string }).reason, /did not begin within 700 ms/);
    assert.ok(rig.statusTexts().includes(`${S}connecting`));
    rig.sim.setFaults({ stall: false });
    await rig.h.waitForEvent('begin', 1, 5000);
    await rig.waitReceived(held.length);
    assert.equal(rig.receivedSamples(), held.length);
    assert.equal(rig.sim.stats().sessionsOpened, 1);
    await rig.finish();
  });

  it('a server that stalls after Begin (socket open, nothing answered): stop still ends within the termination bound, with a warning', async () => {
    // A termination bound of 500 ms (the rig's is 1000): the bound is what is proved, not its size.
    rig = await fastRig({ simulator: { script: SCRIPT }, transcriber: { policy: 'manual' }, tuning: { terminationTimeoutMs: 500 } });
    assert.equal(await rig.h.sendAndWait({ action: 'start' }), undefined);
    rig.sim.setFaults({ stall: true });
    await rig.stream(samplesOf(utterances(1, 600, 600))); // a live source: no backlog
    await delay(300); // absence check: the stall must not change the status; load can only make this pass more easily
    // The client cannot tell a stalled server from a quiet one while the socket takes its writes.
    // (The state alone: after a second open, the status text also shows the open time.)
    assert.equal(statusState(rig.h.lastStatus()?.text), `${S}listening`);
    const started = Date.now();
    assert.equal(await rig.h.sendAndWait({ action: 'stop' }), undefined);
    assert.ok(Date.now() - started < 3000, `stop took ${Date.now() - started} ms`);
    const [warning] = await rig.h.waitForEvent('warning');
    assert.match((warning.payload as { message: string }).message, /No Termination came within 500 ms/);
    await rig.h.waitForStatus(`${S}idle`);
    rig.sim.setFaults({ stall: false });
    await rig.finish();
  });

  it('a slow server (it stops reading: back-pressure): audio waits in the client and all of it arrives, no reconnect', async () => {
    // At the default 1.25x: audio queued in the socket while reads are paused lands in one burst when they
    // resume, and at 10x that burst would be 2.2 s, over the strict rule's 2 s allowance.
    rig = await FaultRig.start({ simulator: { script: SCRIPT }, transcriber: { policy: 'manual' }, tuning: { connectTimeoutMs: 10000 } });
    assert.equal(await rig.h.sendAndWait({ action: 'start' }), undefined);
    rig.sim.setFaults({ slowReads: true });
    const audio = samplesOf(utterances(1, 1000, 1200));
    rig.send(audio);
    await delay(400); // absence check: the paused simulator must not read it all; load can only make this pass more easily
    assert.ok(rig.receivedSamples() < audio.length, 'the simulator kept reading');
    rig.sim.setFaults({ slowReads: false });
    await rig.waitReceived(audio.length);
    assert.equal(rig.receivedSamples(), audio.length);
    await rig.h.waitForFinals(1);
    assert.equal(rig.reconnects().length, 0);
    assert.equal(rig.errors().length, 0);
    await rig.finish();
  });

  it('no Termination on stop: stop ends within the bound with a warning, the socket is closed, and undeploy leaves nothing', async () => {
    // A termination bound of 500 ms (the rig's is 1000): the bound is what is proved, not its size.
    rig = await fastRig({
      simulator: { script: SCRIPT, faults: { noTermination: true } },
      transcriber: { policy: 'manual' },
      tuning: { terminationTimeoutMs: 500 },
    });
    assert.equal(await rig.h.sendAndWait({ action: 'start' }), undefined);
    const audio = samplesOf(utterances(1, 600, 300));
    rig.send(audio);
    const started = Date.now();
    assert.equal(await rig.h.sendAndWait({ action: 'stop' }), undefined);
    assert.ok(Date.now() - started < 3000);
    const [warning] = await rig.h.waitForEvent('warning');
    assert.match((warning.payload as { message: string }).message, /No Termination came within 500 ms/);
    await waitFor('the socket closed', () => rig?.sim.stats().openNow === 0);
    assert.equal(rig.receivedSamples(), audio.length, 'stop flushes the held audio before Terminate');
    assert.equal(rig.sim.connections()[0].terminateReceived, true);
    assert.equal(rig.errors().length, 0);
    await rig.finish();
  });

  it('the simulator restarted while three sessions are open: every node reconnects to the new one; audio from the outage arrives', async () => {
    const others = ['tr2', 'tr3'].map((id) => ({
      id,
      type: 'assemblyai-transcriber',
      z: 'f1',
      name: '',
      account: 'acc',
      speechModel: 'universal-streaming-english',
      policy: 'always',
      wires: [[], []],
    }));
    rig = await fastRig({
      simulator: { script: SCRIPT },
      transcriber: { policy: 'always' },
      extraNodes: others.map((node) => ({ ...node, maxSendRate: FAST_RATE })),
    });
    const nodes = ['tr', 'tr2', 'tr3'];
    await waitFor('three open sessions', () => rig?.sim.stats().openNow === 3);
    const before = samplesOf(utterances(1, 500, 300));
    for (const id of nodes) rig.send(before, 1600, id);
    await rig.waitReceived(3 * before.length);
    const old = rig.sim;
    await old.close();
    await rig.h.waitForEvent('closed');
    const outage = samplesOf([{ speechMs: 700 }, { silenceMs: 300 }]);
    for (const id of nodes) rig.send(outage, 1600, id);
    await delay(400); // paces the outage: the simulator stays down a while (longer under load is fine)
    const fresh = await rig.startSim();
    await waitFor('three sessions on the new simulator', () => fresh.stats().openNow === 3, 8000);
    await rig.waitReceived(3 * (before.length + outage.length));
    assert.equal(rig.receivedSamples(), 3 * (before.length + outage.length));
    assert.equal(fresh.stats().samplesReceived, 3 * outage.length);
    assert.equal(rig.closes()[0].code, 1006);
    assert.ok([`${S}listening`, `${S}speech`].includes(statusState(rig.h.lastStatus()?.text) ?? ''), JSON.stringify(rig.h.lastStatus()));
    await rig.finish();
  });
});
