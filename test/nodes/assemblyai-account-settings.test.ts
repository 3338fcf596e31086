import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readAccountSettings } from '../../src/config/account-settings';
import { buildAccountConnection } from '../../src/config/account-connection';
import { resolveApiKey } from '../../src/config/api-key';
import { REGION_URLS, resolveEndpoint, tokenUrlFor, validateCustomUrl } from '../../src/config/endpoint';
import { mintTemporaryToken, TemporaryTokenError } from '../../src/config/temporary-token';

describe('assemblyai-account: endpoint', () => {
  it('maps each region to its documented URL, edge by default', () => {
    assert.deepEqual(resolveEndpoint('edge', ''), { ok: true, url: 'wss://streaming.assemblyai.com/v3/ws', secure: true });
    assert.equal((resolveEndpoint('us', '') as { url: string }).url, 'wss://streaming.us.assemblyai.com/v3/ws');
    assert.equal((resolveEndpoint('eu', '') as { url: string }).url, 'wss://streaming.eu.assemblyai.com/v3/ws');
    assert.equal((resolveEndpoint(undefined, '') as { url: string }).url, REGION_URLS.edge);
    assert.equal(resolveEndpoint('mars', '').ok, false);
  });

  it('accepts ws:// and wss:// custom URLs and refuses anything else', () => {
    assert.deepEqual(resolveEndpoint('custom', ' ws://127.0.0.1:8765/v3/ws '), {
      ok: true,
      url: 'ws://127.0.0.1:8765/v3/ws',
      secure: false,
    });
    assert.equal((validateCustomUrl('wss://proxy.example/v3/ws') as { secure: boolean }).secure, true);
    for (const bad of [
      '',
      'http://127.0.0.1/v3/ws',
      'not a url',
      'ws://user:pw@host/v3/ws',
      'ws://host/v3/ws?token=abc',
      'ws://host/v3/ws#x',
      42,
    ]) {
      const result = validateCustomUrl(bad);
      assert.equal(result.ok, false, `accepted ${String(bad)}`);
    }
  });

  it('names an unset environment variable given as the custom URL', () => {
    const result = validateCustomUrl('${AAI_SIM_URL}');
    assert.equal(result.ok, false);
    if (!result.ok) assert.match(result.message, /environment variable AAI_SIM_URL, which is not set/);
  });

  it('derives the token URL beside the streaming URL (wss->https, ws->http)', () => {
    assert.equal(tokenUrlFor('wss://streaming.assemblyai.com/v3/ws').toString(), 'https://streaming.assemblyai.com/v3/token');
    assert.equal(tokenUrlFor('wss://streaming.eu.assemblyai.com/v3/ws').toString(), 'https://streaming.eu.assemblyai.com/v3/token');
    assert.equal(tokenUrlFor('ws://127.0.0.1:8765/v3/ws?x=1').toString(), 'http://127.0.0.1:8765/v3/token');
    assert.equal(tokenUrlFor('ws://proxy:9000/aai/v3/ws').toString(), 'http://proxy:9000/aai/v3/token');
    assert.equal(tokenUrlFor('wss://proxy/stream').toString(), 'https://proxy/v3/token');
  });
});

describe('assemblyai-account: API key', () => {
  it('accepts a key and trims it', () => {
    assert.deepEqual(resolveApiKey('  abc123 '), { ok: true, key: 'abc123' });
  });

  it('reports an empty key as missing, saying what to do', () => {
    for (const raw of [undefined, null, '', '   ', 12]) {
      const result = resolveApiKey(raw);
      assert.equal(result.ok, false);
      if (!result.ok) {
        assert.equal(result.reason, 'empty');
        assert.match(result.message, /missing API key/);
        assert.match(result.message, /\$\{VARIABLE\}/);
      }
    }
  });

  it('reports an unresolved ${VAR} as missing and names the variable', () => {
    const result = resolveApiKey('${ASSEMBLYAI_API_KEY}');
    assert.equal(result.ok, false);
    if (!result.ok) {
      assert.equal(result.reason, 'unresolved');
      assert.equal(result.variable, 'ASSEMBLYAI_API_KEY');
      assert.match(result.message, /missing API key: environment variable ASSEMBLYAI_API_KEY is not set/);
    }
    const legacy = resolveApiKey('$(OLD_STYLE)');
    assert.equal(legacy.ok, false);
    if (!legacy.ok) assert.equal(legacy.variable, 'OLD_STYLE');
    assert.equal(resolveApiKey('prefix-${PART}').ok, false);
  });
});

