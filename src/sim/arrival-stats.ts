// Rates from ConnectionRecord.audioArrivals (SimulatorOptions.recordArrivals):
// how much audio arrived in the busiest window of a given length, so a test
// can check that a client kept to a multiple of real time over any second.

/** The most audio (ms) whose frames arrived within any window [t, t + windowMs). */
export function busiestWindowMs(arrivals: ReadonlyArray<{ at: number; ms: number }>, windowMs: number): number {
  let most = 0;
  let sum = 0;
  let first = 0;
  for (let i = 0; i < arrivals.length; i++) {
    sum += arrivals[i].ms;
    while (arrivals[i].at - arrivals[first].at >= windowMs) sum -= arrivals[first++].ms;
    most = Math.max(most, sum);
  }
  return most;
}
