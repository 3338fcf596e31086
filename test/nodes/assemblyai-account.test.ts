import assert from 'node:assert/strict';
import helper from 'node-red-node-test-helper';
import registerAccount from '../../src/nodes/assemblyai-account/assemblyai-account';
import type { AccountNode } from '../../src/nodes/assemblyai-account/account-node';
import { nodeRedPath } from '../support/node-red-path';
import { withLocale } from './support/locale';

helper.init(nodeRedPath);

// Errors rendered from the en-US catalog, as a user reads them (the test helper's RED._ returns keys).
const accountNode = withLocale(registerAccount);

function flow(account: Record<string, unknown> = {}) {
  return [
    { id: 'f1', type: 'tab', label: 'account test' },
    { id: 'acc', type: 'assemblyai-account', name: '', region: 'edge', ...account },
  ];
}

async function loadAccount(account: Record<string, unknown>, credentials?: Record<string, unknown>): Promise<AccountNode> {
  await helper.load(accountNode, flow(account), credentials ? { acc: credentials } : {});
  return helper.getNode('acc') as AccountNode;
}

describe('assemblyai-account node', () => {
  afterEach(async () => {
    await helper.unload();
    delete process.env.AAI_ACCOUNT_TEST_KEY;
  });

  it('hands the key and the region URL to transcribers', async () => {
    const node = await loadAccount({ region: 'eu' }, { apiKey: 'k-123' });
    assert.deepEqual(node.lookupConnection(), {
      ok: true,
      connection: { url: 'wss://streaming.eu.assemblyai.com/v3/ws', apiKey: 'k-123' },
    });
  });

  it('reads ${VAR} in the key from the environment (Node-RED maps it at createNode)', async () => {
    process.env.AAI_ACCOUNT_TEST_KEY = 'k-from-env';
    const node = await loadAccount({}, { apiKey: '${AAI_ACCOUNT_TEST_KEY}' });
    const lookup = node.lookupConnection();
    assert.equal(lookup.ok && lookup.connection.apiKey, 'k-from-env');
  });

  it('reports an unset ${VAR} as a missing key naming the variable', async () => {
    const node = await loadAccount({}, { apiKey: '${AAI_ACCOUNT_TEST_KEY}' });
    const lookup = node.lookupConnection();
    assert.equal(lookup.ok, false);
    if (!lookup.ok) {
      assert.equal(lookup.problem, 'missingKey');
      assert.match(lookup.message, /AAI_ACCOUNT_TEST_KEY is not set/);
    }
  });

  it('reports no credentials at all as a missing key', async () => {
    const node = await loadAccount({});
    const lookup = node.lookupConnection();
    assert.equal(!lookup.ok && lookup.problem, 'missingKey');
  });

  it('reports an invalid custom URL as a configuration problem', async () => {
    const node = await loadAccount({ region: 'custom', customUrl: 'https://example.com/v3/ws' }, { apiKey: 'k' });
    const lookup = node.lookupConnection();
    assert.equal(!lookup.ok && lookup.problem, 'invalidConfig');
    assert.match(!lookup.ok ? lookup.message : '', /ws:\/\/ or wss:\/\//);
  });

  it('connects with temporary tokens instead of the key when asked', async () => {
    const node = await loadAccount(
      { region: 'custom', customUrl: 'ws://127.0.0.1:9/v3/ws', useTemporaryTokens: true, tokenExpiresIn: 30 },
      { apiKey: 'k' },
    );
    const lookup = node.lookupConnection();
    assert.equal(lookup.ok, true);
    if (lookup.ok) {
      assert.equal(lookup.connection.apiKey, undefined);
      assert.equal(typeof lookup.connection.getToken, 'function');
    }
  });
});
