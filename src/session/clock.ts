// Where the session's time and timers come from. Everything time-driven in
// src/session (idle close, retry backoff, rollover, switch wait, stall and
// heartbeat detection, drop coalescing, WAV pacing) asks a Clock, so tests can
// pass a fake one and move time on without sleeping.

/** An opaque timer handle: whatever the clock's setTimeout returned. */
export type TimerHandle = unknown;

export interface Clock {
  /** Wall-clock milliseconds (Date.now()). */
  now(): number;
  /** Monotonic milliseconds for measuring intervals (performance.now()). */
  monotonic(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
  setInterval(fn: () => void, ms: number): TimerHandle;
  clearInterval(handle: TimerHandle): void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout | undefined),
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout | undefined),
};
