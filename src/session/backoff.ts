// Reconnect delays: exponential with "equal jitter" (half fixed, half random),
// so clients that lost the same server do not come back in lock-step, and a
// retry is never immediate.
import type { RetrySettings } from './options';

/** How much longer to wait when the account has too many sessions. */
export const CONCURRENCY_BACKOFF_FACTOR = 4;

/** The delay before retry number `attempt` (1-based). */
export function backoffDelay(
  attempt: number,
  settings: Pick<RetrySettings, 'initialDelayMs' | 'maxDelayMs'>,
  longer = false,
  random: () => number = Math.random,
): number {
  const factor = longer ? CONCURRENCY_BACKOFF_FACTOR : 1;
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
  const ceiling = Math.min(settings.maxDelayMs * factor, settings.initialDelayMs * factor * 2 ** exponent);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
