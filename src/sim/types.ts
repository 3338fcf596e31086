// Public types of the local AssemblyAI Streaming v3 simulator (see docs/readme/simulator.md).

/** One scripted utterance: its text, and optionally who says it and in which language. */
export interface ScriptedUtterance {
  /** The formatted text, e.g. "Turn on the kitchen lights." (unformatted forms are derived from it). */
  text: string;
  /** Speaker label used with speaker_labels=true. Default "A". */
  speaker?: string;
  /** language_code reported with language_detection=true. Default "en". */
  language?: string;
  /** speaker_labels=true: after this turn's final, a SpeakerRevision relabels these earlier turns. */
  relabel?: Array<{ turnOrder: number; speaker: string }>;
  /** speaker_labels=true: this turn's speaker is revised to this in a SpeakerRevision right before Termination. */
  revisedSpeaker?: string;
}

export type ScriptEntry = string | ScriptedUtterance;

export interface SetScriptOptions {
  /**
   * Which sessions read this script:
   * - 'default' (the default): every session opened after the call, each from its first utterance;
   * - 'next': only the next session opened (later ones go back to the default script);
   * - a session id (Begin's `id`): that open session, from its next turn on.
   */
  target?: string;
  /** Start again from the first utterance after the last one. Default false: placeholders follow. */
  loop?: boolean;
}

export interface SimulatorFaults {
  /** Close right after the WebSocket upgrade, before Begin, with this code and reason. */
  closeBeforeBegin: { code: number; reason: string; withErrorMessage?: boolean } | null;
  /** On Terminate: send nothing (no final turn, no Termination) and keep the socket open. Live for open sessions. */
  noTermination: boolean;
  /** Answer nothing and ignore everything. New connections get no Begin; open ones stop while it is on. Live. */
  stall: boolean;
  /** Destroy the TCP socket (no close frame) this many ms after Begin. */
  destroyAfterMs: number | null;
  /** Destroy the TCP socket (no close frame) right after the frame that brings the session's audio to this many samples. */
  destroyAfterSamples: number | null;
  /**
   * Send Error { error_code: code, error: reason } and close with code at afterMs after Begin, or
   * right after the frame that brings the session's audio to afterSamples (a moment no load can move).
   */
  closeAfter: (({ afterMs: number } | { afterSamples: number }) & { code: number; reason: string }) | null;
  /** Stop reading the client's socket so its writes back up (TCP back-pressure). Live; false resumes reading. */
  slowReads: boolean;
  /**
   * The Nth new session counted from this setFaults call (1 = the next one), and every later one,
   * get Error + close with the documented reason for `code` instead of Begin.
   */
  tooManySessions: { fromSession: number; code: 1008 | 3009 } | null;
  /**
   * Send Warning { warning_code: code, warning: text } once to every open session and to each new
   * one after Begin, while set. Setting a new object sends it again. Live.
   */
  warning: { code: number; text: string } | null;
  /**
   * Send Begin this many ms after the upgrade instead of at once (a slow service), for
   * connections opened afterwards. A client must hold its audio meanwhile.
   */
  beginDelayMs: number | null;
}

export type AuthFailureMode = 'close-1008' | 'http-401';
export type RateRule = 'throttle' | 'strict';

export interface SimulatorTiming {
  /** Period of the shared timer that checks expiry, inactivity, heartbeats, faults and throttled audio. Default 50 ms. */
  tickMs?: number;
  /** throttle: audio is processed at most this many times real time. Default 1.25. */
  throttleFactor?: number;
  /** throttle: audio seconds that may be processed ahead of real time at the start. Default 1. */
  throttleBurstSeconds?: number;
  /** throttle: held audio beyond this many seconds closes with 3007. Default 300 (5 minutes). */
  maxBufferedSeconds?: number;
  /** strict: audio may arrive at most this many times real time (token bucket). Default 1.25. */
  strictFactor?: number;
  /** strict: audio seconds that may arrive ahead of that rate (pre-roll, jitter); more closes with 3007. Default 2. */
  strictBurstSeconds?: number;
  /** Old name of strictBurstSeconds. */
  strictSlackSeconds?: number;
  /** After Terminate: the open turn's final goes out at once, Termination this many ms later. Default 300; 0 for none. */
  terminationDelayMs?: number;
  /** Milliseconds of speech the simulator assigns to each scripted word. Default 340 (espeak-ng's 175 wpm). */
  wordMs?: number;
  /** Speech (ms) needed before a turn starts; shorter blips are noise. Default 80. */
  minSpeechMs?: number;
  /** Heartbeat period with session_heartbeat=true. Default 5000 ms. */
  heartbeatMs?: number;
  /** U3 family: a continuous partial every this many ms of a long turn. Default 3000. */
  continuousPartialMs?: number;
  /** Turns with less speech than this get speaker_label "UNKNOWN" (speaker_labels=true). Default 1000 ms. */
  unknownSpeakerBelowMs?: number;
}

