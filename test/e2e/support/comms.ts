// Listens to the editor's comms WebSocket like the debug sidebar does: what
// debug nodes show, without a browser.
import WebSocket from 'ws';

export interface DebugMessage {
  /** The debug node's id and name. */
  id: string;
  name?: string;
  topic?: string;
  /** The shown value as the editor receives it (a string, or JSON text). */
  msg: string;
  format?: string;
}

export interface DebugListener {
  messages: DebugMessage[];
  /** Resolves with the first message (already received or not) that matches. */
  waitFor(match: (message: DebugMessage) => boolean, timeoutMs: number): Promise<DebugMessage>;
  close(): void;
}

/** `ca`: the certificate to trust when the editor is served over https with a self-signed one. */
export function listenToDebug(editorUrl: string, ca?: string): Promise<DebugListener> {
  const socket = new WebSocket(`${editorUrl.replace(/^http/, 'ws')}/comms`, { ca });
  const messages: DebugMessage[] = [];
  const waiters = new Set<() => void>();
  socket.on('error', () => undefined);
  socket.on('message', (data) => {
    let batch: unknown;
    try {
      batch = JSON.parse((data as Buffer).toString()); // ws delivers Buffers by default
    } catch {
      return;
    }
    if (!Array.isArray(batch)) return;
    for (const item of batch as Array<{ topic?: string; data?: DebugMessage }>) {
      if (item.topic === 'debug' && item.data) messages.push(item.data);
    }
    for (const wake of waiters) wake();
  });
  const listener: DebugListener = {
    messages,
    waitFor: (match, timeoutMs) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.find(match);
          if (!found) return;
          cleanup();
          resolve(found);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(
            new Error(`no matching debug message within ${timeoutMs} ms; got:\n${messages.map((m) => `${m.name}: ${m.msg}`).join('\n')}`),
          );
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      }),
    close: () => socket.close(),
  };
  return new Promise((resolve, reject) => {
    socket.once('open', () => {
      socket.send(JSON.stringify({ subscribe: 'debug' }));
      resolve(listener);
    });
    socket.once('error', reject);
  });
}
