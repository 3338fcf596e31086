// One simulated streaming session on an upgraded WebSocket: Begin, the audio
// rules (frame size, rate, duration), client messages, turns, Termination and
// the error closes of ../shared/assemblyai-v3.md §3-5.
import { randomUUID } from 'node:crypto';
import type WebSocket from 'ws';
import { CloseCode, CloseReason, MAX_CLOSE_REASON_BYTES } from '../protocol/close-codes';
import { MAX_FRAME_MS, MIN_FRAME_MS, bytesPerSample, type AudioEncoding } from '../protocol/messages';
import { modelFamily, validateConfigurationUpdate, type ParsedParameters } from '../protocol/params';
import { TURN_DEFAULTS } from '../protocol/turn-defaults';
import { EnergyVad } from '../audio/vad';
import type { ScriptCursor } from './script';
import { TurnEngine, type TurnSettings } from './turn-engine';
import type { ConnectionRecord, RateRule, SimulatorFaults } from './types';
import type { StatsCounters } from './stats';

export interface ResolvedTiming {
  tickMs: number;
  throttleFactor: number;
  throttleBurstSeconds: number;
  maxBufferedSeconds: number;
  strictSlackSeconds: number;
  wordMs: number;
  minSpeechMs: number;
  heartbeatMs: number;
  continuousPartialMs: number;
  unknownSpeakerBelowMs: number;
}

export interface SessionContext {
  record: ConnectionRecord;
  params: ParsedParameters;
  model: string;
  maxSessionSeconds: number;
  rateRule: RateRule;
  timing: ResolvedTiming;
  apiVersion: string;
  /** The simulator's current faults (read live for noTermination, stall, slowReads). */
  faults: () => SimulatorFaults;
  script: ScriptCursor;
  stats: StatsCounters;
  onClosed: (session: Session) => void;
}

/** Numbers in error texts: integers as they are, others with up to 2 decimals. */
export function formatAmount(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Math.round(value * 100) / 100);
}

export function closeReasonFor(text: string): string {
  return Buffer.byteLength(text) <= MAX_CLOSE_REASON_BYTES ? text : CloseReason.seeErrorMessage;
}

function turnSettings(params: ParsedParameters, family: 'universal-streaming' | 'u3'): TurnSettings {
  const d = TURN_DEFAULTS[family];
  const speakerLabels = params.speaker_labels === true;
  return {
    endOfTurnConfidenceThreshold: (params.end_of_turn_confidence_threshold as number | undefined) ?? d.end_of_turn_confidence_threshold,
    minTurnSilence: (params.min_turn_silence as number | undefined) ?? d.min_turn_silence,
    maxTurnSilence: (params.max_turn_silence as number | undefined) ?? d.max_turn_silence,
    vadThreshold: (params.vad_threshold as number | undefined) ?? d.vad_threshold,
    formatTurns: (params.format_turns as boolean | undefined) ?? d.format_turns,
    // The service turns continuous partials off by default with speaker labels.
    continuousPartials: (params.continuous_partials as boolean | undefined) ?? ((d.continuous_partials ?? false) && !speakerLabels),
    interruptionDelay: (params.interruption_delay as number | undefined) ?? d.interruption_delay ?? 0,
    includePartialTurns: params.redact_pii === true ? false : ((params.include_partial_turns as boolean | undefined) ?? true),
    speakerLabels,
    languageDetection: params.language_detection === true,
  };
}

type State = 'open' | 'terminating' | 'closing' | 'closed';

