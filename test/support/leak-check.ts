// Finds what a test file left open: servers, sockets, child processes, workers,
// watchers and timers that still keep the process alive. Mocha runs without
// `exit: true`, so anything listed here would otherwise hang the run or keep a
// worker busy; the root hook fails the file with this list instead.
//
// Node lists live handles (process._getActiveHandles) but not timers, so
// setTimeout/setInterval are wrapped to remember which test made each timer.
// Whatever was open when this module loaded (stdio, mocha's worker IPC channel)
// is not counted, and a leak is reported once, not again in every later file.

interface TimerRecord {
  timer: NodeJS.Timeout;
  test: string;
}

type InternalTimer = NodeJS.Timeout & { _destroyed?: boolean; _onTimeout?: unknown; _idleTimeout?: number; _repeat?: unknown };
type HandleOwner = object & { hasRef?: () => boolean };

const getActiveHandles = (): HandleOwner[] => (process as unknown as { _getActiveHandles(): HandleOwner[] })._getActiveHandles();

const baseline = new Set<object>(getActiveHandles());
const reported = new WeakSet<object>();
let timers = new Set<TimerRecord>();
let currentTest = '(outside any test)';

export function setCurrentTest(title: string): void {
  currentTest = title;
}

function track<A extends unknown[]>(original: (...args: A) => NodeJS.Timeout): (...args: A) => NodeJS.Timeout {
  const wrapped = (...args: A): NodeJS.Timeout => {
    const timer = original(...args);
    if (timer && typeof timer === 'object') timers.add({ timer, test: currentTest });
    return timer;
  };
  return Object.assign(wrapped, original);
}

// Node's own setTimeout carries a promisified twin (util.promisify.custom);
// Object.assign keeps it on the wrapper.
globalThis.setTimeout = track(globalThis.setTimeout as unknown as (...args: unknown[]) => NodeJS.Timeout) as unknown as typeof setTimeout;
globalThis.setInterval = track(
  globalThis.setInterval as unknown as (...args: unknown[]) => NodeJS.Timeout,
) as unknown as typeof setInterval;

function liveTimers(): TimerRecord[] {
  const live = new Set<TimerRecord>();
  for (const record of timers) {
    const timer = record.timer as InternalTimer;
    if (timer._destroyed) continue;
    live.add(record);
  }
  timers = live;
  return [...live].filter((r) => r.timer.hasRef() && !reported.has(r.timer));
}

function liveHandles(): HandleOwner[] {
  return getActiveHandles().filter((h) => !baseline.has(h) && !reported.has(h) && (h.hasRef ? h.hasRef() : true));
}

function describeHandle(handle: HandleOwner): string {
  const name = handle.constructor?.name ?? typeof handle;
  const any = handle as Record<string, unknown> & {
    address?: () => unknown;
    spawnargs?: string[];
    pid?: number;
    localAddress?: string;
    localPort?: number;
    remoteAddress?: string;
    remotePort?: number;
  };
  try {
    if (name === 'Server' && typeof any.address === 'function') return `${name} listening on ${JSON.stringify(any.address())}`;
    if (name === 'Socket' && any.localPort !== undefined) {
      return `Socket ${any.localAddress}:${any.localPort} -> ${any.remoteAddress ?? '?'}:${any.remotePort ?? '?'}`;
    }
    if (name === 'ChildProcess') return `ChildProcess pid ${any.pid}: ${(any.spawnargs ?? []).join(' ').slice(0, 160)}`;
  } catch {
    // fall through to the plain name
  }
  return name;
}

function describeTimer(record: TimerRecord): string {
  const timer = record.timer as InternalTimer;
  const kind = timer._repeat ? 'setInterval' : 'setTimeout';
  const callback = typeof timer._onTimeout === 'function' ? timer._onTimeout.toString().replace(/\s+/g, ' ').slice(0, 120) : '?';
  return `${kind}(${timer._idleTimeout ?? '?'} ms) made in "${record.test}": ${callback}`;
}

function leakList(): { handles: HandleOwner[]; timers: TimerRecord[]; lines: string[] } {
  const handles = liveHandles();
  const openTimers = liveTimers();
  return { handles, timers: openTimers, lines: [...handles.map(describeHandle), ...openTimers.map(describeTimer)] };
}

/**
 * Waits (bounded) for everything opened since the last check to close, then
 * returns a line per thing still open. Each leak is reported only once.
 */
export async function findLeaks(settleMs = 2000): Promise<string[]> {
  const deadline = Date.now() + settleMs;
  let found = leakList();
  while (found.lines.length > 0 && Date.now() < deadline) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, 25);
      t.unref();
    });
    found = leakList();
  }
  for (const h of found.handles) reported.add(h);
  for (const r of found.timers) reported.add(r.timer);
  return found.lines;
}
