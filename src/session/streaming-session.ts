// StreamingSession: one logical transcription stream over one or more v3
// connections. A facade over its parts: the lifecycle (lifecycle.ts), the
// audio path (audio-pipeline.ts, wav-input.ts), what to do when a connection
// ends (loss-planner.ts) and the rollover before expiry (rollover.ts). Here
// they are wired to the connections and turned into typed events. No Node-RED.
import { EventEmitter } from 'node:events';
import type { BeginMessage } from '../protocol/messages';
import { awaitsFormattedTurn } from '../protocol/speech-models';
import type { SessionInfo } from '../protocol/turn';
import { AudioPipeline } from './audio-pipeline';
import { backoffDelay } from './backoff';
import { realClock, type Clock, type TimerHandle } from './clock';
import { checkConfigurationUpdate, checkWriteFormat } from './configuration';
import { Connection, type ConnectionEnd } from './connection';
import { classifyEnd, type Fault } from './fault';
import { displayState, isClosing, isFailed, isStopping, Lifecycle } from './lifecycle';
import type { Link, LinkRole } from './link';
import { planActiveLoss, reportDrainedEnd } from './loss-planner';
import { resolveOptions, type ResolvedOptions } from './options';
import { Rollover } from './rollover';
import { routeMessage, type SessionEventArgs } from './server-messages';
import { TurnFinalizer } from './turn-finalizer';
import { TurnNumbering } from './turn-numbering';
import {
  StreamingError,
  type AudioFormat,
  type ConnectionParams,
  type SessionState,
  type StreamingSessionApi,
  type StreamingSessionOptions,
  type StreamingSessionStats,
} from './types';
import { WavInput } from './wav-input';

type StateDetail = { retryInMs?: number; message?: string };

const FORCE_ENDPOINT = JSON.stringify({ type: 'ForceEndpoint' });
const KEEP_ALIVE = JSON.stringify({ type: 'KeepAlive' });

