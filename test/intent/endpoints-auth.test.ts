// The intent editor's endpoints behind Node-RED's admin permissions, in a
// real Node-RED with adminAuth (the security test's child process, loading
// the built package): no login, a read-only user and a flows-only user are
// refused; a user with every permission gets the answer.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { waitFor } from '../nodes/support/wait';

const CHILD = path.resolve(__dirname, '..', 'reliability', 'fixtures', 'secure-child.js');
const PASSWORD = 'intent-endpoints-pw-3b9e';
const TRY = '/assemblyai-intent/try';
const IMPORT = '/assemblyai-intent/import';

describe('assemblyai-intent endpoints need the assemblyai-intent.write permission (real Node-RED with adminAuth)', function () {
  this.timeout(60000);
  let child: ChildProcess | undefined;
  let output = '';
  let base = '';

  before(async () => {
    child = spawn(process.execPath, [CHILD], { env: { ...process.env, ADMIN_PASSWORD: PASSWORD }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const ready = await waitFor('Node-RED to listen', () => /READY (\d+) (\S+)/.exec(output) ?? undefined, 30000);
    base = `http://127.0.0.1:${ready[1]}`;
  });

  after(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      const killer = setTimeout(() => child?.kill('SIGKILL'), 10000);
      await exited;
      clearTimeout(killer);
    }
  });

  async function login(username: string): Promise<string> {
    const response = await fetch(`${base}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: 'node-red-admin', grant_type: 'password', scope: '', username, password: PASSWORD }),
      signal: AbortSignal.timeout(15000),
    });
    assert.equal(response.status, 200, `login as ${username}`);
    return ((await response.json()) as { access_token: string }).access_token;
  }

  const post = (route: string, body: unknown, token?: string) =>
    fetch(`${base}${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(15000),
    });

  const config = {
    intents: [{ name: 'LightOn', sentences: ['turn on [the] {area} light[s]'] }],
    lists: { area: ['kitchen'] },
    expansionRules: {},
    text: 'Turn on the kitchen lights.',
  };

  it('refuses both endpoints without a login, and to users without the write permission', async () => {
    for (const route of [TRY, IMPORT]) assert.equal((await post(route, config)).status, 401, route);
    for (const user of ['reader', 'flowsonly']) {
      const token = await login(user);
      // Node-RED answers a missing permission with 401 too.
      assert.equal((await post(TRY, config, token)).status, 401, `${user}: ${TRY}`);
      assert.equal((await post(IMPORT, { yaml: 'intents: {}' }, token)).status, 401, `${user}: ${IMPORT}`);
    }
  });

  it('answers a user who has it', async () => {
    const token = await login('admin');
    const tried = await post(TRY, config, token);
    assert.equal(tried.status, 200);
    assert.deepEqual(await tried.json(), {
      problems: [],
      match: {
        name: 'LightOn',
        slots: { area: 'kitchen' },
        text: 'Turn on the kitchen lights.',
        sentence: 'turn on [the] {area} light[s]',
      },
    });
    const imported = await post(IMPORT, { yaml: 'intents:\n  A:\n    data:\n      - sentences: ["hello there"]\n' }, token);
    assert.equal(imported.status, 200);
    assert.deepEqual(((await imported.json()) as { config: unknown }).config, {
      intents: [{ name: 'A', sentences: ['hello there'] }],
      lists: {},
      expansionRules: {},
    });
  });
});
