// RecorderSource values that point the capture worker at the fake recorder.
import path from 'node:path';
import type { RecorderSource } from '../../src/microphone/worker-protocol';

export const FAKE_RECORDER_PATH = path.join(__dirname, 'fake-recorder.js');

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const { sampleAt } = require(FAKE_RECORDER_PATH) as { sampleAt: (k: number) => number };

export interface FakeScenario {
  devices?: string[];
  readDelayMs?: number;
  readDelays?: Record<number, number>;
  blockingReads?: boolean;
  failReads?: number[];
  failReadsFrom?: number;
  failReadsUntil?: number;
  createFailures?: number;
  logChannel?: string;
}

export function fakeRecorder(scenario: FakeScenario = {}): RecorderSource {
  return { modulePath: FAKE_RECORDER_PATH, options: scenario };
}

/** The real pvrecorder adapter, made to load a package that does not exist (an unsupported system). */
export function unavailableRecorder(): RecorderSource {
  return {
    modulePath: path.resolve(__dirname, '../../src/microphone/pvrecorder-module.ts'),
    options: { packageName: '@picovoice/pvrecorder-node-not-installed' },
  };
}

/** Expected PCM s16le bytes for samples [first, first + count). */
export function expectedPcm(first: number, count: number): Buffer {
  const bytes = Buffer.alloc(count * 2);
  for (let i = 0; i < count; i++) bytes.writeInt16LE(sampleAt(first + i), i * 2);
  return bytes;
}
