// Finds timers and sockets that outlive a test. An async hook records every
// timer, socket, server and DNS request created while tracking is on, and
// forgets each one when Node destroys it (a timer that fired or was cleared,
// a socket whose handle closed). Whatever is still recorded after the test has
// cleaned up and things have had time to settle is a leak, reported with the
// stack that created it. Resources made by mocha itself (its per-test timeout
// timer) are not the product's and are skipped.
import { createHook, type AsyncHook } from 'node:async_hooks';

const TRACKED_TYPES = new Set([
  'Timeout',
  'TCPWRAP',
  'TCPSERVERWRAP',
  'GETADDRINFOREQWRAP',
  'TCPCONNECTWRAP',
  'HTTPCLIENTREQUEST',
  'WORKER',
]);
const IGNORED_CREATORS = [/[/\\]mocha[/\\]lib[/\\]/, /leak-tracker\.ts/];

interface Tracked {
  type: string;
  stack: string;
}

export class LeakTracker {
  private readonly live = new Map<number, Tracked>();
  private readonly hook: AsyncHook;
  private created = 0;

  constructor() {
    this.hook = createHook({
      init: (asyncId, type) => {
        if (!TRACKED_TYPES.has(type)) return;
        const frames = (new Error().stack ?? '').split('\n').slice(3);
        // test/support/leak-check.ts wraps setTimeout: its frame is not the creator.
        const creator = frames.find((frame) => !/\(node:|at node:|leak-check\.ts/.test(frame)) ?? '';
        if (IGNORED_CREATORS.some((re) => re.test(creator))) return;
        const stack = frames.slice(0, 11).join('\n');
        this.created++;
        this.live.set(asyncId, { type, stack });
      },
      destroy: (asyncId) => {
        this.live.delete(asyncId);
      },
    });
  }

  static start(): LeakTracker {
    const tracker = new LeakTracker();
    tracker.hook.enable();
    return tracker;
  }

  /** How many tracked resources were created (shows the tracker saw the run at all). */
  get createdCount(): number {
    return this.created;
  }

  /** Types of the tracked resources alive now, with counts. */
  alive(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const { type } of this.live.values()) counts[type] = (counts[type] ?? 0) + 1;
    return counts;
  }

  /**
   * Waits up to settleMs for every tracked resource to be gone; throws a
   * report of the survivors otherwise. Always stops tracking.
   */
  async expectNoneLeft(settleMs = 3000): Promise<void> {
    try {
      const deadline = Date.now() + settleMs;
      while (this.live.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
      if (this.live.size === 0) return;
      const report = [...this.live.values()].slice(0, 5).map((t) => `${t.type} created at\n${t.stack}`);
      throw new Error(
        `${this.live.size} timer(s)/socket(s) left after cleanup: ${JSON.stringify(this.alive())}\n${report.join('\n---\n')}`,
      );
    } finally {
      this.hook.disable();
    }
  }

  stop(): void {
    this.hook.disable();
  }
}
