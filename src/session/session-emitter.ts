// The session's EventEmitter, made safe for Node-RED: a listener that throws
// becomes an 'error' event instead of breaking the session, and 'error' is
// emitted only while someone listens (EventEmitter would throw otherwise).
import { EventEmitter } from 'node:events';
import type { SessionEventArgs } from './server-messages';
import { StreamingError } from './types';

export class SessionEmitter extends EventEmitter<SessionEventArgs> {
  /** Emits without letting a throwing listener break the session (or Node-RED). */
  protected emitEvent<K extends keyof SessionEventArgs>(event: K, ...args: SessionEventArgs[K]): void {
    try {
      (this.emit as (event: K, ...args: SessionEventArgs[K]) => boolean)(event, ...args);
    } catch (error) {
      if (event !== 'error') {
        const message = error instanceof Error ? error.message : String(error);
        this.emitError(new StreamingError(`A '${String(event)}' listener threw: ${message}`));
      }
    }
  }

  /** 'error' goes out only while someone listens, so it never throws through EventEmitter. */
  protected emitError(error: StreamingError): void {
    if (this.listenerCount('error') > 0) this.emitEvent('error', error);
  }

  /** Runs a callback (timer, socket event) and reports what it throws as an internal error. */
  protected guard(action: () => void): void {
    try {
      action();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.emitError(new StreamingError(`Internal error in the streaming session: ${message}`));
    }
  }
}
