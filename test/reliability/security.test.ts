// Security: the API key is in no exported flow, file in clear, log line,
// status, event or outgoing message; the microphone's device list needs a
// permission; the simulator refuses a non-loopback bind unless told.
// The first part runs a real Node-RED with adminAuth in a child process and
// talks to its editor API the way the editor does (the built package: npm test builds first).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startSimulator } from '../../src/sim';
import type { Simulator } from '../../src/sim/types';
import { waitFor } from '../nodes/support/wait';
import { login as loginAs, startSecureNodeRed, type SecureNodeRed } from './fixtures/secure-node-red';

const ROOT = path.resolve(__dirname, '..', '..');
const KEY = 'aai-secret-key-8f41d2c7e9b03a56';
const WRONG_KEY = 'aai-wrong-key-2c9e4b71a05d8f36';
const PASSWORD = 'reliability-pw-7d1e';
const DEVICES = '/assemblyai-microphone/devices';

describe('reliability: security (real Node-RED with adminAuth)', function () {
  this.timeout(120000);
  let sim: Simulator | undefined;
  let nodeRed: SecureNodeRed | undefined;
  let base = '';
  let userDir = '';

  before(async () => {
    sim = await startSimulator({ port: 0, keys: [KEY] });
    nodeRed = await startSecureNodeRed(PASSWORD);
    base = nodeRed.base;
    userDir = nodeRed.userDir;
  });

  after(async () => {
    await nodeRed?.stop();
    await sim?.close();
  });

  const login = (username: string) => loginAs(base, username, PASSWORD);

  const get = (route: string, token?: string) =>
    fetch(`${base}${route}`, { headers: token ? { Authorization: `Bearer ${token}` } : {}, signal: AbortSignal.timeout(15000) });

  it('without a login, the flows, the credentials and the microphone device list are all refused', async () => {
    for (const route of ['/flows', DEVICES, '/credentials/assemblyai-account/acc']) {
      assert.equal((await get(route)).status, 401, route);
    }
  });

  it('the device list needs its read permission: a logged-in user without it is refused, a reader and an admin get an answer', async () => {
    const flowsOnly = await login('flowsonly');
    assert.equal((await get('/flows', flowsOnly)).status, 200, 'the token itself is good');
    // Node-RED answers a missing permission with 401 too (and logs an audit event).
    assert.equal((await get(DEVICES, flowsOnly)).status, 401);
    for (const user of ['reader', 'admin']) {
      const response = await get(DEVICES, await login(user));
      // 503 with a reason when this machine has no capture device: the permission check passed.
      assert.ok([200, 503].includes(response.status), `${user}: ${response.status}`);
      assert.ok(Array.isArray(((await response.json()) as { devices: unknown }).devices));
    }
  });

  it('a deployed key is never sent back: not in the flows, not in the credentials answer, not in flows.json, not in clear in flows_cred.json', async () => {
    const token = await login('admin');
    const url = (sim as Simulator).url;
    const flows = [
      { id: 'tab1', type: 'tab', label: 'secrets' },
      { id: 'acc', type: 'assemblyai-account', name: 'good', region: 'custom', customUrl: url, credentials: { apiKey: KEY } },
      { id: 'bad', type: 'assemblyai-account', name: 'wrong key', region: 'custom', customUrl: url, credentials: { apiKey: WRONG_KEY } },
      {
        id: 'tr1',
        type: 'assemblyai-transcriber',
        z: 'tab1',
        name: '',
        account: 'acc',
        speechModel: 'universal-streaming-english',
        policy: 'always',
        wires: [['dbg'], ['dbg']],
      },
      {
        id: 'tr2',
        type: 'assemblyai-transcriber',
        z: 'tab1',
        name: '',
        account: 'bad',
        speechModel: 'u3-rt-pro',
        policy: 'always',
        wires: [['dbg'], ['dbg']],
      },
      {
        id: 'mic',
        type: 'assemblyai-microphone',
        z: 'tab1',
        name: '',
        device: 'default',
        frameMs: 50,
        startOnDeploy: false,
        wires: [['tr1'], []],
      },
      { id: 'dbg', type: 'debug', z: 'tab1', active: true, tosidebar: true, console: true, complete: 'true', wires: [] },
    ];
    const deployed = await fetch(`${base}/flows`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'Node-RED-API-Version': 'v2',
        'Node-RED-Deployment-Type': 'full',
      },
      body: JSON.stringify({ flows }),
      signal: AbortSignal.timeout(15000),
    });
    assert.equal(deployed.status, 200, await deployed.text());
    const s = sim as Simulator;
    await waitFor(
      'a session with the good key and a refusal of the wrong one',
      () => s.stats().openNow === 1 && s.stats().authFailures >= 1,
      10000,
    );
    assert.equal(s.connections().find((c) => c.sessionId !== undefined)?.authorization, KEY, 'the key went in the Authorization header');

    const exported = await (await get('/flows', token)).text();
    assert.ok(exported.includes('"assemblyai-account"'));
    for (const secret of [KEY, WRONG_KEY]) assert.ok(!exported.includes(secret), 'GET /flows returned a key');
    const credentials = (await (await get('/credentials/assemblyai-account/acc', token)).json()) as Record<string, unknown>;
    assert.deepEqual(credentials, { has_apiKey: true });

    const files = fs.readdirSync(userDir).filter((f) => f.startsWith('flows'));
    assert.ok(files.includes('flows.json') && files.includes('flows_cred.json'), files.join(', '));
    for (const file of files) {
      const text = fs.readFileSync(path.join(userDir, file), 'utf8');
      for (const secret of [KEY, WRONG_KEY]) assert.ok(!text.includes(secret), `${file} holds a key in clear`);
    }
    for (const record of s.connections()) {
      assert.ok(![KEY, WRONG_KEY].some((k) => `${record.path}?${record.rawQuery}`.includes(k)), 'a key reached a URL');
    }
  });

  it('after a shutdown that Terminates the open session, no log line of the whole run holds a key', async () => {
    await nodeRed!.stop();
    const output = nodeRed!.output();
    const s = sim as Simulator;
    assert.equal(s.stats().openNow, 0);
    assert.equal(s.stats().terminatedCleanly, s.stats().sessionsOpened);
    // The run did log: the deploy, the nodes' errors (the refused key), and the debug node's messages.
    assert.match(output, /Unauthorized|refused/i);
    assert.match(output, /Started flows/);
    for (const secret of [KEY, WRONG_KEY]) assert.ok(!output.includes(secret), 'a key reached the Node-RED log');
  });
});

