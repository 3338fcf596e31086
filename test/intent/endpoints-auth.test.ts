// The intent editor's endpoints behind Node-RED's admin permissions, in a
// real Node-RED with adminAuth (the security test's child process, loading
// the built package): no login, a read-only user and a flows-only user are
// refused; a user with every permission gets the answer.
import assert from 'node:assert/strict';
import { login as loginAs, startSecureNodeRed, type SecureNodeRed } from '../reliability/fixtures/secure-node-red';

const PASSWORD = 'intent-endpoints-pw-3b9e';
const TRY = '/assemblyai-intent/try';
const IMPORT = '/assemblyai-intent/import';

describe('assemblyai-intent endpoints need the assemblyai-intent.write permission (real Node-RED with adminAuth)', function () {
  this.timeout(60000);
  let nodeRed: SecureNodeRed | undefined;
  let base = '';

  before(async () => {
    nodeRed = await startSecureNodeRed(PASSWORD, 30000);
    base = nodeRed.base;
  });

  after(async () => {
    await nodeRed?.stop();
  });

  const login = (username: string) => loginAs(base, username, PASSWORD);

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