export class Session {
  readonly id = randomUUID();
  readonly beganAt: number;
  private state: State = 'open';
  private readonly engine: TurnEngine;
  private readonly vad: EnergyVad;
  private readonly onWindow: (p: number, endMs: number) => void;
  private readonly bytesPerSecond: number;
  private readonly maxMs: number;
  private readonly inactivityMs: number | null;
  private heartbeat: boolean;
  private lastActivity: number;
  private lastHeartbeat: number;
  private receivedMs = 0;
  private processedMs = 0;
  private queuedMs = 0;
  private readonly queue: Array<{ data: Buffer; ms: number }> = [];
  private readonly destroyAt: number | null;
  private readonly closeAfter: SimulatorFaults['closeAfter'];
  private sentCloseCode: number | undefined;
  private sentCloseReason: string | undefined;
  private terminationSent = false;
  private paused = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly ctx: SessionContext,
    now = Date.now(),
  ) {
    const { params, record, timing } = ctx;
    const encoding = ((params.encoding as string | undefined) ?? 'pcm_s16le') as AudioEncoding;
    const sampleRate = (params.sample_rate as number | undefined) ?? 16000;
    this.bytesPerSecond = sampleRate * bytesPerSample(encoding);
    this.vad = new EnergyVad(sampleRate, encoding);
    const family = modelFamily(ctx.model);
    this.engine = new TurnEngine({
      model: ctx.model,
      family,
      settings: turnSettings(params, family),
      wordMs: timing.wordMs,
      minSpeechMs: timing.minSpeechMs,
      continuousPartialMs: timing.continuousPartialMs,
      unknownSpeakerBelowMs: timing.unknownSpeakerBelowMs,
      nextUtterance: (order) => ctx.script.next(order),
      send: (message) => this.send(message),
    });
    const windowMs = this.vad.windowMs;
    this.onWindow = (p, endMs) => this.engine.onWindow(p, endMs, windowMs);
    this.beganAt = now;
    this.lastActivity = now;
    this.lastHeartbeat = now;
    this.maxMs = ctx.maxSessionSeconds * 1000;
    this.inactivityMs = typeof params.inactivity_timeout === 'number' ? params.inactivity_timeout * 1000 : null;
    this.heartbeat = params.session_heartbeat === true;
    const faults = ctx.faults();
    this.destroyAt = faults.destroyAfterMs !== null ? now + faults.destroyAfterMs : null;
    this.closeAfter = faults.closeAfter;

    record.sessionId = this.id;
    record.model = ctx.model;
    record.beganAt = now;
    ws.on('message', (data, isBinary) => this.onMessage(data as Buffer, isBinary));
    ws.on('close', (code, reason) => this.onSocketClose(code, reason.toString()));

    const configuration: Record<string, unknown> = { model: ctx.model };
    if (family === 'u3') configuration.mode = (params.mode as string | undefined) ?? 'balanced';
    for (const name of ['speaker_labels', 'redact_pii', 'filter_profanity', 'domain', 'voice_focus'] as const) {
      if (params[name] !== undefined) configuration[name] = params[name];
    }
    configuration.api_version = ctx.apiVersion;
    this.send({ type: 'Begin', id: this.id, expires_at: Math.floor(now / 1000) + ctx.maxSessionSeconds, configuration });
    this.applyReadPressure();
  }

  get open(): boolean {
    return this.state === 'open' || this.state === 'terminating';
  }

  private send(message: object): void {
    if (this.ctx.faults().stall || this.ws.readyState !== this.ws.OPEN) return;
    this.ctx.stats.messagesSent++;
    this.ws.send(JSON.stringify(message), (error) => {
      if (error) this.ws.terminate();
    });
  }

  private onMessage(data: Buffer, isBinary: boolean): void {
    if (this.state !== 'open' || this.ctx.faults().stall) return;
    const now = Date.now();
    this.lastActivity = now;
    if (isBinary) this.onAudio(data, now);
    else this.onText(data.toString('utf8'), now);
  }

  private onAudio(data: Buffer, now: number): void {
    const { record, stats, timing } = this.ctx;
    record.framesReceived++;
    const ms = (data.length * 1000) / this.bytesPerSecond;
    if (ms < MIN_FRAME_MS - 1e-9 || ms > MAX_FRAME_MS + 1e-9) {
      stats.framesRejected++;
      this.closeWithError(CloseCode.AudioDuration, `Input duration violation: ${formatAmount(ms)} ms. Expected between ${MIN_FRAME_MS} and ${MAX_FRAME_MS} ms`);
      return;
    }
    const samples = this.vad.encoding === 'pcm_mulaw' ? data.length : Math.floor(data.length / 2);
    record.samplesReceived += samples;
    stats.samplesReceived += samples;
    stats.audioMs += ms;
    stats.framesReceived++;
    this.receivedMs += ms;
    const elapsedMs = now - this.beganAt;
    if (this.ctx.rateRule === 'strict') {
      if (this.receivedMs > elapsedMs + timing.strictSlackSeconds * 1000) {
        stats.framesRejected++;
        this.rateExceeded(elapsedMs);
        return;
      }
      this.processFrame(data, ms);
      return;
    }
    this.queue.push({ data, ms });
    this.queuedMs += ms;
    this.drain(now);
    if (this.queuedMs > timing.maxBufferedSeconds * 1000) {
      stats.framesRejected++;
      this.rateExceeded(elapsedMs);
    }
  }

  private rateExceeded(elapsedMs: number): void {
    const received = formatAmount(this.receivedMs / 1000);
    const elapsed = formatAmount(elapsedMs / 1000);
    this.closeWithError(CloseCode.AudioDuration, `Audio Transmission Rate Exceeded: Received ${received} sec. audio in ${elapsed} sec`);
  }

  /** Processes held audio up to what the throttle allows now (all of it when flushing). */
  private drain(now: number, flush = false): void {
    const { throttleFactor, throttleBurstSeconds } = this.ctx.timing;
    const allowedMs = flush ? Infinity : (now - this.beganAt) * throttleFactor + throttleBurstSeconds * 1000;
    while (this.queue.length > 0 && this.state !== 'closing' && this.state !== 'closed') {
      const head = this.queue[0];
      if (this.processedMs + head.ms > allowedMs) break;
      this.queue.shift();
      this.queuedMs -= head.ms;
      this.processFrame(head.data, head.ms);
    }
  }

  private processFrame(data: Buffer, ms: number): void {
    this.processedMs += ms;
    this.vad.process(data, this.onWindow);
    this.engine.onFrameEnd();
  }

  private onText(text: string, now: number): void {
    this.ctx.record.textMessagesReceived++;
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      this.closeWithError(CloseCode.InputValidation, `Invalid JSON: ${text}`);
      return;
    }
    if (message === null || typeof message !== 'object' || Array.isArray(message)) {
      this.closeWithError(CloseCode.InputValidation, `Invalid Message: ${text}`);
      return;
    }
    const fields = message as Record<string, unknown>;
    switch (fields.type) {
      case 'Terminate':
        this.terminate(now);
        return;
      case 'ForceEndpoint':
        this.drain(now, true);
        this.engine.forceEndpoint();
        return;
      case 'KeepAlive':
        return;
      case 'UpdateConfiguration':
        this.updateConfiguration(fields);
        return;
      default:
        this.closeWithError(CloseCode.InputValidation, `Invalid Message Type: ${text}`);
    }
  }

  private updateConfiguration(fields: Record<string, unknown>): void {
    const result = validateConfigurationUpdate(fields);
    if (!result.ok) {
      this.closeWithError(CloseCode.InputValidation, `Invalid UpdateConfiguration: ${result.parameter} ${result.reason}`);
      return;
    }
    const p = result.params;
    const s = this.engine.settings;
    if (typeof p.end_of_turn_confidence_threshold === 'number') s.endOfTurnConfidenceThreshold = p.end_of_turn_confidence_threshold;
    if (typeof p.min_turn_silence === 'number') s.minTurnSilence = p.min_turn_silence;
    if (typeof p.max_turn_silence === 'number') s.maxTurnSilence = p.max_turn_silence;
    if (typeof p.vad_threshold === 'number') s.vadThreshold = p.vad_threshold;
    if (typeof p.format_turns === 'boolean') s.formatTurns = p.format_turns;
    if (typeof p.continuous_partials === 'boolean') s.continuousPartials = p.continuous_partials;
    if (typeof p.interruption_delay === 'number') s.interruptionDelay = p.interruption_delay;
    if (typeof p.session_heartbeat === 'boolean') this.heartbeat = p.session_heartbeat;
  }

  /** Terminate (and inactivity): flush held audio, end the open turn, Termination, close 1000. */
  private terminate(now: number, byInactivity = false): void {
    this.ctx.record.terminateReceived ||= !byInactivity;
    if (!byInactivity && this.ctx.faults().noTermination) {
      this.state = 'terminating';
      return;
    }
    this.drain(now, true);
    if (this.state !== 'open') return;
    this.engine.forceEndpoint();
    this.send({
      type: 'Termination',
      audio_duration_seconds: Math.round(this.processedMs / 1000),
      session_duration_seconds: Math.round((now - this.beganAt) / 1000),
    });
    this.terminationSent = !this.ctx.faults().stall;
    this.closeSocket(CloseCode.Normal, '', 'server');
  }

  closeWithError(code: number, text: string, by: 'server' | 'fault' = 'server'): void {
    if (this.state === 'closing' || this.state === 'closed') return;
    this.send({ type: 'Error', error_code: code, error: text });
    this.ctx.record.error = text;
    if (by === 'fault') this.ctx.stats.closedByFault++;
    else this.ctx.stats.closedByError++;
    this.closeSocket(code, closeReasonFor(text), by);
  }

  private closeSocket(code: number, reason: string, by: 'server' | 'fault'): void {
    this.state = 'closing';
    this.sentCloseCode = code;
    this.sentCloseReason = reason;
    this.ctx.record.closedBy = by;
    this.queue.length = 0;
    this.queuedMs = 0;
    try {
      this.ws.close(code, reason);
    } catch {
      this.ws.terminate();
    }
  }

  /** Destroys the TCP socket with no close frame (a fault). */
  destroy(by: 'fault' | 'server' = 'fault'): void {
    if (this.state === 'closed') return;
    if (this.state !== 'closing') {
      this.ctx.record.closedBy = by;
      if (by === 'fault') this.ctx.stats.closedByFault++;
    }
    this.state = 'closing';
    this.ws.terminate();
  }

  /** Applies slowReads: pause or resume reading the client's socket. */
  applyReadPressure(): void {
    const slow = this.ctx.faults().slowReads;
    if (slow && !this.paused) {
      this.paused = true;
      this.ws.pause();
    } else if (!slow && this.paused) {
      this.paused = false;
      this.ws.resume();
    }
  }

  /** The shared timer: expiry, inactivity, heartbeats, faults due, held audio. */
  tick(now: number): void {
    if (this.state === 'closing' || this.state === 'closed') return;
    const faults = this.ctx.faults();
    this.applyReadPressure();
    if (this.destroyAt !== null && now >= this.destroyAt) {
      this.destroy('fault');
      return;
    }
    if (this.closeAfter && now >= this.beganAt + this.closeAfter.afterMs) {
      this.closeWithError(this.closeAfter.code, this.closeAfter.reason, 'fault');
      return;
    }
    if (faults.stall) return;
    if (now - this.beganAt >= this.maxMs) {
      this.closeWithError(CloseCode.SessionExpired, CloseReason.sessionExpired);
      return;
    }
    if (this.state === 'terminating') return;
    if (this.queue.length > 0) this.drain(now);
    if (this.inactivityMs !== null && now - this.lastActivity >= this.inactivityMs) {
      this.ctx.stats.closedByInactivity++;
      this.terminate(now, true);
      return;
    }
    if (this.heartbeat && now - this.lastHeartbeat >= this.ctx.timing.heartbeatMs) {
      this.lastHeartbeat = now;
      const durationMs = now - this.beganAt;
      this.send({
        type: 'Heartbeat',
        total_audio_received_ms: Math.round(this.receivedMs),
        total_duration_ms: durationMs,
        realtime_factor: durationMs > 0 ? Math.round((this.receivedMs / durationMs) * 1000) / 1000 : 0,
        max_speech_probability: Math.round(this.engine.takeMaxProbability() * 1000) / 1000,
      });
    }
  }

  /** Billable seconds so far (socket open time). */
  openSeconds(now = Date.now()): number {
    const end = this.ctx.record.closedAt ?? now;
    return (end - this.beganAt) / 1000;
  }

  private onSocketClose(code: number, reason: string): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    const { record, stats } = this.ctx;
    record.closedAt = Date.now();
    // What the simulator sent when it closed; otherwise what the client sent (or 1006 for a dropped socket).
    record.closeCode = this.sentCloseCode ?? code;
    record.closeReason = this.sentCloseCode !== undefined ? this.sentCloseReason : reason;
    if (record.closedBy === undefined) {
      record.closedBy = 'client';
      stats.closedByClient++;
    }
    if (this.terminationSent && this.sentCloseCode === CloseCode.Normal) {
      record.terminatedCleanly = true;
      stats.terminatedCleanly++;
    }
    record.turnsFinal = this.engine.finalTurns;
    stats.finalTurnsSent += this.engine.finalTurns;
    stats.partialTurnsSent += this.engine.partialTurns;
    this.engine.finalTurns = 0;
    this.engine.partialTurns = 0;
    this.queue.length = 0;
    this.ctx.onClosed(this);
  }

  /** Turn counts not yet folded into the stats (open sessions). */
  liveTurnCounts(): { final: number; partial: number } {
    return { final: this.engine.finalTurns, partial: this.engine.partialTurns };
  }
}