describe('reliability: the simulator binds to loopback only unless told', function () {
  this.timeout(20000);

  it('startSimulator refuses a non-loopback host', async () => {
    for (const host of ['0.0.0.0', '::', '192.0.2.10']) {
      await assert.rejects(startSimulator({ port: 0, host }), /refusing to listen on non-loopback host/);
    }
  });

  it('the CLI refuses --host 0.0.0.0 without --allow-non-loopback, and says how', () => {
    const cli = path.join(ROOT, 'dist', 'sim', 'cli.js');
    const result = spawnSync(process.execPath, [cli, '--host', '0.0.0.0', '--port', '0'], { encoding: 'utf8', timeout: 10000 });
    assert.notEqual(result.status, 0);
    assert.match(`${result.stdout}${result.stderr}`, /non-loopback|allow-non-loopback/);
  });

  it('with allowNonLoopback it binds as asked (closed at once; only loopback traffic)', async () => {
    const sim = await startSimulator({ port: 0, host: '0.0.0.0', allowNonLoopback: true });
    try {
      assert.equal(sim.host, '0.0.0.0');
      const response = await fetch(`http://127.0.0.1:${sim.port}/v3/unknown`);
      assert.equal(response.status, 404);
    } finally {
      await sim.close();
    }
  });
});
