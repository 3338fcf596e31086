// The simulator's HTTP(S) server: WebSocket upgrades on /v3/ws (auth, parameters,
// faults, then a Session), GET /v3/token, 404 elsewhere, and one shared timer.
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import WebSocket, { WebSocketServer } from 'ws';
import { CloseCode, CloseReason } from '../protocol/close-codes';
import { validateConnectionQuery, type ParsedParameters } from '../protocol/params';
import { authorize, KeyChecker, type AuthResult } from './auth';
import { ScriptBook, toUtterance } from './script';
import { isLoopbackHost, noFaults, rateRuleFromEnvironment, resolveTiming } from './server-options';
import { closeReasonFor, Session, type ResolvedTiming } from './session';
import { newCounters, snapshotStats } from './stats';
import { makeSelfSignedCertificate } from './tls';
import { handleTokenRequest, sendJson } from './token-endpoint';
import { TokenStore } from './tokens';
import type {
  ConnectionRecord,
  ScriptEntry,
  SetScriptOptions,
  Simulator,
  SimulatorFaults,
  SimulatorOptions,
  SimulatorStats,
} from './types';

export { isLoopbackHost, noFaults, rateRuleFromEnvironment } from './server-options';

export const WS_PATH = '/v3/ws';
export const TOKEN_PATH = '/v3/token';
const MAX_RECORDS = 20000;
const SUPPORTED_ENCODINGS = ['pcm_s16le', 'pcm_mulaw'];

