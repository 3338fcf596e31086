// Optional timing knobs from Node-RED's settings.js (`assemblyaiTranscriber: {...}`),
// for networks that need longer bounds and for tests that need shorter ones.
// Unknown or out-of-range values are ignored with a warning. Pure.
import type { Clock } from '../session/clock';
import type { StreamingSessionOptions } from '../session/types';

export type TranscriberTuning = Pick<
  StreamingSessionOptions,
  | 'connectTimeoutMs'
  | 'terminationTimeoutMs'
  | 'heartbeatTimeoutMs'
  | 'formattedTurnTimeoutMs'
  | 'rolloverLeadSeconds'
  | 'bufferSeconds'
  | 'retry'
  | 'clock'
> & {
  /** Bound on the node's close handler (redeploy, shutdown). */
  closeTimeoutMs: number;
};

/** Node-RED waits 15 s for a close handler by default; these stay well inside it. */
export const DEFAULT_TUNING: TranscriberTuning = {
  connectTimeoutMs: 10000,
  terminationTimeoutMs: 2500,
  closeTimeoutMs: 4000,
};

const NUMBER_KNOBS: ReadonlyArray<{ name: keyof TranscriberTuning; min: number; max: number }> = [
  { name: 'connectTimeoutMs', min: 100, max: 120000 },
  { name: 'terminationTimeoutMs', min: 50, max: 60000 },
  { name: 'heartbeatTimeoutMs', min: 100, max: 600000 },
  { name: 'closeTimeoutMs', min: 100, max: 60000 },
  { name: 'formattedTurnTimeoutMs', min: 0, max: 60000 },
  { name: 'rolloverLeadSeconds', min: 0, max: 3600 },
  { name: 'bufferSeconds', min: 0, max: 3600 },
];

const RETRY_KNOBS = [
  { name: 'initialDelayMs', min: 10, max: 600000 },
  { name: 'maxDelayMs', min: 10, max: 3600000 },
  { name: 'maxAttempts', min: 0, max: 1000000 },
] as const;

const CLOCK_METHODS = ['now', 'monotonic', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] as const;

function isClock(value: unknown): value is Clock {
  return (
    typeof value === 'object' && value !== null && CLOCK_METHODS.every((m) => typeof (value as Record<string, unknown>)[m] === 'function')
  );
}

function inRange(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max;
}

export function readTuning(raw: unknown): { tuning: TranscriberTuning; warnings: string[] } {
  const tuning: TranscriberTuning = { ...DEFAULT_TUNING };
  const warnings: string[] = [];
  if (raw === undefined || raw === null) return { tuning, warnings };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { tuning, warnings: ['settings.assemblyaiTranscriber must be an object; ignored'] };
  }
  const source = raw as Record<string, unknown>;
  for (const knob of NUMBER_KNOBS) {
    const value = source[knob.name];
    if (value === undefined) continue;
    if (inRange(value, knob.min, knob.max)) (tuning as unknown as Record<string, number>)[knob.name] = value;
    else warnings.push(`settings.assemblyaiTranscriber.${knob.name} must be a number from ${knob.min} to ${knob.max}; ignored`);
  }
  // A test's fake clock for the sessions' time and timers (settings.js has no use for it).
  if (source.clock !== undefined) {
    if (isClock(source.clock)) tuning.clock = source.clock;
    else warnings.push(`settings.assemblyaiTranscriber.clock must have ${CLOCK_METHODS.join(', ')}; ignored`);
  }
  const retry = source.retry;
  if (retry !== undefined) {
    if (typeof retry !== 'object' || retry === null) warnings.push('settings.assemblyaiTranscriber.retry must be an object; ignored');
    else {
      const chosen: NonNullable<TranscriberTuning['retry']> = {};
      for (const knob of RETRY_KNOBS) {
        const value = (retry as Record<string, unknown>)[knob.name];
        if (value === undefined) continue;
        if (inRange(value, knob.min, knob.max)) chosen[knob.name] = value;
        else warnings.push(`settings.assemblyaiTranscriber.retry.${knob.name} must be a number from ${knob.min} to ${knob.max}; ignored`);
      }
      if (Object.keys(chosen).length > 0) tuning.retry = chosen;
    }
  }
  return { tuning, warnings };
}
