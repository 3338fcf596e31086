// Config node: the AssemblyAI API key (a credential), the endpoint (region or
// custom URL) and whether connections use one-use temporary tokens.
import type { NodeAPI, NodeDef } from 'node-red';
import { buildAccountConnection } from '../../config/account-connection';
import { readAccountSettings, type AccountConfig } from '../../config/account-settings';
import { resolveApiKey } from '../../config/api-key';
import { translator } from '../kit';
import type { AccountCredentials, AccountLookup, AccountNode } from './account-node';

type AccountNodeDef = NodeDef & AccountConfig;

export = function registerAccount(RED: NodeAPI): void {
  const t = translator(RED);

  function AssemblyAIAccountNode(this: AccountNode, config: AccountNodeDef) {
    RED.nodes.createNode(this, config);
    const settings = readAccountSettings(config);
    const key = resolveApiKey(this.credentials?.apiKey);

    this.lookupConnection = (): AccountLookup => {
      if (!settings.ok)
        return {
          ok: false,
          problem: 'invalidConfig',
          message: t('assemblyai-account.errors.invalidConfig', { detail: settings.errors.join('; ') }),
        };
      if (!key.ok) return { ok: false, problem: 'missingKey', message: key.message };
      return { ok: true, connection: buildAccountConnection(settings.settings, key.key) };
    };
    this.lookupPrice = () => (settings.ok ? settings.settings.price : undefined);
  }

  RED.nodes.registerType<AccountNode, AccountNodeDef, unknown, AccountCredentials>('assemblyai-account', AssemblyAIAccountNode, {
    credentials: { apiKey: { type: 'password' } },
  });
};
