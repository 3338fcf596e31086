// The simulator's option defaults: no faults, the timing it runs on, which
// hosts count as loopback, and the rate rule the environment may force.
import { TURN_DEFAULTS } from '../protocol/turn-defaults';
import type { ResolvedTiming } from './session';
import type { RateRule, SimulatorFaults, SimulatorOptions } from './types';

export function noFaults(): SimulatorFaults {
  return {
    closeBeforeBegin: null,
    noTermination: false,
    stall: false,
    destroyAfterMs: null,
    destroyAfterSamples: null,
    closeAfter: null,
    slowReads: false,
    tooManySessions: null,
    warning: null,
    beginDelayMs: null,
  };
}

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * ASSEMBLYAI_SIM_RATE_RULE=strict|throttle forces a rate rule on every simulator
 * in the process, whatever its options say: a way to run a test suite against
 * the strict rule without editing its fixtures.
 */
export function rateRuleFromEnvironment(env: NodeJS.ProcessEnv = process.env): RateRule | undefined {
  const value = env.ASSEMBLYAI_SIM_RATE_RULE;
  return value === 'strict' || value === 'throttle' ? value : undefined;
}

export function resolveTiming(t: SimulatorOptions['timing'] = {}): ResolvedTiming {
  return {
    tickMs: t.tickMs ?? 50,
    throttleFactor: t.throttleFactor ?? 1.25,
    throttleBurstSeconds: t.throttleBurstSeconds ?? 1,
    maxBufferedSeconds: t.maxBufferedSeconds ?? 300,
    strictFactor: t.strictFactor ?? 1.25,
    strictBurstSeconds: t.strictBurstSeconds ?? t.strictSlackSeconds ?? 2,
    terminationDelayMs: t.terminationDelayMs ?? 300,
    wordMs: t.wordMs ?? 340,
    minSpeechMs: t.minSpeechMs ?? 80,
    heartbeatMs: t.heartbeatMs ?? 5000,
    continuousPartialMs: t.continuousPartialMs ?? TURN_DEFAULTS.u3.continuous_partial_ms ?? 3000,
    unknownSpeakerBelowMs: t.unknownSpeakerBelowMs ?? 1000,
  };
}
