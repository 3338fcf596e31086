// The transcriber's stream router with fake runtimes and a fake clock: keys,
// per-stream runtimes, keys carried back on outputs, max streams, idle close
// and an immediate close (Terminate) when a keyed source stops.
import assert from 'node:assert/strict';
import { StreamRouter, type StreamClock, type StreamHost, type StreamRuntime } from '../../src/nodes/assemblyai-transcriber/stream-router';
import { readStreamOptions } from '../../src/nodes/assemblyai-transcriber/stream-options';
import { render } from './support/locale';

class FakeRuntime implements StreamRuntime {
  readonly inputs: Record<string, unknown>[] = [];
  closed = 0;
  constructor(readonly host: StreamHost) {}
  handleInput(msg: Record<string, unknown>, done: (e?: Error) => void): void {
    this.inputs.push(msg);
    done();
  }
  close(): Promise<void> {
    this.closed++;
    return Promise.resolve();
  }
}

class FakeClock implements StreamClock {
  t = 0;
  tick?: () => void;
  now = () => this.t;
  setInterval = (fn: () => void) => {
    this.tick = fn;
    return 1;
  };
  clearInterval = () => {
    this.tick = undefined;
  };
}

const getPath = (msg: Record<string, unknown>, path: string): unknown =>
  path.split('.').reduce<unknown>((v, p) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[p] : undefined), msg);

function harness(options: { keyProperty?: string; maxStreams?: number; idleMs?: number } = {}) {
  const sent: Array<[object | null, object | null]> = [];
  const errors: Array<[Error, object]> = [];
  const statuses: object[] = [];
  const host: StreamHost = {
    send: (m) => sent.push(m),
    status: (s) => statuses.push(s),
    error: (e, m) => errors.push([e, m]),
    warn: () => undefined,
  };
  const runtimes: FakeRuntime[] = [];
  const clock = new FakeClock();
  const router = new StreamRouter(
    host,
    (h) => {
      const r = new FakeRuntime(h);
      runtimes.push(r);
      return r;
    },
    {
      keyProperty: options.keyProperty ?? '',
      maxStreams: options.maxStreams ?? 10,
      idleMs: options.idleMs ?? 20000,
      readProperty: getPath,
      translate: render,
      clock,
    },
  );
  const input = (msg: Record<string, unknown>) => new Promise<Error | undefined>((resolve) => router.handleInput(msg, (e) => resolve(e)));
  return { router, runtimes, sent, errors, statuses, clock, input };
}

const audio = (extra: Record<string, unknown> = {}) => ({ payload: Buffer.alloc(3200), ...extra });

