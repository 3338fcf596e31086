// Checks StreamingSessionOptions and fills in the defaults. Bad options throw
// a StreamingError at construction, so a misconfiguration is seen at once.
import { AUDIO_ENCODINGS, MAX_FRAME_MS, MIN_FRAME_MS, type AudioEncoding } from '../protocol/messages';
import { encodeParamValue } from '../protocol/url';
import type { GateFactory } from './gate-factory';
import { DEFAULT_MAX_SEND_RATE, MAX_MAX_SEND_RATE, MIN_MAX_SEND_RATE } from './pacing';
import { StreamingError, type ConnectionParams, type SessionPolicy, type StreamingSessionOptions } from './types';

export interface RetrySettings {
  initialDelayMs: number;
  maxDelayMs: number;
  /** 0 = retry forever. */
  maxAttempts: number;
}

export interface ResolvedOptions {
  url: string;
  apiKey?: string;
  getToken?: () => Promise<string>;
  params: ConnectionParams;
  sampleRate: number;
  encoding: AudioEncoding;
  frameMs: number;
  policy: SessionPolicy;
  idleMs: number;
  openOn: 'audio' | 'speech';
  speechThresholdDbfs: number;
  preRollMs: number;
  gateFactory?: GateFactory;
  bufferSeconds: number;
  maxSendRate: number;
  connectTimeoutMs: number;
  terminationTimeoutMs: number;
  heartbeatTimeoutMs: number;
  formattedTurnTimeoutMs: number;
  rolloverLeadMs: number;
  retry: RetrySettings;
  tls?: { ca?: string | Buffer; rejectUnauthorized?: boolean };
}

export const DEFAULTS = {
  sampleRate: 16000,
  encoding: 'pcm_s16le' as AudioEncoding,
  frameMs: 50,
  policy: 'auto' as SessionPolicy,
  idleSeconds: 10,
  openOn: 'audio' as 'audio' | 'speech',
  speechThresholdDbfs: -45,
  preRollMs: 1500,
  bufferSeconds: 30,
  maxSendRate: DEFAULT_MAX_SEND_RATE,
  connectTimeoutMs: 10000,
  terminationTimeoutMs: 3000,
  heartbeatTimeoutMs: 15000,
  formattedTurnTimeoutMs: 2000,
  rolloverLeadSeconds: 60,
  retry: { initialDelayMs: 500, maxDelayMs: 30000, maxAttempts: 0 },
};

export const MIN_SAMPLE_RATE = 8000;
export const MAX_SAMPLE_RATE = 96000;
const POLICIES: readonly SessionPolicy[] = ['auto', 'manual', 'always'];
const OPEN_ON = ['audio', 'speech'] as const;
const MAX_PRE_ROLL_MS = 10000;

function fail(message: string): never {
  throw new StreamingError(message, undefined, true);
}

function positive(name: string, value: number | undefined, fallback: number, allowZero = false): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    fail(`${name} must be a ${allowZero ? 'non-negative' : 'positive'} number, got ${String(value)}`);
  }
  return value;
}

export function checkSampleRate(rate: unknown): number {
  if (typeof rate !== 'number' || !Number.isInteger(rate) || rate < MIN_SAMPLE_RATE || rate > MAX_SAMPLE_RATE) {
    fail(`sampleRate must be an integer from ${MIN_SAMPLE_RATE} to ${MAX_SAMPLE_RATE} Hz, got ${String(rate)}`);
  }
  return rate;
}

export function checkEncoding(encoding: unknown): AudioEncoding {
  if (!AUDIO_ENCODINGS.includes(encoding as AudioEncoding)) {
    fail(`encoding must be one of ${AUDIO_ENCODINGS.join(', ')}, got ${String(encoding)}`);
  }
  return encoding as AudioEncoding;
}

function checkUrl(url: unknown): string {
  if (typeof url !== 'string') fail('url is required');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    fail(`url is not a valid URL: ${url}`);
  }
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') fail(`url must start with ws:// or wss://, got ${parsed.protocol}//`);
  if (parsed.searchParams.has('token')) fail('url must not carry a token; use getToken');
  return url;
}

/**
 * Connection parameters as given, minus sample_rate/encoding when they merely
 * repeat the options. A different value there, a token, or an unsendable value
 * is an error.
 */
function checkParams(params: unknown, sampleRate: number, encoding: AudioEncoding): ConnectionParams {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) fail('params must be an object of connection parameters');
  const out: ConnectionParams = {};
  for (const [name, value] of Object.entries(params as Record<string, unknown>)) {
    if (value === undefined || value === null) continue;
    if (name === 'token') fail('params must not hold a token; use getToken');
    if (name === 'sample_rate' || name === 'encoding') {
      const own = name === 'sample_rate' ? sampleRate : encoding;
      const given =
        typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
      if (given !== String(own))
        fail(`params.${name} (${given}) differs from the ${name === 'sample_rate' ? 'sampleRate' : 'encoding'} option (${own})`);
      continue;
    }
    try {
      encodeParamValue(name, value);
    } catch (error) {
      fail((error as Error).message);
    }
    out[name] = value as ConnectionParams[string];
  }
  if (typeof out.speech_model !== 'string' || out.speech_model === '')
    fail('params.speech_model is required (e.g. universal-streaming-english or u3-rt-pro)');
  return out;
}

