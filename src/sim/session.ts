// One simulated streaming session on an upgraded WebSocket: Begin, the audio
// rules (frame size, rate, duration), client messages, turns, Termination and
// the error closes of ../shared/assemblyai-v3.md §3-5.
export { closeReasonFor, formatAmount, type ResolvedTiming } from './session-setup';
import { randomUUID } from 'node:crypto';
import type WebSocket from 'ws';
import { CloseCode, CloseReason } from '../protocol/close-codes';
import { MAX_FRAME_MS, MIN_FRAME_MS, bytesPerSample, type AudioEncoding } from '../protocol/messages';
import { modelFamily, validateConfigurationUpdate, type ParsedParameters } from '../protocol/params';
import { applySettingsUpdate, beginConfiguration, closeReasonFor, formatAmount, turnSettings, type ResolvedTiming } from './session-setup';
import { EnergyVad } from '../audio/vad';
import type { ScriptCursor } from './script';
import { StrictRate, Throttle } from './rate-rule';
import { type FaultStrike, SessionFaults } from './session-faults';
import { TurnEngine } from './turn-engine';
import type { ConnectionRecord, RateRule, SimulatorFaults } from './types';
import type { StatsCounters } from './stats';

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
  /** The simulator's time in ms (SimulatorOptions.clock). */
  now: () => number;
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
  private readonly throttle: Throttle;
  private readonly strict: StrictRate;
  private terminationTimer: NodeJS.Timeout | null = null;
  private lastWarning: SimulatorFaults['warning'] = null;
  private readonly faultPlan: SessionFaults;
  private sentCloseCode: number | undefined;
  private sentCloseReason: string | undefined;
  private terminationSent = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly ctx: SessionContext,
  ) {
    const now = ctx.now();
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
    this.throttle = new Throttle(now, timing.throttleFactor, timing.throttleBurstSeconds * 1000, timing.maxBufferedSeconds * 1000);
    this.strict = new StrictRate(now, timing.strictFactor, timing.strictBurstSeconds * 1000);
    this.lastActivity = now;
    this.lastHeartbeat = now;
    this.maxMs = ctx.maxSessionSeconds * 1000;
    this.inactivityMs = typeof params.inactivity_timeout === 'number' ? params.inactivity_timeout * 1000 : null;
    this.heartbeat = params.session_heartbeat === true;
    const faults = ctx.faults();
    this.faultPlan = new SessionFaults(faults, now);

    record.sessionId = this.id;
    record.model = ctx.model;
    record.beganAt = now;
    ws.on('message', (data, isBinary) => this.onMessage(data as Buffer, isBinary));
    ws.on('close', (code, reason) => this.onSocketClose(code, reason.toString()));

    const configuration = beginConfiguration(params, ctx.model, ctx.apiVersion);
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
    const now = this.ctx.now();
    this.lastActivity = now;
    if (isBinary) this.onAudio(data, now);
    else this.onText(data.toString('utf8'), now);
  }

  private onAudio(data: Buffer, now: number): void {
    this.receiveAudio(data, now);
    this.strike(this.faultPlan.dueAfter(this.ctx.record.samplesReceived));
  }

  /** Carries out a fault that is due; true when it ended the session. */
  private strike(fault: FaultStrike | undefined): boolean {
    if (fault?.kind === 'destroy') this.destroy('fault');
    else if (fault?.kind === 'close') this.closeWithError(fault.code, fault.reason, 'fault');
    return fault !== undefined;
  }

  private receiveAudio(data: Buffer, now: number): void {
    const { record, stats } = this.ctx;
    record.framesReceived++;
    const ms = (data.length * 1000) / this.bytesPerSecond;
    if (ms < MIN_FRAME_MS - 1e-9 || ms > MAX_FRAME_MS + 1e-9) {
      stats.framesRejected++;
      this.closeWithError(
        CloseCode.AudioDuration,
        `Input duration violation: ${formatAmount(ms)} ms. Expected between ${MIN_FRAME_MS} and ${MAX_FRAME_MS} ms`,
      );
      return;
    }
    const samples = this.vad.encoding === 'pcm_mulaw' ? data.length : Math.floor(data.length / 2);
    record.samplesReceived += samples;
    stats.samplesReceived += samples;
    stats.audioMs += ms;
    stats.framesReceived++;
    record.audioArrivals?.push({ at: performance.now(), ms });
    this.receivedMs += ms;
    const elapsedMs = now - this.beganAt;
    if (this.ctx.rateRule === 'strict') {
      if (!this.strict.accept(ms, now)) {
        stats.framesRejected++;
        this.rateExceeded(elapsedMs);
        return;
      }
      this.processFrame(data, ms);
      return;
    }
    this.throttle.hold({ data, ms });
    this.drain(now);
    if (this.throttle.overLimit) {
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
    for (const frame of this.throttle.take(now, flush)) {
      if (this.state === 'closing' || this.state === 'closed') return;
      this.processFrame(frame.data, frame.ms);
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
    applySettingsUpdate(this.engine.settings, p);
    if (typeof p.session_heartbeat === 'boolean') this.heartbeat = p.session_heartbeat;
  }

  /**
   * Terminate (and inactivity): flush held audio and end the open turn (its
   * final Turn goes out now), then after terminationDelayMs any closing
   * SpeakerRevision, Termination and close 1000, as the service does.
   */
  private terminate(now: number, byInactivity = false): void {
    this.ctx.record.terminateReceived ||= !byInactivity;
    if (!byInactivity && this.ctx.faults().noTermination) {
      this.state = 'terminating';
      return;
    }
    this.drain(now, true);
    if (this.state !== 'open') return;
    this.engine.forceEndpoint();
    this.state = 'terminating';
    const delayMs = this.ctx.timing.terminationDelayMs;
    if (delayMs <= 0) this.finishTermination();
    else {
      this.terminationTimer = setTimeout(() => this.finishTermination(), delayMs);
      this.terminationTimer.unref();
    }
  }

  private finishTermination(): void {
    this.terminationTimer = null;
    if (this.state !== 'terminating') return;
    const revision = this.engine.closingRevision();
    if (revision) this.send(revision);
    this.send({
      type: 'Termination',
      audio_duration_seconds: Math.round(this.processedMs / 1000),
      session_duration_seconds: Math.round((this.ctx.now() - this.beganAt) / 1000),
    });
    this.terminationSent = !this.ctx.faults().stall;
    this.closeSocket(CloseCode.Normal, '', 'server');
  }

  private clearTerminationTimer(): void {
    if (this.terminationTimer) clearTimeout(this.terminationTimer);
    this.terminationTimer = null;
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
    this.throttle.clear();
    this.clearTerminationTimer();
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
    this.faultPlan.pressReads(this.ws, this.ctx.faults().slowReads);
  }

  /** The shared timer: expiry, inactivity, heartbeats, faults due, held audio. */
  tick(now: number): void {
    if (this.state === 'closing' || this.state === 'closed') return;
    const faults = this.ctx.faults();
    this.applyReadPressure();
    if (this.strike(this.faultPlan.dueAt(now))) return;
    if (faults.stall) return;
    if (faults.warning && faults.warning !== this.lastWarning) {
      this.lastWarning = faults.warning;
      this.send({ type: 'Warning', warning_code: faults.warning.code, warning: faults.warning.text });
    }
    if (now - this.beganAt >= this.maxMs) {
      this.closeWithError(CloseCode.SessionExpired, CloseReason.sessionExpired);
      return;
    }
    if (this.state === 'terminating') return;
    if (this.throttle.pending) this.drain(now);
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
  openSeconds(now = this.ctx.now()): number {
    const end = this.ctx.record.closedAt ?? now;
    return (end - this.beganAt) / 1000;
  }

  private onSocketClose(code: number, reason: string): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    const { record, stats } = this.ctx;
    record.closedAt = this.ctx.now();
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
    this.throttle.clear();
    this.clearTerminationTimer();
    this.ctx.onClosed(this);
  }

  /** Sends a SpeakerRevision for earlier turns now (speaker_labels only); false when none applies. */
  reviseSpeakers(relabels: ReadonlyArray<{ turnOrder: number; speaker: string }>): boolean {
    if (this.state !== 'open' && this.state !== 'terminating') return false;
    return this.engine.reviseSpeakers(relabels);
  }

  /** Turn counts not yet folded into the stats (open sessions). */
  liveTurnCounts(): { final: number; partial: number } {
    return { final: this.engine.finalTurns, partial: this.engine.partialTurns };
  }
}