function rejectUpgrade(socket: Duplex, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  const statusText = http.STATUS_CODES[status] ?? 'Error';
  socket.end(
    `HTTP/1.1 ${status} ${statusText}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
  );
  setTimeout(() => socket.destroy(), 1000).unref();
}

function newRecord(index: number, url: URL, rawUrl: string, authorization: string | undefined, now: number): ConnectionRecord {
  const q = rawUrl.indexOf('?');
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = value;
  return {
    index,
    path: url.pathname,
    rawQuery: q >= 0 ? rawUrl.slice(q + 1) : '',
    query,
    authorization,
    usedToken: false,
    sessionId: undefined,
    model: undefined,
    openedAt: now,
    beganAt: undefined,
    closedAt: undefined,
    closeCode: undefined,
    closeReason: undefined,
    error: undefined,
    closedBy: undefined,
    framesReceived: 0,
    samplesReceived: 0,
    textMessagesReceived: 0,
    terminatedCleanly: false,
    terminateReceived: false,
    ignoredParameters: [],
    turnsFinal: 0,
  };
}

class SimulatorServer implements Simulator {
  url = '';
  tokenUrl = '';
  baseUrl = '';
  port = 0;
  readonly host: string;
  certPem: string | undefined;
  private readonly server: http.Server | https.Server;
  private readonly wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: 16 * 1024 * 1024,
    clientTracking: false,
  });
  private readonly sockets = new Set<Socket>();
  private readonly allWs = new Set<WebSocket>();
  private readonly sessions = new Set<Session>();
  private readonly bySessionId = new Map<string, Session>();
  private readonly cursors = new Map<Session, ReturnType<ScriptBook['cursorForNewSession']>>();
  private readonly records: ConnectionRecord[] = [];
  private readonly counters = newCounters();
  private readonly tokens = new TokenStore();
  private readonly keys: KeyChecker;
  private readonly scripts: ScriptBook;
  private readonly timing: ResolvedTiming;
  private currentFaults: SimulatorFaults;
  private sessionsSinceTooManySet = 0;
  private connectionCount = 0;
  private ticker: NodeJS.Timeout | null = null;
  private closing: Promise<void> | null = null;
  private readonly now: () => number;

  constructor(
    private readonly options: SimulatorOptions,
    tlsMaterial: { certPem: string; keyPem: string } | null,
  ) {
    this.host = options.host ?? '127.0.0.1';
    this.keys = new KeyChecker(options.keys);
    this.scripts = new ScriptBook(options.script ?? []);
    this.timing = resolveTiming(options.timing);
    this.currentFaults = { ...noFaults(), ...options.faults };
    const clock = options.clock;
    this.now = clock ? () => clock.now() : () => Date.now();
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => this.onRequest(req, res);
    if (tlsMaterial) {
      this.certPem = tlsMaterial.certPem;
      this.server = https.createServer({ cert: tlsMaterial.certPem, key: tlsMaterial.keyPem }, handler);
    } else {
      this.server = http.createServer(handler);
    }
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server.on('tlsClientError', () => undefined);
    this.server.on('clientError', (_error, socket) => socket.destroy());
    this.server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => this.onUpgrade(req, socket, head));
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      this.server.once('error', onError);
      this.server.listen(this.options.port ?? 0, this.host, () => {
        this.server.off('error', onError);
        this.server.on('error', () => undefined);
        resolve();
      });
    });
    const address = this.server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
    const hostInUrl = this.host.includes(':') ? `[${this.host}]` : this.host;
    const secure = this.certPem !== undefined;
    this.baseUrl = `${secure ? 'https' : 'http'}://${hostInUrl}:${this.port}`;
    this.url = `${secure ? 'wss' : 'ws'}://${hostInUrl}:${this.port}${WS_PATH}`;
    this.tokenUrl = `${this.baseUrl}${TOKEN_PATH}`;
    this.ticker = setInterval(() => this.tick(), this.timing.tickMs);
    this.ticker.unref();
  }

  private onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://sim');
    if (url.pathname === TOKEN_PATH) handleTokenRequest(req, res, url.searchParams, this.keys, this.tokens);
    else if (url.pathname === WS_PATH) sendJson(res, 426, { error: 'Upgrade Required' }, { Upgrade: 'websocket' });
    else sendJson(res, 404, { error: 'Not Found' });
  }

  private onUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => undefined);
    if (this.closing) {
      socket.destroy();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://sim');
    if (url.pathname !== WS_PATH) {
      rejectUpgrade(socket, 404, { error: 'Not Found' });
      return;
    }
    const record = newRecord(++this.connectionCount, url, req.url ?? '', req.headers.authorization, this.now());
    if (this.options.recordArrivals === true) record.audioArrivals = [];
    this.records.push(record);
    if (this.records.length > MAX_RECORDS) this.records.splice(0, this.records.length - MAX_RECORDS);
    // A stalled server answers nothing, so it does not look at credentials either.
    const auth: AuthResult = this.currentFaults.stall
      ? { ok: true, via: 'key' }
      : authorize(req.headers.authorization, url.searchParams.get('token'), this.keys, this.tokens);
    if (!auth.ok && (this.options.authFailure ?? 'close-1008') === 'http-401') {
      this.counters.authFailures++;
      record.closeCode = 401;
      record.closeReason = auth.reason;
      record.closedAt = this.now();
      record.closedBy = 'server';
      rejectUpgrade(socket, 401, { error: auth.reason });
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onUpgraded(ws, record, url, auth));
  }

  private onUpgraded(ws: WebSocket, record: ConnectionRecord, url: URL, auth: AuthResult): void {
    ws.on('error', () => undefined);
    this.allWs.add(ws);
    ws.on('close', (code, reason) => {
      this.allWs.delete(ws);
      if (record.sessionId === undefined) {
        record.closedAt ??= this.now();
        record.closeCode ??= code;
        record.closeReason ??= reason.toString();
        record.closedBy ??= 'client';
      }
    });
    const faults = this.currentFaults;
    if (faults.stall) return;
    if (faults.closeBeforeBegin) {
      const { code, reason, withErrorMessage } = faults.closeBeforeBegin;
      this.counters.closedByFault++;
      this.refuse(ws, record, code, reason, 'fault', withErrorMessage ?? false);
      return;
    }
    if (!auth.ok) {
      this.counters.authFailures++;
      this.refuse(ws, record, CloseCode.PolicyViolation, auth.reason, 'server', true);
      return;
    }
    record.usedToken = auth.via === 'token';
    const validation = validateConnectionQuery(url.searchParams, { requireSpeechModel: this.options.requireSpeechModel ?? true });
    let problem: string | null = null;
    if (!validation.ok) problem = `${validation.parameter} ${validation.reason}`;
    else {
      const encoding = (validation.params.encoding as string | undefined) ?? 'pcm_s16le';
      if (!SUPPORTED_ENCODINGS.includes(encoding))
        problem = `encoding ${encoding} is not supported by the simulator (pcm_s16le, pcm_mulaw)`;
    }
    if (problem !== null || !validation.ok) {
      this.counters.parameterErrors++;
      this.refuse(ws, record, CloseCode.InputValidation, `Invalid connection parameter: ${problem}`, 'server', true);
      return;
    }
    record.ignoredParameters = validation.unknown;
    if (faults.tooManySessions) {
      this.sessionsSinceTooManySet++;
      if (this.sessionsSinceTooManySet >= faults.tooManySessions.fromSession) {
        const code = faults.tooManySessions.code;
        this.counters.closedByFault++;
        this.refuse(ws, record, code, code === 3009 ? CloseReason.tooManySessions3009 : CloseReason.tooManySessions1008, 'fault', true);
        return;
      }
    }
    const delayMs = faults.beginDelayMs ?? 0;
    if (delayMs <= 0) this.openSession(ws, record, validation.params, auth);
    else {
      // What the client sends meanwhile (a Terminate, say) waits unread, to be taken in order after Begin.
      ws.pause();
      const timer = setTimeout(() => {
        ws.resume(); // buffered messages come on later ticks, after the session below listens
        if (!this.closing && ws.readyState === ws.OPEN) this.openSession(ws, record, validation.params, auth);
      }, delayMs);
      timer.unref();
      ws.on('close', () => clearTimeout(timer));
    }
  }

  private openSession(ws: WebSocket, record: ConnectionRecord, params: ParsedParameters, auth: Extract<AuthResult, { ok: true }>): void {
    const validation = { params };
    const maxSessionSeconds = Math.min(this.options.maxSessionSeconds ?? 10800, auth.grant?.maxSessionSeconds ?? Infinity);
    const cursor = this.scripts.cursorForNewSession();
    const session = new Session(ws, {
      record,
      params: validation.params,
      model: (validation.params.speech_model as string | undefined) ?? this.options.defaultSpeechModel ?? 'universal-3-5-pro',
      maxSessionSeconds,
      rateRule: rateRuleFromEnvironment() ?? this.options.rateRule ?? 'throttle',
      timing: this.timing,
      apiVersion: this.options.apiVersion ?? '2025-05-12',
      faults: () => this.currentFaults,
      script: cursor,
      stats: this.counters,
      now: this.now,
      onClosed: (s) => {
        this.sessions.delete(s);
        this.bySessionId.delete(s.id);
        this.cursors.delete(s);
        this.counters.closedSessionSeconds += s.openSeconds();
      },
    });
    this.counters.sessionsOpened++;
    this.sessions.add(session);
    this.bySessionId.set(session.id, session);
    this.cursors.set(session, cursor);
  }

  /** Ends a connection before Begin: optional Error message, then the close. */
  private refuse(ws: WebSocket, record: ConnectionRecord, code: number, text: string, by: 'server' | 'fault', withError: boolean): void {
    if (withError) {
      record.error = text;
      ws.send(JSON.stringify({ type: 'Error', error_code: code, error: text }), () => undefined);
    }
    record.closeCode = code;
    record.closeReason = closeReasonFor(text);
    record.closedBy = by;
    try {
      ws.close(code, record.closeReason);
    } catch {
      ws.terminate();
    }
  }

  private tick(): void {
    const now = this.now();
    for (const session of this.sessions) session.tick(now);
  }

  socketsOpen(): number {
    return this.sockets.size;
  }

  stats(): SimulatorStats {
    return snapshotStats(this.counters, this.sessions, this.tokens.issued, this.now());
  }

  setScript(utterances: ScriptEntry[], options: SetScriptOptions = {}): void {
    const target = options.target ?? 'default';
    if (target === 'default' || target === 'next') {
      this.scripts.set(utterances, { ...options, target });
      return;
    }
    const session = this.bySessionId.get(target);
    const cursor = session && this.cursors.get(session);
    if (!cursor) throw new Error(`setScript: no open session with id ${target}`);
    cursor.replace(utterances.map(toUtterance), options.loop ?? false);
  }

  setFaults(faults: Partial<SimulatorFaults>): void {
    this.currentFaults = { ...this.currentFaults, ...faults };
    if ('tooManySessions' in faults) this.sessionsSinceTooManySet = 0;
    if ('slowReads' in faults) for (const s of this.sessions) s.applyReadPressure();
  }

  reviseSpeakers(sessionId: string, relabels: Array<{ turnOrder: number; speaker: string }>): boolean {
    const session = this.bySessionId.get(sessionId);
    if (!session) throw new Error(`reviseSpeakers: no open session with id ${sessionId}`);
    return session.reviseSpeakers(relabels);
  }

  faults(): SimulatorFaults {
    return { ...this.currentFaults };
  }

  connections(): ConnectionRecord[] {
    return this.records.map((r) => ({ ...r, query: { ...r.query }, ignoredParameters: [...r.ignoredParameters] }));
  }

  close(): Promise<void> {
    if (this.closing) return this.closing;
    this.closing = new Promise<void>((resolve) => {
      if (this.ticker) clearInterval(this.ticker);
      for (const ws of this.allWs) ws.terminate();
      for (const socket of this.sockets) socket.destroy();
      this.wss.close();
      this.server.close(() => resolve());
    });
    return this.closing;
  }
}

/** Starts a simulator; resolves once it listens. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackHost(host) && !options.allowNonLoopback) {
    throw new Error(`assemblyai-sim: refusing to listen on non-loopback host "${host}" (set allowNonLoopback to allow it)`);
  }
  const tlsMaterial = options.tls ? await makeSelfSignedCertificate(host) : null;
  const sim = new SimulatorServer(options, tlsMaterial);
  await sim.listen();
  return sim;
}