/** A Buffer view of any Uint8Array, without copying. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export class StreamingSession extends EventEmitter<SessionEventArgs> implements StreamingSessionApi {
  private readonly options: ResolvedOptions;
  private readonly clock: Clock;
  private readonly params: ConnectionParams;
  private format: AudioFormat;
  private readonly lifecycle = new Lifecycle();
  private readonly audio: AudioPipeline;
  private readonly wav: WavInput;
  private readonly rollover: Rollover;

  private active: Link | undefined;
  private readonly draining = new Set<Link>();
  private nextLinkId = 1;
  private current: SessionState = 'idle';
  /** The stop in progress (of stop() or close()): resolved when every connection has ended. */
  private stopRun: { promise: Promise<void>; done: () => void; setup: boolean } | undefined;
  private closing: Promise<void> | undefined;
  private attempt = 0;
  private retryTimer: TimerHandle | undefined;
  private idleTimer: TimerHandle | undefined;

  private readonly numbering = new TurnNumbering();
  private startWaiters: Array<{ resolve: () => void; reject: (error: StreamingError) => void }> = [];
  private connectionsOpened = 0;
  private finalTurns = 0;

  /** Throws StreamingError (fatal) for invalid options. */
  constructor(options: StreamingSessionOptions) {
    super();
    this.options = resolveOptions(options);
    this.clock = options.clock ?? realClock;
    this.params = { ...this.options.params };
    this.format = { sampleRate: this.options.sampleRate, encoding: this.options.encoding };
    this.audio = new AudioPipeline(this.options, this.format, {
      target: () => this.active?.conn,
      acceptsAudio: () => this.acceptsAudio(),
      audioTaken: () => this.openIfNothingPending(),
      quiet: () => this.active === undefined && this.rollover.candidate === undefined && this.retryTimer === undefined && !isStopping(this.lifecycle.phase) && !this.wav.playing,
      reportDrop: (event) => this.emitEvent('audioDropped', event),
      guard: (action) => this.guard(action),
    }, this.clock);
    this.wav = new WavInput({
      audio: this.audio,
      format: () => this.format,
      canAdoptFormat: () => this.active === undefined && this.rollover.candidate === undefined && this.retryTimer === undefined && !this.audio.hasPending && !this.wav.playing,
      adoptFormat: (format) => {
        this.format = { ...format };
        this.audio.applyFormat(format);
      },
      acceptsAudio: () => this.acceptsAudio(),
      failed: () => isFailed(this.lifecycle.phase),
      warn: (message) => this.emitEvent('warning', { code: 0, message }),
      fileStarted: () => this.openIfNothingPending(),
    }, this.clock);
    this.rollover = new Rollover(this.options, {
      active: () => this.active,
      mayRollOver: () => !isStopping(this.lifecycle.phase) && !isClosing(this.lifecycle.phase),
      createCandidate: () => this.createLink('candidate'),
      promote: (next, previous) => {
        next.role = 'active';
        this.active = next;
        if (previous !== undefined) this.drain(previous, false);
        this.onActiveReady(next);
      },
      reportCandidateLoss: (fault, willRetry) => {
        this.emitEvent('closed', { code: fault.closeCode, reason: fault.reason, willRetry });
        this.emitError(new StreamingError(`Could not open the next session for the rollover: ${fault.message}`, fault.errorCode, false));
      },
      guard: (action) => this.guard(action),
    }, this.clock);
  }

  get state(): SessionState {
    return this.current;
  }

  get info(): SessionInfo | undefined {
    const link = this.active;
    return link !== undefined && link.conn.begun ? link.info : undefined;
  }

  /** The format audio must have: the options', or a WAV file's that was adopted. */
  get audioFormat(): AudioFormat {
    return { ...this.format };
  }

  // ---- public API ---------------------------------------------------------

  start(): Promise<void> {
    if (isClosing(this.lifecycle.phase)) return Promise.reject(new StreamingError('The session is closed; create a new StreamingSession.', undefined, true));
    if (this.stopRun !== undefined) return this.stopRun.promise.then(() => this.start());
    this.lifecycle.apply('start');
    this.audio.openGate();
    this.audio.touch(); // the auto policy's idle clock starts now
    const link = this.active;
    if (link !== undefined && link.conn.begun) return Promise.resolve();
    const begun = new Promise<void>((resolve, reject) => this.startWaiters.push({ resolve, reject }));
    if (link === undefined && this.retryTimer === undefined) this.connectActive();
    this.refreshState();
    return begun;
  }

  write(audio: Buffer, format?: Partial<AudioFormat>): void {
    if (isClosing(this.lifecycle.phase)) throw new StreamingError('The session is closed; audio can no longer be written.', undefined, true);
    if (!(audio instanceof Uint8Array)) throw new StreamingError('Audio must be a Buffer of samples.');
    if (format !== undefined && format !== null) checkWriteFormat(format, this.format);
    if (audio.length === 0) return;
    this.audio.take(asBuffer(audio));
  }

  writeWav(wav: Buffer, options?: { pace?: 'realtime' | 'fast' }): Promise<void> {
    if (isClosing(this.lifecycle.phase)) throw new StreamingError('The session is closed; audio can no longer be written.', undefined, true);
    if (!(wav instanceof Uint8Array)) throw new StreamingError('The WAV file must be a Buffer.');
    const pace = options?.pace ?? 'realtime';
    if (pace !== 'realtime' && pace !== 'fast') throw new StreamingError(`pace must be 'realtime' or 'fast', got ${String(pace)}`);
    return this.wav.play(asBuffer(wav), pace);
  }

  forceEndpoint(): void {
    this.active?.conn.sendText(FORCE_ENDPOINT);
  }

  keepAlive(): void {
    this.active?.conn.sendText(KEEP_ALIVE);
  }

  /**
   * Sends UpdateConfiguration to the open session and to a rollover candidate,
   * and keeps the fields for the next connections (reconnect, rollover). Throws
   * StreamingError on a field that cannot change mid-stream or a value that cannot be sent.
   */
  updateConfiguration(fields: Record<string, unknown>): void {
    const update = checkConfigurationUpdate(fields);
    if (update === undefined) return;
    Object.assign(this.params, update);
    const awaitFormatted = awaitsFormattedTurn(this.params);
    const text = JSON.stringify({ type: 'UpdateConfiguration', ...update });
    for (const link of [this.active, this.rollover.candidate]) {
      if (link === undefined) continue;
      link.finalizer.awaitFormatted = awaitFormatted;
      link.conn.sendText(text);
    }
  }

  stop(): Promise<void> {
    if (this.stopRun !== undefined) return this.stopRun.promise;
    if (!this.lifecycle.can('stop')) return Promise.resolve(); // closed: nothing left to stop
    this.lifecycle.apply('stop');
    return this.runStop();
  }

  close(): Promise<void> {
    if (this.closing !== undefined) return this.closing;
    this.lifecycle.apply('close');
    const stopped = this.stopRun?.promise ?? this.runStop();
    this.closing = stopped.then(() => {
      this.clearTimers();
      this.wav.cancel();
      this.audio.discard();
      this.audio.flushDropReport();
      this.lifecycle.apply('released');
      this.refreshState();
    });
    return this.closing;
  }

  stats(): StreamingSessionStats {
    const audio = this.audio.stats;
    return { connectionsOpened: this.connectionsOpened, ...audio, turns: this.finalTurns };
  }

  // ---- lifecycle ------------------------------------------------------------

  private acceptsAudio(): boolean {
    const phase = this.lifecycle.phase;
    return !isFailed(phase) && (this.options.policy === 'auto' || phase === 'started');
  }

  private runStop(): Promise<void> {
    this.wav.cancel();
    this.clearTimers();
    this.rejectStartWaiters(new StreamingError('stop() was called before the session began.'));
    let done!: () => void;
    const promise = new Promise<void>((resolve) => {
      done = resolve;
    });
    const run = { promise, done, setup: true };
    this.stopRun = run;
    const candidate = this.rollover.candidate;
    if (candidate !== undefined) this.drain(candidate, false);
    if (this.active !== undefined) this.drain(this.active, true);
    else this.audio.discard();
    run.setup = false;
    this.refreshState();
    this.checkStopDone();
    return promise;
  }

  private checkStopDone(): void {
    const run = this.stopRun;
    if (run === undefined || run.setup || this.draining.size > 0) return;
    this.stopRun = undefined;
    this.lifecycle.apply('stopped');
    this.refreshState();
    run.done();
    // auto: audio that came during the stop opens the next session.
    if (!isClosing(this.lifecycle.phase) && this.active === undefined && this.audio.hasPending) this.openForAudio();
  }

  private shouldStayOpen(): boolean {
    const phase = this.lifecycle.phase;
    if (isClosing(phase) || isStopping(phase)) return false;
    if (this.options.policy === 'auto') {
      return this.audio.hasPending || this.wav.playing || this.clock.now() - this.audio.lastAudioAt < this.options.idleMs;
    }
    return phase === 'started';
  }

  private fail(fault: Fault): void {
    this.lifecycle.apply('fail');
    this.clearTimers();
    this.wav.cancel();
    const candidate = this.rollover.candidate;
    if (candidate !== undefined) this.drain(candidate, false);
    this.audio.discard();
    const error = new StreamingError(fault.message, fault.errorCode, true);
    this.rejectStartWaiters(error);
    this.emitError(error);
    this.refreshState({ message: fault.message });
  }

  // ---- connections ----------------------------------------------------------

  private createLink(role: LinkRole): Link {
    const o = this.options;
    const id = this.nextLinkId++;
    const finalizer = new TurnFinalizer(awaitsFormattedTurn(this.params), o.formattedTurnTimeoutMs, (turn) => {
      if (turn.final) this.finalTurns++;
      this.emitEvent('turn', turn, link.info ?? { id: '', model: String(this.params.speech_model), expiresAt: 0 });
    }, this.clock);
    const settings = {
      baseUrl: o.url,
      params: { ...this.params },
      sampleRate: this.format.sampleRate,
      encoding: this.format.encoding,
      apiKey: o.apiKey,
      getToken: o.getToken,
      connectTimeoutMs: o.connectTimeoutMs,
      terminationTimeoutMs: o.terminationTimeoutMs,
      silenceTimeoutMs: this.params.session_heartbeat === true ? o.heartbeatTimeoutMs : undefined,
      tls: o.tls,
      clock: this.clock,
    };
    const conn = new Connection(settings, {
      onBegin: (message) => this.guard(() => this.onBegin(link, message)),
      onMessage: (message) =>
        this.guard(() =>
          routeMessage(link, message, {
            emit: (event, ...args) => this.emitEvent(event, ...args),
            error: (error) => this.emitError(error),
            turnChanged: (changed) => {
              if (changed !== this.active) return;
              this.refreshState();
              this.rollover.activeTurnChanged(changed);
            },
          }),
        ),
      onEnd: (end) => this.guard(() => this.onEnd(link, end)),
    });
    const link: Link = { id, role, conn, finalizer, orders: this.numbering.forConnection(), beganAt: 0, turnOpen: false };
    this.connectionsOpened++;
    return link;
  }

  /** New audio or a WAV file: open a connection unless one is open, pending or being stopped. */
  private openIfNothingPending(): void {
    if (this.active === undefined && this.retryTimer === undefined && !isStopping(this.lifecycle.phase)) this.openForAudio();
  }

  private openForAudio(): void {
    const phase = this.lifecycle.phase;
    if (this.options.policy === 'auto' && !isClosing(phase) && !isFailed(phase)) this.connectActive();
  }

  private connectActive(): void {
    const link = this.createLink('active');
    this.active = link;
    this.refreshState();
    link.conn.open();
  }

  private onBegin(link: Link, message: BeginMessage): void {
    const model = typeof message.configuration?.model === 'string' ? message.configuration.model : String(this.params.speech_model);
    link.info = { id: message.id, model, expiresAt: message.expires_at };
    link.beganAt = this.clock.now();
    this.emitEvent('begin', message.configuration ? { ...link.info, configuration: message.configuration } : { ...link.info });
    // A listener may have called stop() or close(): act on the role as it is now.
    if (link.role === 'draining') this.finishDrain(link);
    else if (link.role === 'candidate') this.rollover.candidateBegan();
    else if (link === this.active) this.onActiveReady(link);
  }

  private onActiveReady(link: Link): void {
    this.attempt = 0;
    this.rollover.activeBegan(link);
    this.armIdleTimer(this.options.idleMs);
    this.refreshState();
    this.audio.pump();
    const waiters = this.startWaiters;
    this.startWaiters = [];
    for (const waiter of waiters) waiter.resolve();
  }

  /** Ends a connection gracefully. With takeAudio, the audio still held goes to it first (stop, idle). */
  private drain(link: Link, takeAudio: boolean): void {
    if (link === this.active) this.active = undefined;
    this.rollover.forget(link);
    link.role = 'draining';
    this.draining.add(link);
    if (takeAudio) link.outbox = this.audio.handOver();
    if (link.conn.begun) this.finishDrain(link);
    else if (link.outbox === undefined || link.outbox.length === 0) link.conn.abort();
    // else: the connect timer bounds the wait for Begin; then finishDrain sends the outbox.
  }

  private finishDrain(link: Link): void {
    const outbox = link.outbox;
    link.outbox = undefined;
    if (outbox !== undefined) this.audio.releaseAll(link.conn, outbox);
    link.conn.terminate();
  }

  private onEnd(link: Link, end: ConnectionEnd): void {
    link.finalizer.flush(); // a turn waiting for its formatted message is final now
    link.finalizer.dispose();
    if (link.outbox !== undefined) {
      this.audio.lose(link.outbox);
      link.outbox = undefined;
    }
    const fault = classifyEnd(end, this.options);
    if (link.role === 'draining') this.onDrainedEnd(link, end, fault);
    else if (link.role === 'candidate') this.rollover.candidateEnded(link, fault);
    else if (link === this.active) this.onActiveLost(end, fault);
  }

  private onDrainedEnd(link: Link, end: ConnectionEnd, fault: Fault): void {
    this.draining.delete(link);
    this.emitEvent('closed', { code: fault.closeCode, reason: fault.reason, willRetry: false });
    const report = reportDrainedEnd(end, fault);
    if (report === 'warning') this.emitEvent('warning', { code: 0, message: fault.message });
    else if (report === 'error') this.emitError(new StreamingError(fault.message, fault.errorCode, false));
    this.refreshState();
    this.checkStopDone();
  }

  private onActiveLost(end: ConnectionEnd, fault: Fault): void {
    this.active = undefined;
    this.clearTimer('idle');
    this.rollover.cancel();
    this.audio.resetFlow();
    const plan = planActiveLoss(fault, {
      policy: this.options.policy,
      attempt: this.attempt,
      maxAttempts: this.options.retry.maxAttempts,
      pendingAudio: this.audio.hasPending,
      stayOpen: this.shouldStayOpen(),
      hasCandidate: this.rollover.candidate !== undefined,
      serverError: end.serverError !== undefined,
    });
    this.emitEvent('closed', { code: fault.closeCode, reason: fault.reason, willRetry: plan.willRetry });
    if (plan.reportError) this.emitError(new StreamingError(fault.message, fault.errorCode, false));
    switch (plan.action) {
      case 'fail':
        this.fail(plan.failure ?? fault);
        return;
      case 'finish': {
        if (this.options.policy !== 'auto' && this.lifecycle.can('end')) this.lifecycle.apply('end');
        const candidate = this.rollover.candidate;
        if (candidate !== undefined) this.drain(candidate, false);
        this.rejectStartWaiters(new StreamingError(fault.message, fault.errorCode, false));
        this.refreshState({ message: fault.message });
        return;
      }
      case 'promote': {
        const next = this.rollover.take() as Link;
        next.role = 'active';
        this.active = next;
        if (next.conn.begun) this.onActiveReady(next);
        else this.refreshState();
        return;
      }
      case 'reconnect':
        this.connectActive();
        return;
      case 'retry':
        this.scheduleRetry(fault, plan.longerBackoff);
        return;
    }
  }

  private scheduleRetry(fault: Fault, longer: boolean): void {
    this.attempt++;
    const delayMs = backoffDelay(this.attempt, this.options.retry, longer);
    this.retryTimer = this.clock.setTimeout(() => {
      this.retryTimer = undefined;
      this.guard(() => {
        const phase = this.lifecycle.phase;
        if ((phase === 'idle' || phase === 'started') && this.active === undefined) this.connectActive();
      });
    }, delayMs);
    this.emitEvent('reconnecting', { attempt: this.attempt, delayMs, code: fault.errorCode, reason: fault.message });
    this.refreshState({ retryInMs: delayMs, message: fault.message });
  }

  // ---- idle -----------------------------------------------------------------

  private armIdleTimer(delayMs: number): void {
    if (this.options.policy !== 'auto') return;
    this.clearTimer('idle');
    this.idleTimer = this.clock.setTimeout(() => this.guard(() => this.checkIdle()), delayMs);
  }

  private checkIdle(): void {
    this.idleTimer = undefined;
    const link = this.active;
    if (link === undefined || !link.conn.begun) return;
    const quietMs = this.clock.now() - Math.max(this.audio.lastAudioAt, link.beganAt);
    if (quietMs < this.options.idleMs || this.wav.playing) {
      this.armIdleTimer(Math.max(this.options.idleMs - quietMs, 50));
      return;
    }
    // No audio for idleSeconds: end this session (billing stops); the next audio opens a new one.
    this.rollover.cancel();
    const candidate = this.rollover.candidate;
    if (candidate !== undefined) this.drain(candidate, false);
    this.drain(link, true);
    this.refreshState();
  }

  // ---- state, events, timers --------------------------------------------------

  private refreshState(detail: StateDetail = {}): void {
    const active = this.active;
    const next = displayState(this.lifecycle.phase, {
      active: active === undefined ? undefined : { begun: active.conn.begun, turnOpen: active.turnOpen },
      retryPending: this.retryTimer !== undefined,
      draining: this.draining.size,
    });
    if (next === this.current) return;
    this.current = next;
    this.emitEvent('state', next, detail);
  }

  private rejectStartWaiters(error: StreamingError): void {
    const waiters = this.startWaiters;
    this.startWaiters = [];
    for (const waiter of waiters) waiter.reject(error);
  }

  /** Emits without letting a throwing listener break the session (or Node-RED). */
  private emitEvent<K extends keyof SessionEventArgs>(event: K, ...args: SessionEventArgs[K]): void {
    try {
      (this.emit as (event: K, ...args: SessionEventArgs[K]) => boolean)(event, ...args);
    } catch (error) {
      if (event !== 'error') {
        const message = error instanceof Error ? error.message : String(error);
        this.emitError(new StreamingError(`A '${String(event)}' listener threw: ${message}`));
      }
    }
  }

  /** 'error' goes out only while someone listens, so it never throws through EventEmitter. */
  private emitError(error: StreamingError): void {
    if (this.listenerCount('error') > 0) this.emitEvent('error', error);
  }

  private guard(action: () => void): void {
    try {
      action();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.emitError(new StreamingError(`Internal error in the streaming session: ${message}`));
    }
  }

  private clearTimer(name: 'retry' | 'idle'): void {
    const key = `${name}Timer` as const;
    const timer = this[key];
    if (timer !== undefined) this.clock.clearTimeout(timer);
    this[key] = undefined;
  }

  private clearTimers(): void {
    this.clearTimer('retry');
    this.clearTimer('idle');
    this.rollover.cancel();
    this.audio.cancelPump();
  }
}
