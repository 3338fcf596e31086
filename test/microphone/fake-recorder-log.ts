// Follows the fake recorder's call log from the main thread.
import { BroadcastChannel } from 'node:worker_threads';

export interface FakeRecorderEvent {
  event: 'list' | 'create' | 'start' | 'stop' | 'release' | 'read-begin' | 'read-blocked' | 'read-end' | 'violation';
  id?: number;
  ordinal?: number;
  ok?: boolean;
  firstSample?: number;
  frameLength?: number;
  deviceIndex?: number;
  bufferedFrames?: number;
  what?: string;
}

let counter = 0;

export class FakeRecorderLog {
  readonly name = `fake-recorder-${process.pid}-${Date.now()}-${++counter}`;
  readonly events: FakeRecorderEvent[] = [];
  private readonly channel = new BroadcastChannel(this.name);
  private waiters: Array<() => void> = [];

  constructor() {
    this.channel.onmessage = (message: unknown) => {
      this.events.push((message as { data: FakeRecorderEvent }).data);
      for (const wake of this.waiters.splice(0)) wake();
    };
  }

  /** Resolves with the first logged event matching `match`, waiting for it if needed. */
  waitFor(match: (event: FakeRecorderEvent) => boolean, timeoutMs = 10000): Promise<FakeRecorderEvent> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`fake recorder event not seen within ${timeoutMs} ms; log: ${JSON.stringify(this.events)}`));
      }, timeoutMs);
      const check = () => {
        const found = this.events.find(match);
        if (found) {
          clearTimeout(timer);
          resolve(found);
        } else {
          this.waiters.push(check);
        }
      };
      check();
    });
  }

  violations(): FakeRecorderEvent[] {
    return this.events.filter((e) => e.event === 'violation');
  }

  close(): void {
    this.channel.close();
  }
}
