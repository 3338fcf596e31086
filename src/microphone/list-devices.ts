// Lists capture devices in a short-lived worker: loading pvrecorder and asking
// the audio stack can take a while and must not stall Node-RED's main thread.
import { startWorker } from './worker-launch';
import { deserializeError, type RecorderSource, type WorkerEvent } from './worker-protocol';

export interface ListMicrophonesOptions {
  recorder?: RecorderSource;
  /** Give up (and terminate the worker) after this long; default 10000. */
  timeoutMs?: number;
}

/** Names of the capture devices pvrecorder sees, in its index order. */
export function listMicrophones(options: ListMicrophonesOptions = {}): Promise<string[]> {
  const timeoutMs = options.timeoutMs ?? 10000;
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (error: Error | undefined, devices?: string[]) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(devices ?? []);
    };
    let worker: ReturnType<typeof startWorker>;
    try {
      worker = startWorker({ mode: 'list', recorder: options.recorder });
    } catch (err) {
      // Nothing started yet, so there is no timer or worker to clean up.
      reject(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    const timer = setTimeout(() => {
      settle(new Error(`listing capture devices took longer than ${timeoutMs} ms`));
      worker.terminate().catch(() => undefined);
    }, timeoutMs);
    worker.on('message', (event: WorkerEvent) => {
      if (event.type === 'devices') settle(undefined, event.devices);
      else if (event.type === 'fatal') settle(deserializeError(event.error));
    });
    worker.on('error', (err) => settle(err));
    worker.on('exit', (code) => settle(new Error(`device list worker exited (code ${code}) without a list`)));
  });
}

/**
 * Serves device lists to the editor: one listing at a time, and a recent list
 * is reused for `maxAgeMs` unless a refresh is asked for.
 */
export class DeviceListCache {
  private listed: { at: number; devices: string[] } | undefined;
  private pending: Promise<string[]> | undefined;

  constructor(
    private readonly list: () => Promise<string[]>,
    private readonly maxAgeMs = 5000,
    private readonly now: () => number = Date.now,
  ) {}

  get(refresh = false): Promise<string[]> {
    if (!refresh && this.listed && this.now() - this.listed.at <= this.maxAgeMs) {
      return Promise.resolve(this.listed.devices);
    }
    if (!this.pending) {
      this.pending = this.list()
        .then((devices) => {
          this.listed = { at: this.now(), devices };
          return devices;
        })
        .finally(() => {
          this.pending = undefined;
        });
    }
    return this.pending;
  }
}
