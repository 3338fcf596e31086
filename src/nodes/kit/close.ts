// A node's close handler, built once: exactly (removed, done), so Node-RED
// waits for done; done is called exactly once, when the cleanup settles or
// after timeoutMs, whichever comes first; a throw or rejection in the cleanup
// is swallowed (handed to onError if given), never left to crash Node-RED.
export const CLOSE_TIMEOUT_MS = 10000;

export type CloseHandler = (removed: boolean, done: () => void) => void;

export interface CloseOptions {
  /** Bound on the cleanup; Node-RED gives up on a node after 15 s. */
  timeoutMs?: number;
  /** Told of a cleanup that threw or rejected. */
  onError?: (err: Error) => void;
  /** Told when the cleanup did not settle within timeoutMs (done is called anyway). */
  onTimeout?: () => void;
  /** A clock seam for tests. */
  timers?: { setTimeout: (fn: () => void, ms: number) => unknown; clearTimeout: (handle: unknown) => void };
}

export function closeHandler(cleanup: (removed: boolean) => void | Promise<void>, options: CloseOptions = {}): CloseHandler {
  const timeoutMs = options.timeoutMs ?? CLOSE_TIMEOUT_MS;
  const timers = options.timers ?? {
    setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms),
    clearTimeout: (handle: unknown) => clearTimeout(handle as NodeJS.Timeout),
  };
  const quietly = (report: () => void) => {
    try {
      report();
    } catch {
      // A failing reporter must not keep the node from closing.
    }
  };
  const tell = (err: unknown) => quietly(() => options.onError?.(err instanceof Error ? err : new Error(String(err))));
  return (removed, done) => {
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      timers.clearTimeout(guard);
      done();
    };
    const guard = timers.setTimeout(() => {
      quietly(() => options.onTimeout?.());
      finish();
    }, timeoutMs);
    let pending: void | Promise<void>;
    try {
      pending = cleanup(removed);
    } catch (err) {
      tell(err);
      finish();
      return;
    }
    Promise.resolve(pending).then(finish, (err: unknown) => {
      tell(err);
      finish();
    });
  };
}
