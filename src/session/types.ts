// The public contract of StreamingSession (src/session). The transcriber node
// is written against this; the session implements it. No Node-RED here.
import type { AudioEncoding } from '../protocol/messages';
import type { SessionInfo, Turn } from '../protocol/turn';
import type { Clock } from './clock';
import type { BacklogReport, CaughtUpReport } from './audio-pipeline';
import type { DropReport } from './drop-reporter';
import type { BillingFigures } from './billing-meter';
import type { GateFactory } from './gate-factory';

export type SessionPolicy = 'auto' | 'manual' | 'always';

/** What the session is doing now; the transcriber's status shows it. */
export type SessionState =
  | 'idle' // no socket (auto before audio, manual before start, after stop)
  | 'connecting' // socket or Begin pending
  | 'listening' // Begin received, streaming
  | 'speech' // listening, and a turn is in progress
  | 'reconnecting' // waiting to retry after a transient fault
  | 'stopping' // Terminate sent, waiting for Termination
  | 'failed' // a fault that is not retried (auth, input); needs a new start or config
  | 'closed'; // close() was called; the session is finished for good

/**
 * Connection parameters in wire form (snake_case, ../shared/assemblyai-v3.md §1.4),
 * only those the user set. Every value present is sent, 0 and false included.
 * Arrays and objects are sent as JSON strings. `sample_rate` and `encoding` come
 * from the options below and must not be repeated here.
 */
export type ConnectionParams = Record<string, string | number | boolean | string[] | Record<string, unknown>>;

export interface AudioFormat {
  sampleRate: number;
  encoding: AudioEncoding;
}

export interface StreamingSessionOptions {
  /** The v3 endpoint, e.g. wss://streaming.assemblyai.com/v3/ws, or the simulator's url. */
  url: string;
  /** The raw API key: sent only as the Authorization header, never in a URL. */
  apiKey?: string;
  /** Instead of apiKey: mints a one-use temporary token for each new connection. */
  getToken?: () => Promise<string>;
  /** Must include speech_model. */
  params: ConnectionParams;
  /** Default 16000. */
  sampleRate?: number;
  /** Default pcm_s16le. */
  encoding?: AudioEncoding;
  /** Duration of each binary frame sent, 50-1000 ms. Default 50. */
  frameMs?: number;
  /** Default 'auto'. */
  policy?: SessionPolicy;
  /** auto: Terminate after this many seconds without audio (openOn 'audio') or without speech (openOn 'speech'). Default 10. */
  idleSeconds?: number;
  /**
   * auto only: what opens a session. 'audio' (default): any audio. 'speech': audio
   * whose loudness says someone speaks, so a microphone that streams silence all day
   * is billed only around speech; the last preRollMs before detection is sent too.
   */
  openOn?: 'audio' | 'speech';
  /** openOn 'speech': loudness (dBFS) from which audio counts as speech. Default -45. */
  speechThresholdDbfs?: number;
  /** openOn 'speech': audio kept from before speech was detected. Default 1500 ms. */
  preRollMs?: number;
  /** openOn 'speech': makes the gate that decides what is speech (adaptive, neural); without it, the energy gate (speechThresholdDbfs). */
  gateFactory?: GateFactory;
  /** Audio kept while connecting or reconnecting, in seconds; oldest dropped beyond it. Default 30. */
  bufferSeconds?: number;
  /**
   * Audio that piled up (before Begin, across a reconnect or rollover, a long
   * buffer or WAV file in one message) goes out at no more than this many times
   * real time, live audio queued behind it, so the service's rate rule (about
   * 1.25x) is kept. A backlog of B seconds drains in B / (maxSendRate - 1) seconds
   * while live audio continues. From 1.01 to 10. Default 1.25.
   */
  maxSendRate?: number;
  /** Bound on the WebSocket handshake plus the wait for Begin. Default 10000 ms. */
  connectTimeoutMs?: number;
  /** Bound on the wait for Termination after Terminate. Default 3000 ms. */
  terminationTimeoutMs?: number;
  /**
   * With the connection parameter session_heartbeat: true (a Heartbeat every
   * few seconds), a session that sends nothing for this long is treated as
   * stalled and replaced. Default 15000 ms.
   */
  heartbeatTimeoutMs?: number;
  /** With format_turns on a Universal-Streaming model: how long to wait for the formatted message before the unformatted end-of-turn is made final. Default 2000 ms. */
  formattedTurnTimeoutMs?: number;
  /** Open the next session this long before expires_at. Default 60 s. */
  rolloverLeadSeconds?: number;
  /** Reconnect backoff: first delay, cap, and attempts before giving up (0 = forever). */
  retry?: { initialDelayMs?: number; maxDelayMs?: number; maxAttempts?: number };
  /** TLS options for wss:// (e.g. the simulator's self-signed certificate). */
  tls?: { ca?: string | Buffer; rejectUnauthorized?: boolean };
  /** Time and timers (idle close, retries, rollover, timeouts). The real clock by default; tests pass a fake one. */
  clock?: Clock;
}