export interface SimulatorOptions {
  /** Default 0: a free port. */
  port?: number;
  /** Default '127.0.0.1'. A non-loopback host is refused unless allowNonLoopback is true. */
  host?: string;
  allowNonLoopback?: boolean;
  /** Serve wss:// and https:// with a self-signed certificate made at start (Simulator.certPem). */
  tls?: boolean;
  /** Accepted API keys. When not given, any non-empty key is accepted. */
  keys?: string[];
  /** 'close-1008' (default): upgrade, Error, close 1008. 'http-401': refuse the upgrade with HTTP 401. */
  authFailure?: AuthFailureMode;
  /** Longest session in seconds (3008 after it). Default 10800. */
  maxSessionSeconds?: number;
  /** 'throttle' (default): ~1.25x real time, 3007 beyond 5 min held. 'strict': 3007 once audio runs ahead of real time. */
  rateRule?: RateRule;
  /** Default script (see Simulator.setScript). */
  script?: ScriptEntry[];
  /** Faults on from the start. */
  faults?: Partial<SimulatorFaults>;
  /** Default true, as the docs say; false accepts a missing speech_model and uses defaultSpeechModel. */
  requireSpeechModel?: boolean;
  /** Model used when speech_model is absent and not required. Default 'universal-3-5-pro'. */
  defaultSpeechModel?: string;
  /** Echoed in Begin's configuration. Default '2025-05-12'. */
  apiVersion?: string;
  timing?: SimulatorTiming;
  /** Keep the arrival time of every audio frame in ConnectionRecord.audioArrivals (for rate checks). Default false. */
  recordArrivals?: boolean;
  /**
   * Where session time comes from (expires_at and expiry, inactivity, heartbeats, rate rules, faults
   * due, record times). Default the system clock. A test can share a fake clock with the client, so
   * both ends see the same time whatever the machine's load; the timer that checks it stays real.
   */
  clock?: SimulatorClock;
}

export interface SimulatorClock {
  /** Milliseconds since the epoch, as Date.now(). */
  now(): number;
}

export interface SimulatorStats {
  /** Sessions that got Begin. */
  sessionsOpened: number;
  /** Sessions open now (Begin sent, socket not closed). */
  openNow: number;
  /** Sessions that ended Terminate -> Termination -> 1000. */
  terminatedCleanly: number;
  /** Connections ended by a fault mode (closeBeforeBegin, destroyAfterMs/Samples, closeAfter, tooManySessions). */
  closedByFault: number;
  /** Sessions the simulator closed with an error code (3005-3009, 1008 after Begin). */
  closedByError: number;
  /** Sessions the client closed (or dropped) without a clean termination. */
  closedByClient: number;
  /** Sessions ended by inactivity_timeout. */
  closedByInactivity: number;
  /** Upgrades refused for a missing or wrong credential. */
  authFailures: number;
  /** Connections refused for a bad parameter (3006 before Begin). */
  parameterErrors: number;
  tokensIssued: number;
  /** Audio seconds received in accepted frames. */
  audioSeconds: number;
  samplesReceived: number;
  framesReceived: number;
  /** Binary frames refused (duration outside 50-1000 ms, or over the rate rule). */
  framesRejected: number;
  /** Sum of session socket open time in seconds (what the service bills), open sessions counted up to now. */
  billedSeconds: number;
  partialTurnsSent: number;
  finalTurnsSent: number;
  messagesSent: number;
}

export interface ConnectionRecord {
  /** 1-based, in order of upgrade. */
  index: number;
  /** Request path without the query, e.g. '/v3/ws'. */
  path: string;
  /** The query string as received, without '?'. */
  rawQuery: string;
  /** Parsed query: each name with its last value. */
  query: Record<string, string>;
  /** The Authorization header as received, or undefined. */
  authorization: string | undefined;
  /** Whether credentials came from a temporary token (query or header). */
  usedToken: boolean;
  /** Begin's id, once sent. */
  sessionId: string | undefined;
  model: string | undefined;
  openedAt: number;
  beganAt: number | undefined;
  closedAt: number | undefined;
  closeCode: number | undefined;
  closeReason: string | undefined;
  /** Text of the Error message sent before the close, if any. */
  error: string | undefined;
  /** Who ended it: 'client', 'server' (Termination, errors, inactivity) or 'fault'. */
  closedBy: 'client' | 'server' | 'fault' | undefined;
  framesReceived: number;
  samplesReceived: number;
  textMessagesReceived: number;
  /** Terminate -> Termination -> 1000 completed. */
  terminatedCleanly: boolean;
  terminateReceived: boolean;
  /** Unknown query parameter names (ignored, as the service does). */
  ignoredParameters: string[];
  turnsFinal: number;
  /** With recordArrivals: each audio frame as it arrived, `at` in monotonic ms (performance.now()), `ms` of audio. */
  audioArrivals?: Array<{ at: number; ms: number }>;
}

/** A running simulator (from startSimulator). */
export interface Simulator {
  /** The WebSocket endpoint, e.g. ws://127.0.0.1:PORT/v3/ws (wss:// with tls). */
  readonly url: string;
  /** The temporary-token endpoint, e.g. http://127.0.0.1:PORT/v3/token (https:// with tls). */
  readonly tokenUrl: string;
  /** http(s)://host:port, e.g. for the SDK's streamingBaseUrl. */
  readonly baseUrl: string;
  readonly port: number;
  readonly host: string;
  /** The self-signed certificate (PEM) with tls; undefined without. */
  readonly certPem: string | undefined;
  stats(): SimulatorStats;
  /** Sets the utterances turns take their text from (see SetScriptOptions for the targets). */
  setScript(utterances: ScriptEntry[], options?: SetScriptOptions): void;
  /** Merges faults in; they apply to connections opened afterwards (noTermination, stall, slowReads also to open ones). */
  setFaults(faults: Partial<SimulatorFaults>): void;
  /**
   * Sends a SpeakerRevision on the open session with this Begin id, relabelling these earlier
   * (final) turns. Needs speaker_labels=true on that session; false when nothing was sent.
   */
  reviseSpeakers(sessionId: string, relabels: Array<{ turnOrder: number; speaker: string }>): boolean;
  /** The faults in force now. */
  faults(): SimulatorFaults;
  /** One record per WebSocket connection, oldest first (copies). */
  connections(): ConnectionRecord[];
  /** TCP connections held now: HTTP requests, upgrades not yet answered, WebSockets. */
  socketsOpen(): number;
  /** Closes every socket and the server. */
  close(): Promise<void>;
}