describe('nodes/assemblyai-transcriber: one stream per source', () => {
  it('without keys everything goes to the one default stream, created at deploy, outputs untouched', async () => {
    const h = harness();
    assert.equal(h.runtimes.length, 1);
    await h.input(audio());
    await h.input({ action: 'stop' });
    assert.equal(h.runtimes.length, 1);
    assert.equal(h.runtimes[0].inputs.length, 2);
    assert.equal(h.runtimes[0].closed, 0, 'a plain stop goes to the runtime (session.stop), the stream stays');
    h.runtimes[0].host.send([{ payload: 'hi' }, null]);
    assert.deepEqual(h.sent[0], [{ payload: 'hi' }, null]);
  });

  it('each dashboard client gets its own runtime; outputs carry msg._client back', async () => {
    const h = harness();
    await h.input(audio({ _client: { socketId: 'a', socketIp: '1.2.3.4' } }));
    await h.input(audio({ _client: { socketId: 'b' } }));
    await h.input(audio({ _client: { socketId: 'a' } }));
    assert.equal(h.runtimes.length, 3);
    assert.equal(h.runtimes[1].inputs.length, 2);
    assert.equal(h.runtimes[2].inputs.length, 1);
    assert.equal(h.router.streamCount, 3);
    h.runtimes[1].host.send([{ payload: 'from a' }, null]);
    h.runtimes[2].host.send([null, { topic: 'begin' }]);
    h.runtimes[2].host.error(new Error('x'), { topic: 'error' });
    assert.deepEqual(h.sent[0], [{ payload: 'from a', _client: { socketId: 'a', socketIp: '1.2.3.4' } }, null]);
    assert.deepEqual(h.sent[1], [null, { topic: 'begin', _client: { socketId: 'b' } }]);
    assert.deepEqual(h.errors[0][1], { topic: 'error', _client: { socketId: 'b' } });
  });

  it('without _client, a configured property keys the stream and comes back on outputs', async () => {
    const h = harness({ keyProperty: 'call.id' });
    await h.input(audio({ call: { id: 'c1' } }));
    await h.input(audio({ call: { id: 'c2' } }));
    await h.input(audio());
    assert.equal(h.runtimes.length, 3);
    assert.equal(h.runtimes[0].inputs.length, 1, 'no key: the default stream');
    h.runtimes[2].host.send([{ payload: 't' }, null]);
    assert.deepEqual(h.sent[0][0], { payload: 't', call: { id: 'c2' } });
  });

  it('beyond max streams: a clear error once per refused source, and room again when one ends', async () => {
    const h = harness({ maxStreams: 2 });
    await h.input(audio({ _client: { socketId: 'a' } }));
    await h.input(audio({ _client: { socketId: 'b' } }));
    const refused = await h.input(audio({ _client: { socketId: 'c' } }));
    assert.match(String(refused?.message), /Too many streams: .* 2 .*dashboard client c.*Raise "Max streams"/);
    assert.equal(await h.input(audio({ _client: { socketId: 'c' } })), undefined, 'said once, not per chunk');
    assert.equal(h.runtimes.length, 3);
    await h.input({ action: 'stop', _client: { socketId: 'a' } });
    assert.equal(await h.input(audio({ _client: { socketId: 'c' } })), undefined);
    assert.equal(h.runtimes.length, 4);
  });

  it('a keyed stop (browser closed) closes that stream at once; a stop for an unknown key is ignored', async () => {
    const h = harness();
    await h.input(audio({ _client: { socketId: 'a' } }));
    await h.input({ action: 'stop', _client: { socketId: 'a' } });
    assert.equal(h.runtimes[1].closed, 1);
    assert.equal(h.router.streamCount, 1);
    await h.input({ action: 'stop', _client: { socketId: 'never' } });
    assert.equal(h.runtimes.length, 2, 'no runtime opened just to stop it');
  });

  it('keyed streams idle for idleMs are closed; active ones and the default stay', async () => {
    const h = harness({ idleMs: 20000 });
    await h.input(audio({ _client: { socketId: 'quiet' } }));
    await h.input(audio({ _client: { socketId: 'busy' } }));
    h.clock.t = 15000;
    await h.input(audio({ _client: { socketId: 'busy' } }));
    h.clock.t = 21000;
    h.clock.tick?.();
    await Promise.resolve();
    assert.equal(h.runtimes[1].closed, 1, 'quiet closed');
    assert.equal(h.runtimes[2].closed, 0, 'busy kept');
    assert.equal(h.runtimes[0].closed, 0, 'default kept');
    assert.equal(h.router.streamCount, 2);
  });

  it('close() closes every stream and stops the idle sweep', async () => {
    const h = harness();
    await h.input(audio({ _client: { socketId: 'a' } }));
    await h.router.close();
    assert.deepEqual(
      h.runtimes.map((r) => r.closed),
      [1, 1],
    );
    assert.equal(h.clock.tick, undefined);
  });

  it('reads its options: msg. prefix allowed, bad paths and counts refused', () => {
    assert.deepEqual(readStreamOptions({ streamKey: ' msg.call.id ', maxStreams: '4' }, 10, render), {
      keyProperty: 'call.id',
      maxStreams: 4,
      idleMs: 20000,
    });
    assert.equal(readStreamOptions({}, 10, render).maxStreams, 10);
    assert.equal(readStreamOptions({ maxStreams: ' ' }, 10, render).maxStreams, 10, 'blank is the default');
    assert.throws(
      () => readStreamOptions({ streamKey: 'a b' }, 10, render),
      /Stream key "a b" is not a message property path such as "streamId"/,
    );
    assert.throws(() => readStreamOptions({ maxStreams: 0 }, 10, render), /Max streams must be a whole number from 1 to 1000 \(got 0\)/);
    assert.throws(() => readStreamOptions({ maxStreams: 2.5 }, 10, render), /whole number/);
    assert.throws(
      () => readStreamOptions({ maxStreams: 0 }, 10, (key, subs) => render(key, subs, 'de')),
      /Max\. Streams muss eine ganze Zahl von 1 bis 1000 sein/,
    );
  });

  it("the status counts the keyed streams, in the node's language", async () => {
    const h = harness();
    await h.input(audio({ _client: { socketId: 'a' } }));
    h.runtimes[1].host.status({ fill: 'green', shape: 'dot', text: 'listening' });
    assert.deepEqual(h.statuses.at(-1), { fill: 'green', shape: 'dot', text: 'listening (streams: 1)' });
    await h.input({ action: 'stop', _client: { socketId: 'a' } });
    h.runtimes[0].host.status({ fill: 'grey', shape: 'ring', text: 'idle' });
    assert.deepEqual(h.statuses.at(-1), { fill: 'grey', shape: 'ring', text: 'idle' }, "no keyed stream: the default stream's own status");
  });

  it("a keyed stream's warnings name their source", async () => {
    const warnings: string[] = [];
    const runtimes: FakeRuntime[] = [];
    const router = new StreamRouter(
      { send: () => undefined, status: () => undefined, error: () => undefined, warn: (text) => warnings.push(text) },
      (host) => {
        const r = new FakeRuntime(host);
        runtimes.push(r);
        return r;
      },
      { keyProperty: 'streamId', maxStreams: 10, idleMs: 20000, readProperty: getPath, translate: render, clock: new FakeClock() },
    );
    await new Promise<void>((resolve) => router.handleInput(audio({ streamId: 'call-7' }), () => resolve()));
    runtimes[0].host.warn('plain');
    runtimes[1].host.warn('audio dropped');
    assert.deepEqual(warnings, ['plain', 'stream {"streamId":"call-7"}: audio dropped']);
    await router.close();
  });
});
