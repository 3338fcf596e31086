// What a transcriber asks its account for: the endpoint and how to authenticate,
// in the shape StreamingSession takes. Built once per deploy from the account's
// settings and its resolved key.
import type { StreamingSessionOptions } from '../session/types';
import type { AccountSettings } from './account-settings';
import { mintTemporaryToken } from './temporary-token';

export type AccountConnection = Pick<StreamingSessionOptions, 'url' | 'apiKey' | 'getToken' | 'tls'>;

export function buildAccountConnection(settings: AccountSettings, apiKey: string): AccountConnection {
  const connection: AccountConnection = { url: settings.url };
  if (settings.tls) connection.tls = { ...settings.tls };
  const tokens = settings.temporaryTokens;
  if (tokens) {
    connection.getToken = () =>
      mintTemporaryToken({
        streamingUrl: settings.url,
        apiKey,
        expiresInSeconds: tokens.expiresInSeconds,
        maxSessionDurationSeconds: tokens.maxSessionDurationSeconds,
        tls: settings.tls,
      });
  } else {
    connection.apiKey = apiKey;
  }
  return connection;
}
