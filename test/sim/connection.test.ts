import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import WebSocket from 'ws';
import { startSimulator, type Simulator } from '../../src/sim';
import { CloseReason } from '../../src/protocol/close-codes';
import { configurationOf, connect, delay, field, speechPcm, until, type TestClient } from './helpers';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function expectError(client: TestClient, code: number, reason: string | RegExp): Promise<string> {
  const closed = await client.closedWithin(5000);
  const error = client.messages.find((m) => m.type === 'Error');
  assert.ok(error, `an Error message before the close; got ${JSON.stringify(client.messages)}`);
  assert.equal(error.error_code, code);
  assert.equal(closed.code, code);
  if (typeof reason === 'string') assert.equal(error.error, reason);
  else assert.match(error.error, reason);
  const expectedReason = Buffer.byteLength(error.error) <= 123 ? error.error : 'See Error message for details';
  assert.equal(closed.reason, expectedReason);
  assert.ok(!client.messages.some((m) => m.type === 'Begin'), 'no Begin');
  return error.error;
}

type JsonBody = Record<string, unknown> | undefined;

/** A field of a JSON body that must be a string (asserted). */
function textField(body: JsonBody, name: string): string {
  const value = body?.[name];
  assert.equal(typeof value, 'string', `${name} is a string in ${JSON.stringify(body)}`);
  return value as string;
}

