// The promises start() returned that wait for a Begin: all resolved on the
// next Begin, all rejected when the session fails, stops or is not reopened.
import type { StreamingError } from './types';

export class StartWaiters {
  private waiters: Array<{ resolve: () => void; reject: (error: StreamingError) => void }> = [];

  add(): Promise<void> {
    return new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  resolveAll(): void {
    for (const waiter of this.take()) waiter.resolve();
  }

  rejectAll(error: StreamingError): void {
    for (const waiter of this.take()) waiter.reject(error);
  }

  private take(): Array<{ resolve: () => void; reject: (error: StreamingError) => void }> {
    const waiters = this.waiters;
    this.waiters = [];
    return waiters;
  }
}
