import assert from 'node:assert/strict';
import { StreamingSession } from '../../src/session';
import { startSimulator } from '../../src/sim';
import { FakeServer } from './fake-server';
import { record, states, testOptions } from './session-test-kit';

describe('session/connect', () => {
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

  it('sends the raw API key only in the Authorization header and exactly the configured parameters', async () => {
    session = new StreamingSession(
      testOptions(server.url, {
        apiKey: 'secret-key-XYZ',
        policy: 'manual',
        sampleRate: 8000,
        encoding: 'pcm_mulaw',
        params: {
          speech_model: 'universal-streaming-english',
          format_turns: false,
          end_of_turn_confidence_threshold: 0,
          keyterms_prompt: ['a b', 'c'],
        },
      }),
    );
    const events = record(session);
    await session.start();
    const c = server.connections[0];
    assert.equal(c.request.headers.authorization, 'secret-key-XYZ');
    assert.ok(!(c.request.url ?? '').includes('secret-key-XYZ'));
    const q = c.query;
    assert.deepEqual([...q.keys()].sort(), [
      'encoding',
      'end_of_turn_confidence_threshold',
      'format_turns',
      'keyterms_prompt',
      'sample_rate',
      'speech_model',
    ]);
    assert.equal(q.get('format_turns'), 'false');
    assert.equal(q.get('end_of_turn_confidence_threshold'), '0');
    assert.equal(q.get('keyterms_prompt'), '["a b","c"]');
    assert.equal(q.get('sample_rate'), '8000');
    assert.equal(q.get('encoding'), 'pcm_mulaw');
    assert.equal(q.get('token'), null);
    assert.deepEqual(states(events), ['connecting', 'listening']);
    assert.equal(events.begin.length, 1);
    assert.equal(session.info?.model, 'universal-streaming-english');
    assert.ok(!JSON.stringify(events).includes('secret-key-XYZ'), 'no event carries the key');
  });

  it('with getToken: a fresh token per connection, in the Authorization header, never in the URL', async () => {
    let minted = 0;
    session = new StreamingSession({
      ...testOptions(server.url, { policy: 'manual' }),
      apiKey: undefined,
      getToken: async () => `tok-${++minted}`,
    });
    await session.start();
    await session.stop();
    await session.start();
    assert.equal(server.connections.length, 2);
    assert.deepEqual(
      server.connections.map((c) => c.request.headers.authorization),
      ['tok-1', 'tok-2'],
    );
    assert.ok(server.connections.every((c) => c.query.get('token') === null && !(c.request.url ?? '').includes('tok-')));
  });

  it('a failing token source is retried; a token source answering 401 fails for good', async () => {
    let calls = 0;
    session = new StreamingSession({
      ...testOptions(server.url, { policy: 'manual' }),
      apiKey: undefined,
      getToken: async () => {
        calls++;
        if (calls < 3) throw new Error('token endpoint down');
        return 'tok';
      },
    });
    const events = record(session);
    await session.start();
    assert.equal(calls, 3);
    assert.equal(events.reconnecting.length, 2);
    assert.match(events.reconnecting[0][0].reason, /token endpoint down/);
    await session.close();

    session = new StreamingSession({
      ...testOptions(server.url, { policy: 'manual' }),
      apiKey: undefined,
      getToken: async () => {
        throw Object.assign(new Error('Unauthorized'), { status: 401 });
      },
    });
    const failed = record(session);
    await assert.rejects(session.start(), (e: Error & { fatal?: boolean }) => e.fatal === true && /refused \(HTTP 401\)/.test(e.message));
    assert.equal(session.state, 'failed');
    assert.equal(failed.reconnecting.length, 0);
  });

  it('passes a TLS CA through for wss:// (and fails clearly without it)', async () => {
    const sim = await startSimulator({ tls: true });
    try {
      session = new StreamingSession(testOptions(sim.url, { policy: 'manual', tls: { ca: sim.certPem } }));
      await session.start();
      assert.equal(session.state, 'listening');
      await session.close();
      session = new StreamingSession(testOptions(sim.url, { policy: 'manual' }));
      await assert.rejects(
        session.start(),
        (e: Error & { fatal?: boolean }) => e.fatal === true && /TLS certificate is not trusted/.test(e.message),
      );
    } finally {
      await session?.close();
      session = undefined;
      await sim.close();
    }
  });
});
