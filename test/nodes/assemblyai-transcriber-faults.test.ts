// Every simulator fault mode and the close codes that matter end in the right
// status, events and retry decision; nothing escapes (the root hook checks).
import assert from 'node:assert/strict';
import { CloseReason } from '../../src/protocol/close-codes';
import { chunk, pcmBytes, samplesOf, tone, utterances } from './support/audio';
import { Harness, TEST_KEY } from './support/harness';
import { delay, waitFor } from './support/wait';

const S = 'assemblyai-transcriber.status.';
const SCRIPT = ['Turn on the kitchen lights.'];

type ErrorPayload = { message: string; code?: number; fatal: boolean };
type ClosedPayload = { code: number; reason: string; willRetry: boolean };

describe('assemblyai-transcriber node: faults', function () {
  this.timeout(30000);
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  /** A fatal failure: red status, a fatal error event, node.error, and no further connection attempt. */
  async function expectNoRetry(harness: Harness, statusText: string, message: RegExp): Promise<void> {
    await harness.waitForStatus(statusText);
    assert.equal(harness.lastStatus()?.fill, 'red');
    const [error] = await harness.waitForEvent('error');
    assert.equal((error.payload as ErrorPayload).fatal, true);
    assert.match((error.payload as ErrorPayload).message, message);
    assert.ok(harness.errorsLogged().some((e) => message.test(e)));
    const attempts = harness.sim?.connections().length;
    // absence check: several retry delays of FAST_TUNING with no new attempt; load can only make this pass more easily
    await delay(800);
    assert.equal(harness.sim?.connections().length, attempts, 'it tried again');
    assert.equal(harness.eventsOf('reconnecting').length, 0);
  }

  /** A transient failure: a reconnecting event and status, then a session once the fault is gone. */
  async function expectRetry(harness: Harness, clear: () => void): Promise<void> {
    const [reconnecting] = await harness.waitForEvent('reconnecting');
    const payload = reconnecting.payload as { attempt: number; delayMs: number };
    assert.equal(payload.attempt, 1);
    assert.ok(payload.delayMs > 0);
    assert.ok(harness.statuses().some((s) => s.text === `${S}reconnecting` && s.fill === 'yellow'));
    clear();
    await harness.waitForEvent('begin', 1, 10000);
    await harness.waitForStatus(`${S}listening`);
  }

  it('invalid key, close 1008 after the upgrade: unauthorized, no retry', async () => {
    h = await Harness.start({ simulator: { keys: ['the-right-key'], authFailure: 'close-1008' }, transcriber: { policy: 'always' } });
    await expectNoRetry(h, `${S}unauthorized`, /AssemblyAI refused the connection .*Check the API key/);
    const [closed] = h.eventsOf('closed');
    assert.deepEqual(closed.payload, { code: 1008, reason: CloseReason.invalidAuth, willRetry: false });
    assert.equal(h.sim?.stats().authFailures, 1);
  });

  it('invalid key, HTTP 401 on the upgrade: unauthorized, no retry', async () => {
    h = await Harness.start({ simulator: { keys: ['the-right-key'], authFailure: 'http-401' }, transcriber: { policy: 'always' } });
    await expectNoRetry(h, `${S}unauthorized`, /refused the credentials \(HTTP 401\)/);
  });

  it('after a fatal failure, audio is dropped with one warning and a start action tries again', async () => {
    h = await Harness.start({ simulator: { keys: ['the-right-key'] }, transcriber: { policy: 'auto' } });
    h.send({ payload: pcmBytes(tone(200)) });
    await h.waitForStatus(`${S}unauthorized`);
    for (let i = 0; i < 5; i++) h.send({ payload: pcmBytes(tone(100)) });
    await waitFor('a dropped-audio warning', () => h?.warnings().find((w) => /the session failed/.test(w)), 5000);
    assert.equal(h.sim?.connections().length, 1);
    const error = await h.sendAndWait({ action: 'start' });
    assert.match(error?.message ?? '', /Check the API key/);
    assert.equal(h.sim?.connections().length, 2);
  });

  it('closed before Begin with 1011: retries, then streams', async () => {
    h = await Harness.start({
      simulator: { faults: { closeBeforeBegin: { code: 1011, reason: 'Internal error' } } },
      transcriber: { policy: 'always' },
    });
    await expectRetry(h, () => h?.sim?.setFaults({ closeBeforeBegin: null }));
    const closed = h.eventsOf('closed')[0].payload as ClosedPayload;
    assert.equal(closed.code, 1011);
    assert.equal(closed.willRetry, true);
  });

  it('a stalled server (no Begin): connect timeout, retry', async () => {
    h = await Harness.start({ simulator: { faults: { stall: true } }, transcriber: { policy: 'always' } });
    await waitFor('the connecting status', () => h?.statuses().some((s) => s.text === `${S}connecting`));
    await expectRetry(h, () => h?.sim?.setFaults({ stall: false }));
    assert.match((h.eventsOf('reconnecting')[0].payload as { reason: string }).reason, /did not begin within 1500 ms/);
  });

  it('a dropped TCP connection (1006): reconnects and keeps transcribing', async () => {
    h = await Harness.start({
      simulator: { script: ['One.', 'Two.'], faults: { destroyAfterMs: 300 } },
      transcriber: { policy: 'always' },
    });
    await h.waitForEvent('begin');
    h.sim?.setFaults({ destroyAfterMs: null });
    const [closed] = await h.waitForEvent('closed');
    assert.deepEqual(closed.payload, { code: 1006, reason: (closed.payload as ClosedPayload).reason, willRetry: true });
    await h.waitForEvent('begin', 2);
    await h.waitForStatus(`${S}listening`);
    for (const c of chunk(pcmBytes(samplesOf(utterances(1))), [3200])) h.send({ payload: c });
    const [final] = await h.waitForFinals(1);
    assert.equal(final.payload, 'one');
  });

  for (const [code, reason] of [
    [3005, CloseReason.sessionCancelled],
    [1013, 'Try again later'],
    [1011, 'Internal error'],
  ] as const) {
    it(`a server error after Begin (${code}): error event, retry`, async () => {
      h = await Harness.start({ simulator: { faults: { closeAfter: { afterMs: 200, code, reason } } }, transcriber: { policy: 'always' } });
      await h.waitForEvent('begin');
      h.sim?.setFaults({ closeAfter: null });
      const [error] = await h.waitForEvent('error');
      assert.equal((error.payload as ErrorPayload).code, code);
      assert.equal((error.payload as ErrorPayload).fatal, false);
      await h.waitForEvent('reconnecting');
      await h.waitForEvent('begin', 2);
      assert.equal(h.sim?.stats().sessionsOpened, 2);
      // Catch nodes see it too, with the event message.
      assert.equal(h.caught.length, 1);
      assert.equal(h.caught[0].topic, 'error');
      assert.equal((h.caught[0].payload as ErrorPayload).code, code);
    });
  }

  for (const [code, reason, status] of [
    [3006, 'Invalid Message Type: Foo', 'invalidInput'],
    [3007, 'Input duration violation: 20 ms. Expected between 50 and 1000 ms', 'audioRejected'],
    [1008, 'Unauthorized Connection: Insufficient balance', 'unauthorized'],
  ] as const) {
    it(`a fatal close after Begin (${code}): ${status}, no retry`, async () => {
      h = await Harness.start({ simulator: { faults: { closeAfter: { afterMs: 200, code, reason } } }, transcriber: { policy: 'always' } });
      await h.waitForEvent('begin');
      h.sim?.setFaults({ closeAfter: null });
      await expectNoRetry(h, `${S}${status}`, /.+/);
      assert.equal((h.eventsOf('error')[0].payload as ErrorPayload).code, code);
    });
  }

  it('the session expires (3008): a new one opens at once', async () => {
    h = await Harness.start({
      simulator: { faults: { closeAfter: { afterMs: 200, code: 3008, reason: CloseReason.sessionExpired } } },
      transcriber: { policy: 'always' },
    });
    await h.waitForEvent('begin');
    h.sim?.setFaults({ closeAfter: null });
    await h.waitForEvent('begin', 2);
    const closed = h.eventsOf('closed')[0].payload as ClosedPayload;
    assert.deepEqual(closed, { code: 3008, reason: CloseReason.sessionExpired, willRetry: true });
    assert.equal(h.eventsOf('reconnecting').length, 0);
  });

  for (const code of [3009, 1008] as const) {
    it(`too many sessions (${code}): retries with a longer delay, then streams`, async () => {
      h = await Harness.start({ simulator: { faults: { tooManySessions: { fromSession: 1, code } } }, transcriber: { policy: 'always' } });
      await expectRetry(h, () => h?.sim?.setFaults({ tooManySessions: null }));
      assert.match((h.eventsOf('error')[0].payload as ErrorPayload).message, /Too many sessions/);
    });
  }

  it('no Termination after Terminate: stop still ends within the bound, with a warning', async () => {
    h = await Harness.start({ simulator: { faults: { noTermination: true } }, transcriber: { policy: 'manual' } });
    assert.equal(await h.sendAndWait({ action: 'start' }), undefined);
    const started = Date.now();
    assert.equal(await h.sendAndWait({ action: 'stop' }), undefined);
    assert.ok(Date.now() - started < 5000);
    const [warning] = await h.waitForEvent('warning');
    assert.match((warning.payload as { message: string }).message, /No Termination came within 1000 ms/);
    await waitFor('the socket to close', () => h?.sim?.stats().openNow === 0);
    await h.waitForStatus(`${S}idle`);
    assert.equal(h.caught.length, 0);
  });

  it('a server that stops reading (back-pressure): audio waits, then all of it arrives', async () => {
    h = await Harness.start({ simulator: { script: SCRIPT }, transcriber: { policy: 'manual' }, tuning: { connectTimeoutMs: 10000 } });
    assert.equal(await h.sendAndWait({ action: 'start' }), undefined);
    h.sim?.setFaults({ slowReads: true });
    const samples = samplesOf(utterances(1, 1000, 1600));
    for (const c of chunk(pcmBytes(samples), [3200])) h.send({ payload: c });
    await delay(300); // absence check: the paused simulator must not read it all; load can only make this pass more easily
    assert.ok((h.sim?.stats().samplesReceived ?? 0) < samples.length, 'the simulator kept reading');
    h.sim?.setFaults({ slowReads: false });
    await waitFor('every sample at the simulator', () => h?.sim?.stats().samplesReceived === samples.length, 15000);
    await h.waitForFinals(1);
    assert.equal(h.sim?.stats().framesRejected, 0);
    assert.equal(h.eventsOf('reconnecting').length, 0);
  });

  it('nothing listening at the URL (ECONNREFUSED): retries until the node closes', async () => {
    h = await Harness.start({ url: 'ws://127.0.0.1:9/v3/ws', transcriber: { policy: 'always' } });
    const events = await h.waitForEvent('reconnecting', 2);
    assert.match((events[0].payload as { reason: string }).reason, /ECONNREFUSED/);
    assert.match(h.lastStatus()?.text ?? '', /reconnecting|connecting/);
  });

  it('the key reaches no message, status or log even when the service rejects it', async () => {
    h = await Harness.start({ simulator: { keys: ['other'], authFailure: 'close-1008' }, transcriber: { policy: 'always' } });
    await h.waitForStatus(`${S}unauthorized`);
    assert.ok(h.errorsLogged().length > 0);
    // Harness.stop() scans every send, status, log, error and event for TEST_KEY.
    assert.ok(TEST_KEY.length > 20);
  });
});