describe('assemblyai-account: settings', () => {
  it('uses the region URL with no TLS options and the key in the connection', () => {
    const result = readAccountSettings({ region: 'eu', caCert: '-----BEGIN CERTIFICATE-----x', allowSelfSigned: true });
    assert.equal(result.ok, true);
    if (!result.ok) return;
    assert.deepEqual(result.settings, { url: REGION_URLS.eu });
    const connection = buildAccountConnection(result.settings, 'secret');
    assert.deepEqual(connection, { url: REGION_URLS.eu, apiKey: 'secret' });
  });

  it('applies the CA certificate and self-signed option to custom wss URLs only', () => {
    const wss = readAccountSettings({
      region: 'custom',
      customUrl: 'wss://127.0.0.1:1/v3/ws',
      caCert: '-----BEGIN CERTIFICATE-----\nAA\n-----END CERTIFICATE-----',
      allowSelfSigned: 'true',
    });
    assert.equal(wss.ok, true);
    if (wss.ok)
      assert.deepEqual(wss.settings.tls, { ca: '-----BEGIN CERTIFICATE-----\nAA\n-----END CERTIFICATE-----', rejectUnauthorized: false });
    const ws = readAccountSettings({ region: 'custom', customUrl: 'ws://127.0.0.1:1/v3/ws', allowSelfSigned: true });
    assert.equal(ws.ok && ws.settings.tls, undefined);
    const notPem = readAccountSettings({ region: 'custom', customUrl: 'wss://h/v3/ws', caCert: 'hello' });
    assert.equal(notPem.ok, false);
  });

  it('mints a token per connection instead of sending the key when temporary tokens are on', () => {
    const result = readAccountSettings({ region: 'us', useTemporaryTokens: true, tokenExpiresIn: '' });
    assert.equal(result.ok, true);
    if (!result.ok) return;
    assert.deepEqual(result.settings.temporaryTokens, { expiresInSeconds: 60 });
    const connection = buildAccountConnection(result.settings, 'secret');
    assert.equal(connection.apiKey, undefined);
    assert.equal(typeof connection.getToken, 'function');
  });

  it('checks the token lifetime and maximum session ranges', () => {
    assert.equal(readAccountSettings({ useTemporaryTokens: true, tokenExpiresIn: 0 }).ok, false);
    assert.equal(readAccountSettings({ useTemporaryTokens: true, tokenExpiresIn: 601 }).ok, false);
    assert.equal(readAccountSettings({ useTemporaryTokens: true, tokenMaxSessionSeconds: 59 }).ok, false);
    const ok = readAccountSettings({ useTemporaryTokens: true, tokenExpiresIn: '600', tokenMaxSessionSeconds: '60' });
    assert.equal(
      ok.ok && JSON.stringify(ok.settings.temporaryTokens),
      JSON.stringify({ expiresInSeconds: 600, maxSessionDurationSeconds: 60 }),
    );
    const bad = readAccountSettings({ region: 'custom', customUrl: 'ftp://x' });
    assert.equal(bad.ok, false);
  });
});

describe('assemblyai-account: temporary token', () => {
  let server: http.Server;
  let base: string;
  let answer: (req: http.IncomingMessage, res: http.ServerResponse) => void;
  const seen: Array<{ url: string; authorization?: string }> = [];

  before(async () => {
    server = http.createServer((req, res) => {
      seen.push({ url: req.url ?? '', authorization: req.headers.authorization });
      answer(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/v3/ws`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  beforeEach(() => {
    seen.length = 0;
  });

  it('GETs /v3/token with the key in the header only and returns the token', async () => {
    answer = (_req, res) => res.end(JSON.stringify({ token: 'tok-1', expires_in_seconds: 30 }));
    const token = await mintTemporaryToken({ streamingUrl: base, apiKey: 'the-key', expiresInSeconds: 30, maxSessionDurationSeconds: 600 });
    assert.equal(token, 'tok-1');
    assert.equal(seen.length, 1);
    assert.equal(seen[0].authorization, 'the-key');
    assert.equal(seen[0].url, '/v3/token?expires_in_seconds=30&max_session_duration_seconds=600');
    assert.ok(!seen[0].url.includes('the-key'));
  });

  it('turns an HTTP error into a TemporaryTokenError that never quotes the key', async () => {
    answer = (_req, res) => {
      res.statusCode = 401;
      res.end(JSON.stringify({ error: 'Invalid API key' }));
    };
    await assert.rejects(mintTemporaryToken({ streamingUrl: base, apiKey: 'the-key', expiresInSeconds: 30 }), (error: unknown) => {
      assert.ok(error instanceof TemporaryTokenError);
      assert.equal(error.status, 401);
      assert.match(error.message, /HTTP 401: Invalid API key \(check the API key\)/);
      assert.ok(!error.message.includes('the-key'));
      return true;
    });
  });

  it('fails on an answer without a token, on a timeout, and on a refused connection', async () => {
    answer = (_req, res) => res.end('not json');
    await assert.rejects(mintTemporaryToken({ streamingUrl: base, apiKey: 'k', expiresInSeconds: 30 }), /without a token/);
    answer = () => undefined; // never answers
    await assert.rejects(mintTemporaryToken({ streamingUrl: base, apiKey: 'k', expiresInSeconds: 30, timeoutMs: 200 }), /no answer/);
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await assert.rejects(
      mintTemporaryToken({ streamingUrl: `ws://127.0.0.1:${port}/v3/ws`, apiKey: 'k', expiresInSeconds: 30 }),
      /ECONNREFUSED/,
    );
  });
});
