// A Clock on @sinonjs/fake-timers, for the session's time and timers, shared
// by the session tests and the node tests (which also hand it to the simulator).
import FakeTimers from '@sinonjs/fake-timers';
import type { Clock } from '../../src/session/clock';

/** A Clock on @sinonjs/fake-timers: the session's time moves only when the test says so. */
export interface TestClock extends Clock {
  /** Moves time on by ms, firing due timers (and letting promise callbacks run between them). */
  tick(ms: number): Promise<void>;
  /** Moves time to the next timer and fires it. */
  next(): Promise<void>;
  /** Timers waiting to fire. */
  pending(): number;
}

type FakeTimerId = Parameters<FakeTimers.Clock['clearTimeout']>[0];

export function fakeClock(start = Date.now()): TestClock {
  const fake = FakeTimers.createClock(start);
  return {
    now: () => fake.now,
    monotonic: () => fake.now - start,
    setTimeout: (fn, ms) => fake.setTimeout(fn, ms),
    clearTimeout: (handle) => fake.clearTimeout(handle as FakeTimerId),
    setInterval: (fn, ms) => fake.setInterval(fn, ms),
    clearInterval: (handle) => fake.clearInterval(handle as FakeTimerId),
    tick: async (ms) => {
      await fake.tickAsync(ms);
    },
    next: async () => {
      await fake.nextAsync();
    },
    pending: () => fake.countTimers(),
  };
}
