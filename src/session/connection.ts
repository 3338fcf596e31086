// One WebSocket connection to the v3 endpoint: dial (with a token when asked),
// wait for Begin, pass server messages up, Terminate gracefully. Every phase is
// bounded by a timer and onEnd is called exactly once, with the cause.
// The socket keeps its 'error' listener for its whole life, is never sent to
// while CONNECTING and is terminate()d, not closed, when half-open.
import WebSocket from 'ws';
import type { AudioEncoding, BeginMessage, TerminationMessage } from '../protocol/messages';
import { parseServerMessage, type ParsedError, type ParsedMessage } from '../protocol/parse';
import { buildConnectionUrl } from '../protocol/url';
import { realClock, type Clock, type TimerHandle } from './clock';
import type { ConnectionParams } from './types';

export interface ConnectionSettings {
  baseUrl: string;
  params: ConnectionParams;
  sampleRate: number;
  encoding: AudioEncoding;
  apiKey?: string;
  getToken?: () => Promise<string>;
  connectTimeoutMs: number;
  terminationTimeoutMs: number;
  /**
   * With session_heartbeat on, the service sends a Heartbeat every few seconds:
   * after Begin, no message at all for this long means it stalled.
   */
  silenceTimeoutMs?: number;
  tls?: { ca?: string | Buffer; rejectUnauthorized?: boolean };
  /** Time and timers; the real ones by default. */
  clock?: Clock;
}

export type EndCause =
  | { kind: 'close'; code: number; reason: string }
  | { kind: 'http'; status: number }
  | { kind: 'network'; code?: string; message: string }
  | { kind: 'timeout'; phase: 'connect' | 'termination' | 'stall' }
  | { kind: 'token'; message: string; status?: number }
  /** No server message for afterMs while heartbeats were expected. */
  | { kind: 'silent'; afterMs: number }
  /** Ended by this client (abort) without a close code from the server. */
  | { kind: 'local' };

export interface ConnectionEnd {
  cause: EndCause;
  begun: boolean;
  terminateSent: boolean;
  termination?: TerminationMessage;
  serverError?: ParsedError;
}

export interface ConnectionHandlers {
  onBegin(message: BeginMessage): void;
  onMessage(message: ParsedMessage): void;
  onEnd(end: ConnectionEnd): void;
}

const TERMINATE = JSON.stringify({ type: 'Terminate' });

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