export interface SessionEvents {
  state: (state: SessionState, detail: { retryInMs?: number; message?: string }) => void;
  begin: (info: SessionInfo & { configuration?: Record<string, unknown> }) => void;
  turn: (turn: Turn, session: SessionInfo) => void;
  speechStarted: (event: { timestamp: number; confidence?: number }) => void;
  termination: (event: { audioDurationSeconds: number; sessionDurationSeconds: number; billedSeconds?: number }) => void;
  warning: (event: { code: number; message: string }) => void;
  reconnecting: (event: { attempt: number; delayMs: number; code?: number; reason: string }) => void;
  closed: (event: { code: number; reason: string; willRetry: boolean }) => void;
  /** Emitted only while a listener is attached: the session never throws through EventEmitter's 'error' rule. */
  error: (error: StreamingError) => void;
  audioDropped: (event: DropReport) => void;
  /** Audio piled up and goes out paced at maxSendRate (reported again after a reconnect while it lasts). */
  backlog: (event: BacklogReport) => void;
  /** The backlog has been sent: live audio goes out as it comes again. */
  caughtUp: (event: CaughtUpReport) => void;
  heartbeat: (event: Record<string, unknown>) => void;
  speakerRevision: (event: Record<string, unknown>) => void;
  llmGatewayResponse: (event: Record<string, unknown>) => void;
}

export class StreamingError extends Error {
  constructor(
    message: string,
    /** A close code, HTTP status, or undefined for local faults. */
    readonly code?: number,
    /** True when the session will not retry on its own. */
    readonly fatal = false,
  ) {
    super(message);
    this.name = 'StreamingError';
  }
}

export interface StreamingSessionStats {
  connectionsOpened: number;
  framesSent: number;
  bytesSent: number;
  /** Audio dropped because the buffer window overflowed. */
  droppedMs: number;
  /** Audio waiting to be sent. */
  bufferedMs: number;
  turns: number;
  /** openOn 'speech': audio not sent because no speech was heard around it (by design, not a loss). */
  gatedMs: number;
  /** Audio written while muted, never sent (by design, not a loss). */
  mutedMs: number;
  /** Open (billed) time: of the sessions open now, since local midnight, and in all (billing-meter.ts). */
  billing: BillingFigures;
}

/**
 * One logical transcription stream over one or more connections.
 * Methods never throw asynchronously and returned promises never reject,
 * except where noted; bad input throws synchronously with a StreamingError.
 */
export interface StreamingSessionApi {
  readonly state: SessionState;
  readonly info: SessionInfo | undefined;
  /** Open now (manual and always policies; auto opens on audio). Resolves on Begin; rejects with StreamingError if the connection fails for good. */
  start(): Promise<void>;
  /** Queue audio of any length. Throws StreamingError if the format differs from the session's. */
  write(audio: Buffer, format?: Partial<AudioFormat>): void;
  /** Stream a whole WAV file; its header is checked or adopted. Throws StreamingError on an unsupported file. Resolves when all of it has been sent. */
  writeWav(wav: Buffer, options?: { pace?: 'realtime' | 'fast' }): Promise<void>;
  forceEndpoint(): void;
  updateConfiguration(fields: Record<string, unknown>): void;
  keepAlive(): void;
  /** Flush, Terminate, wait (bounded) for Termination, close. Always resolves. auto reopens on new audio. */
  stop(): Promise<void>;
  /** stop() and release every timer and socket for good. Always resolves, within connect + termination bounds. */
  close(): Promise<void>;
  stats(): StreamingSessionStats;
  /** Muted audio is taken and thrown away: never sent, not reported as dropped; the auto policy may close the idle session. */
  mute(): void;
  unmute(): void;
  readonly muted: boolean;
}
