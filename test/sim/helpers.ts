// Test helpers for the simulator: PCM generation, a raw ws client that records
// what it receives, and real-time paced sending.
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { pcm16ToMulaw } from '../../src/audio/mulaw';
import type { BeginMessage, ServerMessage } from '../../src/protocol/messages';

export interface Segment {
  speechMs?: number;
  silenceMs?: number;
}

/** s16le mono: tone bursts (speech) and digital silence, in order. */
export function speechPcm(segments: Segment[], sampleRate = 16000, amplitude = 8000): Buffer {
  const chunks: Buffer[] = [];
  let phase = 0;
  for (const seg of segments) {
    const ms = seg.speechMs ?? seg.silenceMs ?? 0;
    const n = Math.round((sampleRate * ms) / 1000);
    const buf = Buffer.alloc(n * 2);
    if (seg.speechMs !== undefined) {
      for (let i = 0; i < n; i++) {
        // A vowel-like mix of two tones with a slow wobble.
        const v = amplitude * (0.7 * Math.sin(phase) + 0.3 * Math.sin(phase * 2.7)) * (0.8 + 0.2 * Math.sin(i / 800));
        phase += (2 * Math.PI * 220) / sampleRate;
        buf.writeInt16LE(Math.round(v), i * 2);
      }
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

export function toMulaw(pcm: Buffer): Buffer {
  const samples = new Int16Array(pcm.length / 2);
  for (let i = 0; i < samples.length; i++) samples[i] = pcm.readInt16LE(i * 2);
  return pcm16ToMulaw(samples);
}

export function frames(audio: Buffer, frameBytes: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < audio.length; i += frameBytes) out.push(audio.subarray(i, Math.min(audio.length, i + frameBytes)));
  if (out.length > 1 && out[out.length - 1].length < frameBytes) {
    const last = out.pop() as Buffer;
    out[out.length - 1] = Buffer.concat([out[out.length - 1], last]);
  }
  return out;
}

export interface Closed {
  code: number;
  reason: string;
}

export type ServerMessageType = ServerMessage['type'];
/** The message shape of one `type`, e.g. MessageOf<'Turn'> is TurnMessage. */
export type MessageOf<T extends ServerMessageType> = Extract<ServerMessage, { type: T }>;

/** The text of a ws text frame (a Buffer, or its fragments, or an ArrayBuffer by binaryType). */
export function frameText(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}

/** A field of a message read by name, for fields only some message types carry. */
export function field(message: ServerMessage | undefined, name: string): unknown {
  return (message as Record<string, unknown> | undefined)?.[name];
}

/** Begin's configuration, which the simulator always sends (asserted). */
export function configurationOf(begin: BeginMessage): Record<string, unknown> {
  assert.ok(begin.configuration, `Begin carries a configuration; got ${JSON.stringify(begin)}`);
  return begin.configuration;
}

export class TestClient {
  /** Every text frame, parsed; typed by the wire contract the tests check it against. */
  readonly messages: ServerMessage[] = [];
  readonly closed: Promise<Closed>;
  readonly opened: Promise<void>;
  httpStatus: number | undefined;
  private waiters: Array<() => void> = [];

  constructor(readonly ws: WebSocket) {
    ws.on('error', () => undefined);
    ws.on('unexpected-response', (_req, res) => {
      this.httpStatus = res.statusCode;
      res.resume();
      ws.terminate();
    });
    ws.on('message', (data, isBinary) => {
      if (!isBinary) this.messages.push(JSON.parse(frameText(data)) as ServerMessage);
      this.wake();
    });
    this.opened = new Promise((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('close', () => reject(new Error('closed before open')));
    });
    this.opened.catch(() => undefined);
    this.closed = new Promise((resolve) => {
      ws.once('close', (code, reason) => {
        resolve({ code, reason: reason.toString() });
        this.wake();
      });
    });
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  ofType<T extends ServerMessageType>(type: T): MessageOf<T>[] {
    return this.messages.filter((m): m is MessageOf<T> => m.type === type);
  }

  /** Resolves with the first message matching, waiting up to timeoutMs. */
  waitFor<M extends ServerMessage>(predicate: (m: ServerMessage) => m is M, timeoutMs?: number, what?: string): Promise<M>;
  waitFor(predicate: (m: ServerMessage) => boolean, timeoutMs?: number, what?: string): Promise<ServerMessage>;
  waitFor(predicate: (m: ServerMessage) => boolean, timeoutMs = 5000, what = 'message'): Promise<ServerMessage> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.messages.map((m) => m.type))}`)),
        timeoutMs,
      );
      const check = () => {
        const found = this.messages.find(predicate);
        if (found) {
          clearTimeout(timer);
          resolve(found);
        } else this.waiters.push(check);
      };
      check();
    });
  }

  waitForType<T extends ServerMessageType>(type: T, timeoutMs = 5000): Promise<MessageOf<T>> {
    return this.waitFor((m): m is MessageOf<T> => m.type === type, timeoutMs, type);
  }

  /** Resolves with the first message of `type` for which `where` holds, waiting up to timeoutMs. */
  waitForMatch<T extends ServerMessageType>(
    type: T,
    where: (m: MessageOf<T>) => boolean,
    timeoutMs = 5000,
    what: string = type,
  ): Promise<MessageOf<T>> {
    return this.waitFor((m): m is MessageOf<T> => m.type === type && where(m as MessageOf<T>), timeoutMs, what);
  }

  async closedWithin(timeoutMs = 5000): Promise<Closed> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timed out waiting for close')), timeoutMs);
    });
    try {
      return await Promise.race([this.closed, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  sendJson(message: unknown): void {
    this.ws.send(JSON.stringify(message));
  }

  /** Sends frames at real-time pace (scaled by speed), correcting for timer drift. */
  async sendPaced(frameList: Buffer[], frameMs: number, speed = 1): Promise<void> {
    const start = Date.now();
    for (let i = 0; i < frameList.length; i++) {
      if (this.ws.readyState !== WebSocket.OPEN) return;
      this.ws.send(frameList[i]);
      const due = start + ((i + 1) * frameMs) / speed;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
  }

  terminate(): void {
    this.ws.terminate();
  }
}

export interface ConnectOptions {
  query?: Record<string, string | number | boolean>;
  rawQuery?: string;
  key?: string | null;
  headers?: Record<string, string>;
  ca?: string;
}

export const DEFAULT_QUERY = { speech_model: 'universal-streaming-english', sample_rate: 16000 };

export function connect(url: string, options: ConnectOptions = {}): TestClient {
  const search =
    options.rawQuery ?? new URLSearchParams(Object.entries(options.query ?? DEFAULT_QUERY).map(([k, v]) => [k, String(v)])).toString();
  const headers: Record<string, string> = { ...options.headers };
  const key = options.key === undefined ? 'test-key' : options.key;
  if (key !== null) headers.Authorization = key;
  const ws = new WebSocket(`${url}?${search}`, { headers, ...(options.ca ? { ca: options.ca } : {}) });
  return new TestClient(ws);
}

export const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls until the check passes (for the simulator's side of a close, which may come after the client's). */
export async function until(what: string, check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(10);
  }
}
