// A scriptable stand-in for the v3 endpoint on 127.0.0.1, for connection-level
// faults the simulator does not model. Each connection is handed to the test,
// which decides what the "server" says and when.
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';

export class FakeConnection {
  readonly frames: Buffer[] = [];
  readonly texts: Array<Record<string, unknown>> = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: Array<() => void> = [];

  constructor(
    readonly ws: WebSocket,
    readonly request: IncomingMessage,
  ) {
    ws.on('error', () => undefined);
    ws.on('message', (data, isBinary) => {
      if (isBinary) this.frames.push(Buffer.from(data as Buffer));
      else this.texts.push(JSON.parse((data as Buffer).toString()) as Record<string, unknown>);
      this.wake();
    });
    this.closed = new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  get query(): URLSearchParams {
    return new URL(this.request.url ?? '/', 'http://x').searchParams;
  }

  get audioBytes(): number {
    return this.frames.reduce((n, f) => n + f.length, 0);
  }

  send(message: Record<string, unknown>): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(message));
  }

  begin(expiresInSeconds = 10800, extra: Record<string, unknown> = {}): void {
    this.send({
      type: 'Begin',
      id: `session-${Math.random().toString(16).slice(2)}`,
      expires_at: Math.floor(Date.now() / 1000) + expiresInSeconds,
      ...extra,
    });
  }

  turn(turn_order: number, end_of_turn: boolean, turn_is_formatted: boolean, transcript: string): void {
    this.send({
      type: 'Turn',
      turn_order,
      end_of_turn,
      turn_is_formatted,
      transcript,
      utterance: end_of_turn ? transcript : '',
      end_of_turn_confidence: end_of_turn ? 0.9 : 0.1,
      words: transcript ? [{ text: transcript, start: 0, end: 100, confidence: 0.9, word_is_final: end_of_turn }] : [],
    });
  }

  terminateNormally(): void {
    this.send({ type: 'Termination', audio_duration_seconds: 1, session_duration_seconds: 1 });
    this.ws.close(1000);
  }

  /** Answers Terminate with Termination + 1000, as the service does. */
  answerTerminate(): void {
    this.waitForText('Terminate').then(
      () => this.terminateNormally(),
      () => undefined,
    );
  }

  close(code: number, reason = ''): void {
    this.ws.close(code, reason);
  }

  waitFor(check: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
    return new Promise((resolve, reject) => {
      // Nothing arrives on a closed socket: a wait it did not satisfy ends with the close, so no timer outlives the test.
      const onClose = () => {
        if (check()) return;
        clearTimeout(timer);
        reject(new Error(`fake server: the connection closed while waiting for ${what}`));
      };
      const timer = setTimeout(() => {
        this.ws.off('close', onClose);
        reject(new Error(`fake server: timed out waiting for ${what}`));
      }, timeoutMs);
      const test = () => {
        if (check()) {
          clearTimeout(timer);
          this.ws.off('close', onClose);
          resolve();
        } else this.waiters.push(test);
      };
      if (this.ws.readyState === WebSocket.CLOSED) {
        if (check()) {
          clearTimeout(timer);
          resolve();
        } else onClose();
        return;
      }
      this.ws.once('close', onClose);
      test();
    });
  }

  waitForText(type: string, timeoutMs = 5000): Promise<void> {
    return this.waitFor(() => this.texts.some((t) => t.type === type), timeoutMs, type);
  }

  waitForBytes(bytes: number, timeoutMs = 5000): Promise<void> {
    return this.waitFor(() => this.audioBytes >= bytes, timeoutMs, `${bytes} audio bytes`);
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

export class FakeServer {
  readonly connections: FakeConnection[] = [];
  private handler: (c: FakeConnection) => void = (c) => {
    c.begin();
    c.answerTerminate();
  };
  private waiters: Array<() => void> = [];

  private constructor(
    private readonly server: WebSocketServer,
    readonly url: string,
  ) {
    server.on('connection', (ws, request) => {
      const c = new FakeConnection(ws, request);
      this.connections.push(c);
      const waiters = this.waiters;
      this.waiters = [];
      for (const w of waiters) w();
      this.handler(c);
    });
  }

  static async start(options: { verifyClient?: WebSocket.ServerOptions['verifyClient'] } = {}): Promise<FakeServer> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0, verifyClient: options.verifyClient });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const port = (server.address() as AddressInfo).port;
    return new FakeServer(server, `ws://127.0.0.1:${port}/v3/ws`);
  }

  /** What the server does with each new connection (default: Begin at once, answer Terminate). */
  onConnection(handler: (c: FakeConnection) => void): void {
    this.handler = handler;
  }

  connection(index: number, timeoutMs = 5000): Promise<FakeConnection> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`fake server: no connection #${index + 1} (have ${this.connections.length})`)),
        timeoutMs,
      );
      const check = () => {
        if (this.connections.length > index) {
          clearTimeout(timer);
          resolve(this.connections[index]);
        } else this.waiters.push(check);
      };
      check();
    });
  }

  async close(): Promise<void> {
    for (const client of this.server.clients) client.terminate();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
