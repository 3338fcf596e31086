// Shared helpers for StreamingSession tests: event recording, the fake clock (test/support/fake-clock.ts) and audio.
import { StreamingSession } from '../../src/session';
import type { SessionEvents, StreamingSessionOptions } from '../../src/session/types';
import type { TestClock } from '../support/fake-clock';

export { fakeClock, type TestClock } from '../support/fake-clock';

export type Recorded = { [K in keyof SessionEvents]: Array<Parameters<SessionEvents[K]>> };

const EVENT_NAMES: Array<keyof SessionEvents> = [
  'state',
  'begin',
  'turn',
  'speechStarted',
  'termination',
  'warning',
  'reconnecting',
  'closed',
  'error',
  'audioDropped',
  'backlog',
  'caughtUp',
  'heartbeat',
  'speakerRevision',
  'llmGatewayResponse',
];

/** Records every event of a session (with an 'error' listener unless told not to). */
export function record(session: StreamingSession, options: { errors?: boolean } = {}): Recorded {
  const recorded = {} as Record<string, unknown[][]>;
  for (const name of EVENT_NAMES) {
    recorded[name] = [];
    if (name === 'error' && options.errors === false) continue;
    session.on(name, (...args: unknown[]) => recorded[name].push(args));
  }
  return recorded as unknown as Recorded;
}

export function states(recorded: Recorded): string[] {
  return recorded.state.map(([s]) => s);
}

export function waitForEvent<K extends keyof SessionEvents>(
  session: StreamingSession,
  event: K,
  predicate: (...args: Parameters<SessionEvents[K]>) => boolean = () => true,
  timeoutMs = 5000,
): Promise<Parameters<SessionEvents[K]>> {
  return new Promise((resolve, reject) => {
    const listener = (...args: Parameters<SessionEvents[K]>) => {
      if (!predicate(...args)) return;
      clearTimeout(timer);
      session.off(event, listener as never);
      resolve(args);
    };
    const timer = setTimeout(() => {
      session.off(event, listener as never);
      reject(new Error(`timed out waiting for '${event}' (state ${session.state})`));
    }, timeoutMs);
    session.on(event, listener as never);
  });
}

export function waitForState(session: StreamingSession, state: string, timeoutMs = 5000): Promise<unknown> {
  if (session.state === state) return Promise.resolve();
  return waitForEvent(session, 'state', (s) => s === state, timeoutMs);
}

/** Polls until the check passes (for events that may already have happened). */
export async function until(check: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Options for fast tests: short bounds and retries. */
export function testOptions(url: string, overrides: Partial<StreamingSessionOptions> = {}): StreamingSessionOptions {
  return {
    url,
    apiKey: 'test-key-123',
    params: { speech_model: 'universal-streaming-english' },
    connectTimeoutMs: 2000,
    terminationTimeoutMs: 500,
    formattedTurnTimeoutMs: 300,
    retry: { initialDelayMs: 20, maxDelayMs: 100, maxAttempts: 0 },
    ...overrides,
  };
}

/** s16le audio whose every sample is its index (mod 2^15), so order and loss are checkable. */
export function countingPcm(samples: number, start = 0): Buffer {
  const b = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) b.writeInt16LE((start + i) % 32768, i * 2);
  return b;
}

/** Checks that s16le bytes are the counting sequence from `start`. */
export function isCountingFrom(audio: Buffer, start: number): boolean {
  for (let i = 0; i < audio.length / 2; i++) if (audio.readInt16LE(i * 2) !== (start + i) % 32768) return false;
  return true;
}

/** s16le "speech" for the simulator's loudness detector: tone bursts and digital silence. */
export function tonePcm(segments: Array<{ speechMs?: number; silenceMs?: number }>, sampleRate = 16000): Buffer {
  const parts: Buffer[] = [];
  let phase = 0;
  for (const segment of segments) {
    const ms = segment.speechMs ?? segment.silenceMs ?? 0;
    const samples = Math.round((sampleRate * ms) / 1000);
    const part = Buffer.alloc(samples * 2);
    if (segment.speechMs !== undefined) {
      for (let i = 0; i < samples; i++) {
        part.writeInt16LE(Math.round(9000 * Math.sin(phase) + 2000 * Math.sin(phase * 3.1)), i * 2);
        phase += (2 * Math.PI * 180) / sampleRate;
      }
    }
    parts.push(part);
  }
  return Buffer.concat(parts);
}

/**
 * close() for a session on a fake clock: its waits (Termination, connect) are
 * bounded by fake timers, so time is moved on until it resolves.
 */
export async function closeOnFakeClock(session: StreamingSession | undefined, clock: TestClock): Promise<void> {
  if (session === undefined) return;
  let done = false;
  const closing = session.close().then(() => {
    done = true;
  });
  for (let i = 0; i < 1000 && !done; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    if (!done) await clock.tick(100);
  }
  await closing;
}

/** True when the promise has settled once pending callbacks have run (no waiting on the clock). */
export function isSettled(promise: Promise<unknown>): Promise<boolean> {
  return Promise.race([
    promise.then(
      () => true,
      () => true,
    ),
    new Promise<boolean>((resolve) => setImmediate(() => resolve(false))),
  ]);
}

/**
 * Moves a fake clock on in steps until the check passes, yielding real time
 * between steps so socket events come in. Bounded in real time.
 */
export async function tickUntil(
  clock: TestClock,
  check: () => boolean,
  stepMs: number,
  timeoutMs = 5000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out moving the clock on until ${what}`);
    await clock.tick(stepMs);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * Writes audio as a live source would on a fake clock: 50 ms at a time, the
 * clock moved on 50 ms after each, so the session's pacing (at most 1.25x real
 * time, see pacing.ts) never has to hold it back.
 */
export async function writeLive(session: StreamingSession | undefined, clock: TestClock, pcm: Buffer, sampleRate = 16000): Promise<void> {
  const chunk = (sampleRate / 20) * 2;
  for (let at = 0; at < pcm.length; at += chunk) {
    session?.write(pcm.subarray(at, at + chunk));
    await clock.tick(50);
  }
}
