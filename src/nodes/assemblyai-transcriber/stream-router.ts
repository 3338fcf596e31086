// One transcriber node, many sources: each stream key (a dashboard browser's
// msg._client.socketId, else a configurable message property such as a call's
// stream id, else one default stream) gets its own TranscriberRuntime, so its
// own session, policy, framing and backlog. Every output carries its key back.
// Streams that stop sending are closed after the idle time; a stream whose
// source ended (action "stop" with its key) is closed (Terminate) at once.

import { TRANSCRIBER_RANGES } from '../../config/node-fields';
import type { Translate } from '../kit';

type Done = (error?: Error) => void;

/** What the router needs of a runtime (TranscriberRuntime has it). */
export interface StreamRuntime {
  handleInput(msg: Record<string, unknown>, done: Done): void;
  close(): Promise<void>;
}

/** What a runtime reports to; the router wraps the node's host per stream. */
export interface StreamHost {
  send(messages: [object | null, object | null]): void;
  status(status: { fill?: string; shape?: string; text?: string }): void;
  error(error: Error, msg: object): void;
  warn(text: string): void;
}

export interface StreamClock {
  now(): number;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface StreamRouterOptions {
  /** Message property (dot path) naming a stream when msg._client is absent; '' for none. */
  keyProperty: string;
  maxStreams: number;
  /** Keyed streams without input for this long are closed. */
  idleMs: number;
  /** Reads a dot path from a message (RED.util.getMessageProperty). */
  readProperty: (msg: Record<string, unknown>, path: string) => unknown;
  /** The node's translator (RED._): the router's errors, warnings and status are the node's texts. */
  translate: Translate;
  clock?: StreamClock;
}

const DEFAULT_KEY = '';

interface Stream {
  key: string;
  runtime: StreamRuntime;
  /** What each output gets back: { _client } or { [keyProperty]: value }. */
  tag: Record<string, unknown>;
  lastInputAt: number;
  status?: { fill?: string; shape?: string; text?: string };
}

const systemClock: StreamClock = {
  now: () => Date.now(),
  setInterval: (fn, ms) => {
    const handle = setInterval(fn, ms);
    handle.unref?.();
    return handle;
  },
  clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
};

export class StreamRouter {
  private readonly streams = new Map<string, Stream>();
  private readonly refused = new Set<string>();
  private readonly clock: StreamClock;
  private readonly sweeper: unknown;
  private closing = false;

  constructor(
    private readonly host: StreamHost,
    private readonly createRuntime: (host: StreamHost) => StreamRuntime,
    private readonly options: StreamRouterOptions,
  ) {
    const { min, max } = TRANSCRIBER_RANGES.maxStreams;
    if (!Number.isInteger(options.maxStreams) || options.maxStreams < min || options.maxStreams > max) {
      throw new Error(options.translate('assemblyai-transcriber.errors.maxStreams', { min, max, value: String(options.maxStreams) }));
    }
    this.clock = options.clock ?? systemClock;
    // The default stream exists from deploy, as a single-stream transcriber always did.
    this.open(DEFAULT_KEY, {});
    this.sweeper = this.clock.setInterval(() => this.closeIdle(), Math.max(1000, Math.min(options.idleMs, 30000)));
  }

  get streamCount(): number {
    return this.streams.size;
  }

  handleInput(msg: Record<string, unknown>, done: Done): void {
    const { key, tag } = this.keyOf(msg);
    let stream = this.streams.get(key);
    if (!stream) {
      if (msg.action === 'stop') {
        done(); // nothing open for that source
        return;
      }
      if (this.streams.size - (this.streams.has(DEFAULT_KEY) ? 1 : 0) >= this.options.maxStreams) {
        const first = !this.refused.has(key);
        if (first && this.refused.size < 1000) this.refused.add(key);
        const max = this.options.maxStreams;
        done(
          first
            ? new Error(this.options.translate('assemblyai-transcriber.errors.tooManyStreams', { max, source: this.describe(tag) }))
            : undefined,
        );
        return;
      }
      stream = this.open(key, tag);
    }
    stream.lastInputAt = this.clock.now();
    if (key !== DEFAULT_KEY && msg.action === 'stop') {
      this.end(stream).then(
        () => done(),
        (error: unknown) => done(error instanceof Error ? error : new Error(String(error))),
      );
      return;
    }
    stream.runtime.handleInput(msg, done);
  }