function errorStatus(error: unknown): number | undefined {
  const e = error as { status?: unknown; statusCode?: unknown } | undefined;
  const status = e?.status ?? e?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

export class Connection {
  begun = false;
  ended = false;
  terminating = false;
  private ws: WebSocket | undefined;
  private connectTimer: TimerHandle;
  private terminationTimer: TimerHandle;
  private silenceTimer: TimerHandle;
  private lastMessageAt = 0;
  private readonly clock: Clock;
  private firstError: Error | undefined;
  private httpStatus: number | undefined;
  private terminateSent = false;
  private termination: TerminationMessage | undefined;
  private serverError: ParsedError | undefined;

  constructor(
    private readonly settings: ConnectionSettings,
    private readonly handlers: ConnectionHandlers,
  ) {
    this.clock = settings.clock ?? realClock;
  }

  /** Begin accepted, not terminating, socket open: audio may be sent. */
  get ready(): boolean {
    return this.begun && !this.terminating && !this.ended && this.ws !== undefined && this.ws.readyState === WebSocket.OPEN;
  }

  get bufferedAmount(): number {
    return this.ws === undefined ? 0 : this.ws.bufferedAmount;
  }

  open(): void {
    this.connectTimer = this.clock.setTimeout(() => this.end({ kind: 'timeout', phase: 'connect' }), this.settings.connectTimeoutMs);
    const getToken = this.settings.getToken;
    if (getToken === undefined) {
      this.dial(undefined);
      return;
    }
    new Promise<string>((resolve) => resolve(getToken())).then(
      (token) => {
        if (this.ended) return;
        if (typeof token !== 'string' || token === '') this.end({ kind: 'token', message: 'the token source returned no token' });
        else this.dial(token);
      },
      (error: unknown) => {
        if (this.ended) return;
        const message = error instanceof Error ? error.message : String(error);
        this.end({ kind: 'token', message, status: errorStatus(error) });
      },
    );
  }

  sendAudio(frame: Buffer): void {
    (this.ws as WebSocket).send(frame);
  }

  /** Sends a JSON control message when the socket is open; false otherwise. */
  sendText(text: string): boolean {
    if (!this.begun || this.ended || this.ws === undefined || this.ws.readyState !== WebSocket.OPEN) return false;
    this.ws.send(text);
    return true;
  }

  /**
   * Graceful end: Terminate, wait (bounded) for Termination and the close. Once the upgrade is done the service
   * holds a session even if its Begin is still on the way, so that is Terminated too, and so is one whose
   * handshake finishes within the bound; only a socket that never opened is dropped.
   */
  terminate(): void {
    if (this.ended || this.terminating) return;
    this.terminating = true;
    const ws = this.ws;
    if (ws !== undefined && ws.readyState === WebSocket.OPEN) this.sendTerminate(ws);
    else if (ws !== undefined && ws.readyState === WebSocket.CONNECTING) {
      // The server may have upgraded (and begun billing) while its answer is on the way.
      ws.once('open', () => {
        if (!this.ended) this.sendTerminate(ws);
      });
    } else {
      this.abort();
      return;
    }
    // From here the termination bound alone holds, also over a handshake: one not finished by then is dropped quietly.
    this.clock.clearTimeout(this.connectTimer);
    this.terminationTimer = this.clock.setTimeout(
      () => this.end(this.terminateSent ? { kind: 'timeout', phase: 'termination' } : { kind: 'local' }),
      this.settings.terminationTimeoutMs,
    );
  }

  private sendTerminate(ws: WebSocket): void {
    ws.send(TERMINATE);
    this.terminateSent = true;
  }

  /** Immediate end: the socket is destroyed, no Terminate. */
  abort(cause: EndCause = { kind: 'local' }): void {
    this.end(cause);
  }

  private dial(token: string | undefined): void {
    const s = this.settings;
    let ws: WebSocket;
    try {
      const url = buildConnectionUrl({ baseUrl: s.baseUrl, params: s.params, sampleRate: s.sampleRate, encoding: s.encoding });
      // The key or the temporary token goes in the Authorization header (the service takes a
      // token there too, as the Python SDK sends it), so no credential is ever part of a URL.
      const credential = token ?? s.apiKey;
      const options: WebSocket.ClientOptions = {
        handshakeTimeout: s.connectTimeoutMs,
        perMessageDeflate: false,
        followRedirects: false,
        headers: credential !== undefined ? { Authorization: credential } : {},
      };
      if (url.startsWith('wss:') && s.tls) {
        if (s.tls.ca !== undefined) options.ca = s.tls.ca;
        if (s.tls.rejectUnauthorized !== undefined) options.rejectUnauthorized = s.tls.rejectUnauthorized;
      }
      ws = new WebSocket(url, options);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      queueMicrotask(() => this.end({ kind: 'network', code: errorCode(error), message }));
      return;
    }
    this.ws = ws;
    ws.on('error', (error) => {
      if (this.firstError === undefined) this.firstError = error;
    });
    ws.on('unexpected-response', (_request, response) => {
      this.httpStatus = response.statusCode;
      response.resume();
      ws.terminate();
    });
    ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    ws.on('close', (code, reason) => this.onClose(code, reason.toString()));
  }

  private onMessage(data: WebSocket.RawData, isBinary: boolean): void {
    if (this.ended) return;
    this.lastMessageAt = this.clock.now();
    if (isBinary) {
      this.handlers.onMessage({ type: 'Malformed', problem: 'a binary message from the server' });
      return;
    }
    const message = parseServerMessage(
      (Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data)).toString(),
    );
    if (message.type === 'Begin') {
      if (this.begun) {
        this.handlers.onMessage({ type: 'Malformed', problem: 'a second Begin' });
        return;
      }
      this.begun = true;
      this.clock.clearTimeout(this.connectTimer);
      // A Begin that arrives after Terminate was sent opens nothing: the session is already ending.
      if (this.terminating) return;
      if (this.settings.silenceTimeoutMs !== undefined) this.watchSilence(this.settings.silenceTimeoutMs);
      this.handlers.onBegin(message);
      return;
    }
    if (message.type === 'Error') this.serverError = message;
    else if (message.type === 'Termination') this.termination = message;
    this.handlers.onMessage(message);
  }

  /** Checks once per bound, from the last message; a graceful end has its own timer. */
  private watchSilence(timeoutMs: number): void {
    const wait = Math.max(0, this.lastMessageAt + timeoutMs - this.clock.now());
    this.silenceTimer = this.clock.setTimeout(() => {
      if (this.ended || this.terminating) return;
      if (this.clock.now() - this.lastMessageAt >= timeoutMs) this.end({ kind: 'silent', afterMs: timeoutMs });
      else this.watchSilence(timeoutMs);
    }, wait);
  }

  private onClose(code: number, reason: string): void {
    if (this.httpStatus !== undefined) this.end({ kind: 'http', status: this.httpStatus });
    else if (code === 1006 && this.firstError !== undefined) {
      this.end({ kind: 'network', code: errorCode(this.firstError), message: this.firstError.message });
    } else this.end({ kind: 'close', code, reason });
  }

  private end(cause: EndCause): void {
    if (this.ended) return;
    this.ended = true;
    this.clock.clearTimeout(this.connectTimer);
    this.clock.clearTimeout(this.terminationTimer);
    this.clock.clearTimeout(this.silenceTimer);
    const ws = this.ws;
    if (ws !== undefined && ws.readyState !== WebSocket.CLOSED) ws.terminate();
    this.handlers.onEnd({
      cause,
      begun: this.begun,
      terminateSent: this.terminateSent,
      termination: this.termination,
      serverError: this.serverError,
    });
  }
}
