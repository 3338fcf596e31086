// A seam for this package's own tests: swap pvrecorder for a scripted fake and
// shorten retry timers in every microphone node of the current process. It is
// reachable only by code that imports this module; no flow property, setting
// or environment variable leads here.
import type { BackoffOptions } from '../../microphone/backoff';
import type { RecorderSource } from '../../microphone/worker-protocol';

export interface CaptureOverrides {
  recorder?: RecorderSource;
  backoff?: BackoffOptions;
  stopTimeoutMs?: number;
  /** Minimum time between level-meter status updates. */
  levelIntervalMs?: number;
}

let overrides: CaptureOverrides = {};

export function setCaptureOverrides(next: CaptureOverrides = {}): void {
  overrides = { ...next };
}

export function captureOverrides(): CaptureOverrides {
  return overrides;
}