  /** Closes every stream (each Terminates within its own bound); always resolves. */
  async close(): Promise<void> {
    this.closing = true;
    this.clock.clearInterval(this.sweeper);
    const all = [...this.streams.values()];
    this.streams.clear();
    await Promise.all(all.map((s) => s.runtime.close().catch(() => undefined)));
  }

  private keyOf(msg: Record<string, unknown>): { key: string; tag: Record<string, unknown> } {
    const client = msg._client as { socketId?: unknown } | undefined;
    if (client && typeof client.socketId === 'string' && client.socketId) {
      return { key: `client:${client.socketId}`, tag: { _client: { ...client } } };
    }
    if (this.options.keyProperty) {
      const value = this.options.readProperty(msg, this.options.keyProperty);
      if ((typeof value === 'string' && value) || typeof value === 'number') {
        const tag: Record<string, unknown> = {};
        setPath(tag, this.options.keyProperty, value);
        return { key: `property:${String(value)}`, tag };
      }
    }
    return { key: DEFAULT_KEY, tag: {} };
  }

  private open(key: string, tag: Record<string, unknown>): Stream {
    const stream: Stream = { key, tag, lastInputAt: this.clock.now(), runtime: undefined as unknown as StreamRuntime };
    const tagged = <T extends object | null>(m: T): T => (m ? { ...m, ...tag } : m);
    const streamHost: StreamHost = {
      send: ([turn, event]) => this.host.send([tagged(turn), tagged(event)]),
      status: (status) => {
        stream.status = status;
        this.showStatus(stream);
      },
      error: (error, msg) => this.host.error(error, tagged(msg)),
      warn: (text) =>
        this.host.warn(
          key === DEFAULT_KEY
            ? text
            : this.options.translate('assemblyai-transcriber.warnings.ofStream', { source: this.describe(tag), text }),
        ),
    };
    this.streams.set(key, stream);
    stream.runtime = this.createRuntime(streamHost);
    this.refused.delete(key);
    return stream;
  }

  private async end(stream: Stream): Promise<void> {
    if (this.streams.get(stream.key) === stream) this.streams.delete(stream.key);
    await stream.runtime.close();
    this.showStatus(this.streams.get(DEFAULT_KEY));
  }

  private closeIdle(): void {
    const now = this.clock.now();
    for (const stream of [...this.streams.values()]) {
      if (stream.key !== DEFAULT_KEY && now - stream.lastInputAt >= this.options.idleMs) {
        void this.end(stream).catch(() => undefined);
      }
    }
  }

  private showStatus(latest: Stream | undefined): void {
    if (this.closing || !latest) return;
    const keyed = this.streams.size - (this.streams.has(DEFAULT_KEY) ? 1 : 0);
    if (keyed === 0) {
      if (latest.status) this.host.status(latest.status);
      return;
    }
    const base = latest.key === DEFAULT_KEY ? undefined : latest.status;
    const t = this.options.translate;
    const text = base?.text
      ? t('assemblyai-transcriber.status.streamsWith', { streams: keyed, status: base.text })
      : t('assemblyai-transcriber.status.streams', { streams: keyed });
    this.host.status({ ...(base ?? { fill: 'grey', shape: 'ring' }), text });
  }

  /** The source of a keyed stream, as a user reads it in an error or warning. */
  private describe(tag: Record<string, unknown>): string {
    const client = tag._client as { socketId?: string } | undefined;
    if (client?.socketId) return this.options.translate('assemblyai-transcriber.source.client', { id: client.socketId });
    return this.options.translate('assemblyai-transcriber.source.property', { key: JSON.stringify(tag) });
  }
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let at = target;
  for (const part of parts.slice(0, -1)) {
    at[part] = {};
    at = at[part] as Record<string, unknown>;
  }
  at[parts[parts.length - 1]] = value;
}