function httpGet(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; body: JsonBody }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('sim: connection, auth, parameters, messages', function () {
  this.timeout(20000);
  let sim: Simulator;
  beforeEach(async () => {
    sim = await startSimulator({ keys: ['good-key'] });
  });
  afterEach(async () => {
    await sim.close();
  });

  it('serves ws://127.0.0.1:<port>/v3/ws and sends Begin with a UUID, integer expires_at and configuration', async () => {
    assert.match(sim.url, /^ws:\/\/127\.0\.0\.1:\d+\/v3\/ws$/);
    assert.equal(sim.tokenUrl, `http://127.0.0.1:${sim.port}/v3/token`);
    const before = Math.floor(Date.now() / 1000);
    const c = connect(sim.url, { key: 'good-key', query: { speech_model: 'u3-rt-pro', sample_rate: 16000, speaker_labels: 'True' } });
    const begin = await c.waitForType('Begin');
    assert.match(begin.id, UUID);
    assert.ok(Number.isInteger(begin.expires_at));
    assert.ok(begin.expires_at >= before + 10800 && begin.expires_at <= Math.ceil(Date.now() / 1000) + 10800);
    const configuration = configurationOf(begin);
    assert.equal(configuration.model, 'u3-rt-pro');
    assert.equal(configuration.mode, 'balanced');
    assert.equal(configuration.speaker_labels, true);
    assert.equal(c.messages[0].type, 'Begin');
    const [record] = sim.connections();
    assert.equal(record.path, '/v3/ws');
    assert.equal(record.rawQuery, 'speech_model=u3-rt-pro&sample_rate=16000&speaker_labels=True');
    assert.equal(record.query.speech_model, 'u3-rt-pro');
    assert.equal(record.authorization, 'good-key');
    assert.equal(record.sessionId, begin.id);
    c.terminate();
  });

  describe('auth', () => {
    it('closes 1008 "Missing Authorization header" after the upgrade when no credential is sent', async () => {
      const c = connect(sim.url, { key: null });
      await c.opened;
      await expectError(c, 1008, CloseReason.missingAuth);
      assert.equal(sim.stats().authFailures, 1);
    });

    it('closes 1008 for a wrong key and for a Bearer-prefixed key', async () => {
      for (const key of ['bad-key', 'Bearer good-key']) {
        const c = connect(sim.url, { key });
        await expectError(c, 1008, CloseReason.invalidAuth);
      }
    });

    it('accepts any non-empty key when no keys are configured', async () => {
      const open = await startSimulator();
      try {
        const c = connect(open.url, { key: 'anything' });
        await c.waitForType('Begin');
        c.terminate();
      } finally {
        await open.close();
      }
    });

    it('answers HTTP 401 without upgrading in http-401 mode', async () => {
      const strict = await startSimulator({ keys: ['k'], authFailure: 'http-401' });
      try {
        const c = connect(strict.url, { key: 'wrong' });
        await c.closedWithin();
        assert.equal(c.httpStatus, 401);
        assert.equal(c.messages.length, 0);
        const ok = connect(strict.url, { key: 'k' });
        await ok.waitForType('Begin');
        ok.terminate();
        assert.equal(strict.stats().authFailures, 1);
      } finally {
        await strict.close();
      }
    });

    it('takes a temporary token in the query (no header) or in the Authorization header, once each', async () => {
      const mint = async () =>
        textField((await httpGet(`${sim.tokenUrl}?expires_in_seconds=60`, { Authorization: 'good-key' })).body, 'token');
      const t1 = await mint();
      const q = connect(sim.url, { key: null, query: { token: t1, speech_model: 'universal-streaming-english', sample_rate: 16000 } });
      await q.waitForType('Begin');
      q.terminate();
      const reuse = connect(sim.url, { key: null, query: { token: t1, speech_model: 'universal-streaming-english', sample_rate: 16000 } });
      await expectError(reuse, 1008, /^Unauthorized Connection: .*already used/);
      const t2 = await mint();
      const h = connect(sim.url, { key: t2 });
      await h.waitForType('Begin');
      h.terminate();
      const records = sim.connections();
      assert.equal(records[0].authorization, undefined);
      assert.equal(records[0].usedToken, true);
      assert.equal(records[2].usedToken, true);
      const forged = connect(sim.url, { key: null, query: { token: 'not-a-token', speech_model: 'universal-streaming-english' } });
      await expectError(forged, 1008, /^Unauthorized Connection: /);
    });
  });

  describe('token endpoint', () => {
    it('mints a token for 1-600 s and returns it with expires_in_seconds', async () => {
      const res = await httpGet(`${sim.tokenUrl}?expires_in_seconds=600&max_session_duration_seconds=60`, { Authorization: 'good-key' });
      assert.equal(res.status, 200);
      assert.equal(typeof res.body?.token, 'string');
      assert.equal(textField(res.body, 'token').split('.').length, 3);
      assert.equal(res.body?.expires_in_seconds, 600);
      assert.equal(sim.stats().tokensIssued, 1);
    });

    const bad: Array<[string, string]> = [
      ['', 'expires_in_seconds'],
      ['expires_in_seconds=0', 'expires_in_seconds'],
      ['expires_in_seconds=601', 'expires_in_seconds'],
      ['expires_in_seconds=1.5', 'expires_in_seconds'],
      ['expires_in_seconds=60&max_session_duration_seconds=59', 'max_session_duration_seconds'],
      ['expires_in_seconds=60&max_session_duration_seconds=10801', 'max_session_duration_seconds'],
    ];
    for (const [query, parameter] of bad) {
      it(`answers 400 with {error} for "${query}"`, async () => {
        const res = await httpGet(`${sim.tokenUrl}?${query}`, { Authorization: 'good-key' });
        assert.equal(res.status, 400);
        assert.equal(typeof res.body?.error, 'string');
        assert.ok(textField(res.body, 'error').includes(parameter));
      });
    }

    it('answers 401 without a valid key, 405 for POST, 404 elsewhere', async () => {
      assert.equal((await httpGet(`${sim.tokenUrl}?expires_in_seconds=60`)).status, 401);
      const wrong = await httpGet(`${sim.tokenUrl}?expires_in_seconds=60`, { Authorization: 'nope' });
      assert.equal(wrong.status, 401);
      assert.equal(typeof wrong.body?.error, 'string');
      assert.equal((await httpGet(`${sim.tokenUrl}?expires_in_seconds=60`, { Authorization: 'good-key' }, 'POST')).status, 405);
      assert.equal((await httpGet(`http://127.0.0.1:${sim.port}/v2/realtime/token`)).status, 404);
    });

    it('refuses a WebSocket upgrade on another path with 404', async () => {
      const c = connect(sim.url.replace('/v3/ws', '/v2/realtime/ws'), { key: 'good-key' });
      await c.closedWithin();
      assert.equal(c.httpStatus, 404);
    });

    it('lets a token expire', async () => {
      const res = await httpGet(`${sim.tokenUrl}?expires_in_seconds=1`, { Authorization: 'good-key' });
      await delay(1100); // a lower bound, not a margin: the token must be past its 1 s; a loaded machine only waits longer
      const c = connect(sim.url, {
        key: null,
        query: { token: textField(res.body, 'token'), speech_model: 'universal-streaming-english' },
      });
      await expectError(c, 1008, /^Unauthorized Connection: .*expired/);
    });

    it("applies the token's max session duration to Begin's expires_at", async () => {
      const res = await httpGet(`${sim.tokenUrl}?expires_in_seconds=60&max_session_duration_seconds=120`, { Authorization: 'good-key' });
      const c = connect(sim.url, {
        key: null,
        query: { token: textField(res.body, 'token'), speech_model: 'universal-streaming-english' },
      });
      const begin = await c.waitForType('Begin');
      const now = Date.now() / 1000;
      assert.ok(begin.expires_at >= Math.floor(now) + 119 && begin.expires_at <= Math.ceil(now) + 120, String(begin.expires_at - now));
      c.terminate();
    });
  });

  describe('parameters on the wire', () => {
    const rejected: Array<[string, string]> = [
      ['sample_rate=16000', 'speech_model'],
      ['speech_model=best&sample_rate=16000', 'speech_model'],
      ['speech_model=u3-rt-pro&sample_rate=abc', 'sample_rate'],
      ['speech_model=u3-rt-pro&encoding=pcm_f32le', 'encoding'],
      ['speech_model=u3-rt-pro&encoding=opus', 'encoding'],
      ['speech_model=u3-rt-pro&format_turns=yes', 'format_turns'],
      ['speech_model=u3-rt-pro&max_speakers=11', 'max_speakers'],
      ['speech_model=u3-rt-pro&inactivity_timeout=3', 'inactivity_timeout'],
      ['speech_model=u3-rt-pro&end_of_turn_confidence_threshold=2', 'end_of_turn_confidence_threshold'],
      [`speech_model=u3-rt-pro&prompt=${'p'.repeat(1751)}`, 'prompt'],
      [`speech_model=u3-rt-pro&language_codes=${encodeURIComponent('["multi","en"]')}`, 'language_codes'],
    ];
    for (const [query, parameter] of rejected) {
      it(`closes 3006 naming ${parameter} for ${query.slice(0, 60)}`, async () => {
        const c = connect(sim.url, { key: 'good-key', rawQuery: query });
        const text = await expectError(c, 3006, /^Invalid connection parameter: /);
        assert.ok(text.includes(parameter), text);
      });
    }

    it('accepts Python-style booleans and ignores (and records) unknown parameters', async () => {
      const c = connect(sim.url, {
        key: 'good-key',
        rawQuery: 'speech_model=universal-streaming-english&format_turns=True&brand_new_option=1',
      });
      await c.waitForType('Begin');
      assert.deepEqual(sim.connections()[0].ignoredParameters, ['brand_new_option']);
      c.terminate();
    });
  });

  describe('client messages', () => {
    const badFrames: Array<[string, string]> = [
      ['{"type":', 'Invalid JSON: {"type":'],
      ['[]', 'Invalid Message: []'],
      ['42', 'Invalid Message: 42'],
      ['{"type":"Dance"}', 'Invalid Message Type: {"type":"Dance"}'],
      ['{"hello":1}', 'Invalid Message Type: {"hello":1}'],
    ];
    for (const [frame, error] of badFrames) {
      it(`closes 3006 "${error}"`, async () => {
        const c = connect(sim.url, { key: 'good-key' });
        await c.waitForType('Begin');
        c.ws.send(frame);
        const closed = await c.closedWithin();
        assert.equal(closed.code, 3006);
        assert.equal(closed.reason, error);
        assert.deepEqual(c.messages.at(-1), { type: 'Error', error_code: 3006, error });
      });
    }

    it('puts a long error text only in the Error message; the close reason says to look there', async () => {
      const c = connect(sim.url, { key: 'good-key' });
      await c.waitForType('Begin');
      const frame = JSON.stringify({ type: 'Unknown', padding: 'x'.repeat(200) });
      c.ws.send(frame);
      const closed = await c.closedWithin();
      assert.equal(closed.code, 3006);
      assert.equal(closed.reason, 'See Error message for details');
      assert.equal(field(c.messages.at(-1), 'error'), `Invalid Message Type: ${frame}`);
    });

    const frameRule: Array<[number, string]> = [
      [1598, 'Input duration violation: 49.94 ms. Expected between 50 and 1000 ms'],
      [640, 'Input duration violation: 20 ms. Expected between 50 and 1000 ms'],
      [32002, 'Input duration violation: 1000.06 ms. Expected between 50 and 1000 ms'],
    ];
    for (const [bytes, error] of frameRule) {
      it(`closes 3007 for a ${bytes}-byte frame at 16 kHz s16le`, async () => {
        const c = connect(sim.url, { key: 'good-key' });
        await c.waitForType('Begin');
        c.ws.send(Buffer.alloc(1600));
        c.ws.send(Buffer.alloc(bytes));
        const closed = await c.closedWithin();
        assert.equal(closed.code, 3007);
        assert.equal(closed.reason, error);
        assert.equal(sim.stats().framesRejected, 1);
      });
    }

    it('accepts frames of exactly 50 and 1000 ms, also in mu-law at 8 kHz', async () => {
      const c = connect(sim.url, {
        key: 'good-key',
        query: { speech_model: 'universal-streaming-english', sample_rate: 8000, encoding: 'pcm_mulaw' },
      });
      await c.waitForType('Begin');
      c.ws.send(Buffer.alloc(400, 0xff));
      c.ws.send(Buffer.alloc(8000, 0xff));
      c.sendJson({ type: 'Terminate' });
      const closed = await c.closedWithin();
      assert.equal(closed.code, 1000);
      const record = sim.connections()[0];
      assert.equal(record.framesReceived, 2);
      assert.equal(record.samplesReceived, 8400);
      assert.equal(sim.stats().framesRejected, 0);
    });

    it('answers Terminate with Termination (integer seconds) and close 1000', async () => {
      const c = connect(sim.url, { key: 'good-key' });
      await c.waitForType('Begin');
      const pcm = speechPcm([{ silenceMs: 1000 }]);
      for (let i = 0; i < pcm.length; i += 3200) c.ws.send(pcm.subarray(i, i + 3200));
      c.sendJson({ type: 'Terminate' });
      const closed = await c.closedWithin();
      assert.equal(closed.code, 1000);
      const termination = c.messages.at(-1);
      assert.equal(termination?.type, 'Termination');
      assert.equal(termination?.audio_duration_seconds, 1);
      assert.ok(Number.isInteger(termination?.session_duration_seconds));
      await until("the simulator's side of the close", () => sim.connections()[0].closedAt !== undefined);
      const record = sim.connections()[0];
      assert.equal(record.terminatedCleanly, true);
      assert.equal(record.closeCode, 1000);
      assert.equal(sim.stats().terminatedCleanly, 1);
    });

    it('sends no reply to KeepAlive, which holds off inactivity_timeout; then ends the session with Termination + 1000', async () => {
      const c = connect(sim.url, { key: 'good-key', query: { speech_model: 'universal-streaming-english', inactivity_timeout: 5 } });
      await c.waitForType('Begin');
      const begun = Date.now();
      let lastKeepAlive = begun;
      // Paces a KeepAlive every second until 6 s have passed: each gap stays far below the 5 s
      // timeout even when timers run late on a loaded machine.
      while (Date.now() - begun < 6000) {
        await delay(1000);
        c.sendJson({ type: 'KeepAlive' });
        lastKeepAlive = Date.now();
      }
      assert.equal(c.messages.length, 1, 'KeepAlive gets no reply');
      // 6 s have passed with inactivity_timeout 5: only the KeepAlives can have kept the session open.
      assert.equal(c.ws.readyState, WebSocket.OPEN, 'the KeepAlives held off the 5 s inactivity timeout');
      assert.equal(sim.stats().closedByInactivity, 0);
      const closed = await c.closedWithin(7000);
      assert.equal(closed.code, 1000);
      assert.equal(c.messages.at(-1)?.type, 'Termination');
      assert.ok(Date.now() - lastKeepAlive >= 4500, 'closed about 5 s after the last KeepAlive');
      assert.equal(sim.stats().closedByInactivity, 1);
    });
  });

  it('ends a session at its maximum duration with 3008', async () => {
    const short = await startSimulator({ maxSessionSeconds: 1 });
    try {
      const c = connect(short.url);
      const begin = await c.waitForType('Begin');
      assert.ok(begin.expires_at - Date.now() / 1000 <= 1.01);
      const closed = await c.closedWithin(4000);
      assert.equal(closed.code, 3008);
      assert.equal(closed.reason, 'Session Expired: Maximum session duration exceeded');
      assert.deepEqual(c.messages.at(-1), { type: 'Error', error_code: 3008, error: 'Session Expired: Maximum session duration exceeded' });
    } finally {
      await short.close();
    }
  });

  it('keeps session time on the clock it is given: expires_at and the 3008 expiry follow it, not the system clock', async () => {
    let now = Date.UTC(2030, 0, 1, 12, 0, 0, 250);
    const short = await startSimulator({ maxSessionSeconds: 2, clock: { now: () => now } });
    try {
      const c = connect(short.url);
      const begin = await c.waitForType('Begin');
      assert.equal(begin.expires_at, Date.UTC(2030, 0, 1, 12, 0, 2) / 1000);
      // Several of the simulator's 50 ms checks pass with the clock standing still: no expiry.
      await delay(300);
      assert.equal(c.ws.readyState, WebSocket.OPEN);
      assert.equal(short.connections()[0].beganAt, Date.UTC(2030, 0, 1, 12, 0, 0, 250));
      now += 2000;
      const closed = await c.closedWithin(4000);
      assert.equal(closed.code, 3008);
      await until('the simulator to see the close', () => short.connections()[0].closedAt !== undefined);
      assert.equal(short.connections()[0].closedAt, now);
    } finally {
      await short.close();
    }
  });

  it('counts the TCP connections it holds, including one not yet upgraded', async () => {
    assert.equal(sim.socketsOpen(), 0);
    const raw = await new Promise<net.Socket>((resolve, reject) => {
      const socket = net.connect(Number(new URL(sim.url).port), '127.0.0.1', () => resolve(socket));
      socket.on('error', reject);
    });
    await until('the simulator to hold the socket', () => sim.socketsOpen() === 1);
    assert.equal(sim.connections().length, 0, 'no upgrade request yet, so no record');
    raw.destroy();
    await until('the socket to close', () => sim.socketsOpen() === 0);
  });

  it('refuses to listen on a non-loopback host unless allowed', async () => {
    await assert.rejects(startSimulator({ host: '0.0.0.0' }), /non-loopback/);
  });
});