function checkGateFactory(factory: unknown): GateFactory | undefined {
  if (factory !== undefined && typeof factory !== 'function') fail('gateFactory must be a function that makes an AudioGate');
  return factory as GateFactory | undefined;
}

export function resolveOptions(options: StreamingSessionOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) fail('options are required');
  const url = checkUrl(options.url);
  if (options.apiKey !== undefined && options.getToken !== undefined) fail('give apiKey or getToken, not both');
  if (options.getToken !== undefined && typeof options.getToken !== 'function') fail('getToken must be a function');
  if (options.getToken === undefined && (typeof options.apiKey !== 'string' || options.apiKey.trim() === '')) {
    fail('an API key (apiKey) or a token source (getToken) is required');
  }
  const sampleRate = checkSampleRate(options.sampleRate ?? DEFAULTS.sampleRate);
  const encoding = checkEncoding(options.encoding ?? DEFAULTS.encoding);
  const frameMs = options.frameMs ?? DEFAULTS.frameMs;
  if (typeof frameMs !== 'number' || !(frameMs >= MIN_FRAME_MS && frameMs <= MAX_FRAME_MS)) {
    fail(`frameMs must be from ${MIN_FRAME_MS} to ${MAX_FRAME_MS}, got ${String(frameMs)}`);
  }
  const policy = options.policy ?? DEFAULTS.policy;
  if (!POLICIES.includes(policy)) fail(`policy must be one of ${POLICIES.join(', ')}, got ${String(policy)}`);
  const openOn = options.openOn ?? DEFAULTS.openOn;
  if (!OPEN_ON.includes(openOn)) fail(`openOn must be one of ${OPEN_ON.join(', ')}, got ${String(openOn)}`);
  const speechThresholdDbfs = options.speechThresholdDbfs ?? DEFAULTS.speechThresholdDbfs;
  if (typeof speechThresholdDbfs !== 'number' || !(speechThresholdDbfs >= -90 && speechThresholdDbfs <= 0)) {
    fail(`speechThresholdDbfs must be from -90 to 0 dBFS, got ${String(speechThresholdDbfs)}`);
  }
  const preRollMs = positive('preRollMs', options.preRollMs, DEFAULTS.preRollMs, true);
  if (preRollMs > MAX_PRE_ROLL_MS) fail(`preRollMs must be at most ${MAX_PRE_ROLL_MS}, got ${preRollMs}`);
  const maxSendRate = options.maxSendRate ?? DEFAULTS.maxSendRate;
  if (typeof maxSendRate !== 'number' || !(maxSendRate >= MIN_MAX_SEND_RATE && maxSendRate <= MAX_MAX_SEND_RATE)) {
    fail(`maxSendRate must be from ${MIN_MAX_SEND_RATE} to ${MAX_MAX_SEND_RATE} (times real time), got ${String(maxSendRate)}`);
  }
  const retry = options.retry ?? {};
  const initialDelayMs = positive('retry.initialDelayMs', retry.initialDelayMs, DEFAULTS.retry.initialDelayMs);
  const maxDelayMs = positive('retry.maxDelayMs', retry.maxDelayMs, Math.max(DEFAULTS.retry.maxDelayMs, initialDelayMs));
  const maxAttempts = positive('retry.maxAttempts', retry.maxAttempts, DEFAULTS.retry.maxAttempts, true);
  if (!Number.isInteger(maxAttempts)) fail(`retry.maxAttempts must be an integer, got ${maxAttempts}`);
  return {
    url,
    apiKey: options.apiKey,
    getToken: options.getToken,
    params: checkParams(options.params, sampleRate, encoding),
    sampleRate,
    encoding,
    frameMs,
    policy,
    idleMs: positive('idleSeconds', options.idleSeconds, DEFAULTS.idleSeconds) * 1000,
    openOn,
    speechThresholdDbfs,
    preRollMs,
    gateFactory: checkGateFactory(options.gateFactory),
    bufferSeconds: positive('bufferSeconds', options.bufferSeconds, DEFAULTS.bufferSeconds, true),
    maxSendRate,
    connectTimeoutMs: positive('connectTimeoutMs', options.connectTimeoutMs, DEFAULTS.connectTimeoutMs),
    terminationTimeoutMs: positive('terminationTimeoutMs', options.terminationTimeoutMs, DEFAULTS.terminationTimeoutMs),
    heartbeatTimeoutMs: positive('heartbeatTimeoutMs', options.heartbeatTimeoutMs, DEFAULTS.heartbeatTimeoutMs),
    formattedTurnTimeoutMs: positive('formattedTurnTimeoutMs', options.formattedTurnTimeoutMs, DEFAULTS.formattedTurnTimeoutMs, true),
    rolloverLeadMs: positive('rolloverLeadSeconds', options.rolloverLeadSeconds, DEFAULTS.rolloverLeadSeconds, true) * 1000,
    retry: { initialDelayMs, maxDelayMs: Math.max(maxDelayMs, initialDelayMs), maxAttempts },
    tls: options.tls,
  };
}
