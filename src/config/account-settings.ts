// The account config node's fields -> where and how to connect. Pure: the key
// check and the endpoint check; the token minting itself is in temporary-token.ts.
import { resolveEndpoint } from './endpoint';
import { isBlank, readBoolean, readNumber, readText } from './field-values';
import { acceptsFieldValue, type FieldRule } from './field-rules';
import { ACCOUNT_FIELDS, DEFAULT_CURRENCY, DEFAULT_TOKEN_EXPIRES_IN_SECONDS, PRICE_RANGE, TOKEN_RANGES } from './node-fields';

export { DEFAULT_TOKEN_EXPIRES_IN_SECONDS } from './node-fields';

export interface AccountConfig {
  region?: unknown;
  customUrl?: unknown;
  caCert?: unknown;
  allowSelfSigned?: unknown;
  useTemporaryTokens?: unknown;
  tokenExpiresIn?: unknown;
  tokenMaxSessionSeconds?: unknown;
  pricePerHour?: unknown;
  currency?: unknown;
}

export interface AccountSettings {
  url: string;
  tls?: { ca?: string; rejectUnauthorized?: boolean };
  temporaryTokens?: { expiresInSeconds: number; maxSessionDurationSeconds?: number };
  /** What an hour of open session costs, when the user gave a price. */
  price?: { perHour: number; currency: string };
}

export type AccountSettingsResult = { ok: true; settings: AccountSettings } | { ok: false; errors: string[] };

export function readAccountSettings(config: AccountConfig): AccountSettingsResult {
  const errors: string[] = [];
  const endpoint = resolveEndpoint(config.region, config.customUrl);
  if (!endpoint.ok) errors.push(endpoint.message);

  const settings: AccountSettings = { url: endpoint.ok ? endpoint.url : '' };

  const custom = config.region === 'custom';
  const ca = readText(config.caCert, 'the CA certificate');
  const selfSigned = readBoolean(config.allowSelfSigned, 'accept self-signed certificate');
  if (ca.set && 'error' in ca) errors.push(ca.error);
  if (selfSigned.set && 'error' in selfSigned) errors.push(selfSigned.error);
  if (custom && endpoint.ok && endpoint.secure) {
    const tls: AccountSettings['tls'] = {};
    if (ca.set && 'value' in ca) {
      if (!ca.value.includes('-----BEGIN CERTIFICATE-----'))
        errors.push('the CA certificate must be PEM text (-----BEGIN CERTIFICATE-----)');
      else tls.ca = ca.value;
    }
    if (selfSigned.set && 'value' in selfSigned && selfSigned.value) tls.rejectUnauthorized = false;
    if (Object.keys(tls).length > 0) settings.tls = tls;
  }

  const useTokens = readBoolean(config.useTemporaryTokens, 'use temporary tokens');
  if (useTokens.set && 'error' in useTokens) errors.push(useTokens.error);
  if (useTokens.set && 'value' in useTokens && useTokens.value) {
    const expires = readNumber(config.tokenExpiresIn, 'token lifetime', TOKEN_RANGES.expiresIn);
    const maxSession = readNumber(config.tokenMaxSessionSeconds, 'token maximum session', TOKEN_RANGES.maxSessionSeconds);
    if (expires.set && 'error' in expires) errors.push(expires.error);
    if (maxSession.set && 'error' in maxSession) errors.push(maxSession.error);
    settings.temporaryTokens = {
      expiresInSeconds: expires.set && 'value' in expires ? expires.value : DEFAULT_TOKEN_EXPIRES_IN_SECONDS,
    };
    if (maxSession.set && 'value' in maxSession) settings.temporaryTokens.maxSessionDurationSeconds = maxSession.value;
  }

  const price = readNumber(config.pricePerHour, 'price per hour', PRICE_RANGE);
  if (price.set && 'error' in price) errors.push(price.error);
  const code = isBlank(config.currency) ? DEFAULT_CURRENCY : String(config.currency).trim();
  if (!acceptsFieldValue(ACCOUNT_FIELDS.currency.rule as FieldRule, config.currency))
    errors.push('currency must be a code or sign such as USD, EUR or $');
  if (price.set && 'value' in price) settings.price = { perHour: price.value, currency: code };

  return errors.length > 0 ? { ok: false, errors } : { ok: true, settings };
}
