// Library surface of the account settings: endpoints, key checks and
// temporary tokens, usable with StreamingSession without Node-RED.
export { REGION_URLS, REGIONS, resolveEndpoint, tokenUrlFor, validateCustomUrl, type Region, type EndpointResult } from './endpoint';
export { resolveApiKey, type ApiKeyResult } from './api-key';
export { mintTemporaryToken, TemporaryTokenError, type TemporaryTokenRequest } from './temporary-token';
