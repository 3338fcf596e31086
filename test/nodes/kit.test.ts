// The node kit every node shares: status, error reporting, close handling.
import assert from 'node:assert/strict';
import { CLOSE_TIMEOUT_MS, clearStatus, closeHandler, failInput, reportError, setStatus, toError, translator } from '../../src/nodes/kit';

/** A clock the test moves by hand: the close bound without waiting for it. */
function manualTimers() {
  const pending = new Map<number, { fn: () => void; at: number }>();
  let now = 0;
  let next = 1;
  return {
    timers: {
      setTimeout: (fn: () => void, ms: number) => {
        pending.set(next, { fn, at: now + ms });
        return next++;
      },
      clearTimeout: (handle: unknown) => void pending.delete(handle as number),
    },
    advance(ms: number) {
      now += ms;
      for (const [id, timer] of [...pending]) {
        if (timer.at <= now) {
          pending.delete(id);
          timer.fn();
        }
      }
    },
    get pending() {
      return pending.size;
    },
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

function fakeNode() {
  const calls = { status: [] as unknown[], error: [] as unknown[][] };
  return {
    calls,
    status: (s: unknown) => void calls.status.push(s),
    error: (...args: unknown[]) => void calls.error.push(args),
  };
}

describe('node kit: closeHandler', () => {
  it('is exactly (removed, done), so Node-RED waits for done', () => {
    assert.equal(closeHandler(() => undefined).length, 2);
  });

  it('passes removed on and calls done once when the cleanup resolves; the bound is cleared', async () => {
    const clock = manualTimers();
    let seen: boolean | undefined;
    let dones = 0;
    closeHandler(async (removed) => {
      seen = removed;
    }, clock)(true, () => dones++);
    await settle();
    assert.equal(seen, true);
    assert.equal(dones, 1);
    assert.equal(clock.pending, 0, 'the timeout was left running');
  });

  it('calls done once when the cleanup rejects or throws, and tells onError', async () => {
    const errors: string[] = [];
    let dones = 0;
    closeHandler(() => Promise.reject(new Error('rejected')), { onError: (e) => errors.push(e.message) })(false, () => dones++);
    closeHandler(
      () => {
        throw new Error('thrown');
      },
      { onError: (e) => errors.push(e.message) },
    )(false, () => dones++);
    await settle();
    assert.equal(dones, 2);
    assert.deepEqual(errors.sort(), ['rejected', 'thrown']);
  });

  it('calls done at the bound when the cleanup never settles, and not again when it settles late', async () => {
    const clock = manualTimers();
    let finishCleanup: () => void = () => undefined;
    let dones = 0;
    let timeouts = 0;
    closeHandler(() => new Promise<void>((resolve) => (finishCleanup = resolve)), {
      ...clock,
      timeoutMs: 3000,
      onTimeout: () => timeouts++,
    })(false, () => dones++);
    clock.advance(2999);
    await settle();
    assert.equal(dones, 0);
    clock.advance(1);
    assert.equal(dones, 1);
    assert.equal(timeouts, 1);
    finishCleanup();
    await settle();
    assert.equal(dones, 1);
  });

  it('the default bound is well inside Node-RED 15 s close timeout', () => {
    assert.ok(CLOSE_TIMEOUT_MS <= 10000 && CLOSE_TIMEOUT_MS > 0);
  });

  it('a reporter that throws does not keep the node from closing, nor escape', async () => {
    let dones = 0;
    closeHandler(() => Promise.reject(new Error('x')), {
      onError: () => {
        throw new Error('reporter broke');
      },
    })(false, () => dones++);
    await settle();
    assert.equal(dones, 1);
  });
});

describe('node kit: status and errors', () => {
  it('sets and clears a status', () => {
    const node = fakeNode();
    setStatus(node, 'green', 'dot', 'listening');
    clearStatus(node);
    assert.deepEqual(node.calls.status, [{ fill: 'green', shape: 'dot', text: 'listening' }, {}]);
  });

  it('failInput shows a red status and answers through done(err) only (Node-RED turns it into node.error(err, msg))', () => {
    const node = fakeNode();
    const answers: Array<Error | undefined> = [];
    failInput(node, (err) => answers.push(err), 'it broke', 'failed');
    assert.deepEqual(node.calls.status, [{ fill: 'red', shape: 'ring', text: 'failed' }]);
    assert.equal(answers.length, 1);
    assert.ok(answers[0] instanceof Error);
    assert.equal(answers[0]?.message, 'it broke');
    assert.deepEqual(node.calls.error, [], 'reported twice');
  });

  it('reportError sends node.error(err, {}) so Catch nodes see a failure without a msg', () => {
    const node = fakeNode();
    const err = new Error('device gone');
    reportError(node, err, 'failed');
    reportError(node, 'no status');
    assert.deepEqual(node.calls.error, [
      [err, {}],
      ['no status', {}],
    ]);
    assert.deepEqual(node.calls.status, [{ fill: 'red', shape: 'ring', text: 'failed' }]);
  });

  it('toError keeps an Error and wraps anything else', () => {
    const err = new Error('e');
    assert.equal(toError(err), err);
    assert.equal(toError('text').message, 'text');
    assert.equal(toError(42).message, '42');
  });

  it('translator asks RED._ with the full key and the substitutions', () => {
    const asked: unknown[][] = [];
    const t = translator({ _: (key, subs) => (asked.push([key, subs]), `T:${key}`) });
    assert.equal(t('assemblyai-x.status.y', { n: 1 }), 'T:assemblyai-x.status.y');
    assert.deepEqual(asked, [['assemblyai-x.status.y', { n: 1 }]]);
  });
});
