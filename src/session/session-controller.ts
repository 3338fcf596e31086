// The coordinator behind StreamingSession: it wires the parts (lifecycle,
// audio pipeline, WAV input, rollover, link factory, drainer, retry and idle
// timers) to the connections, carries out the loss planner's decisions and
// derives the state the user sees. Input is checked by the facade first.
import { awaitsFormattedTurn } from '../protocol/speech-models';
import type { SessionInfo } from '../protocol/turn';
import { AudioPipeline } from './audio-pipeline';
import { BillingMeter } from './billing-meter';
import type { Clock } from './clock';
import type { ConnectionEnd } from './connection';
import { CLOSE_SEND_BUDGET_MS, Drainer } from './drainer';
import type { Fault } from './fault';
import { IdleWatch } from './idle-watch';
import { acceptsAudio, displayState, isClosing, isFailed, isStopping, Lifecycle, mayConnect, staysOpen } from './lifecycle';
import { updateLink, type Link } from './link';
import { LinkFactory } from './link-factory';
import { planActiveLoss } from './loss-planner';
import type { ResolvedOptions } from './options';
import { pacingFor } from './pacing';
import { RetryTimer } from './retry-timer';
import { Rollover } from './rollover';
import type { Emit } from './server-messages';
import { StartWaiters } from './start-waiters';
import { StopRun } from './stop-run';
import { StreamingError, type AudioFormat, type ConnectionParams, type SessionState, type StreamingSessionStats } from './types';
import { WavInput } from './wav-input';

/** How the controller reaches the session's (safe) event emitter. */
export interface SessionOutput {
  emit: Emit;
  error(error: StreamingError): void;
  guard(action: () => void): void;
}

type StateDetail = { retryInMs?: number; message?: string };

export class SessionController {
  private readonly params: ConnectionParams;
  private readonly lifecycle = new Lifecycle();
  private readonly audio: AudioPipeline;
  private readonly wav: WavInput;
  private readonly rollover: Rollover;
  private readonly links: LinkFactory;
  private readonly drainer: Drainer;
  private readonly retry: RetryTimer;
  private readonly idle: IdleWatch;

  private active: Link | undefined;
  private current: SessionState = 'idle';
  /** The stop in progress (of stop() or close()): resolved when every connection has ended. */
  private stopRun: StopRun | undefined;
  private closing: Promise<void> | undefined;
  private readonly startWaiters = new StartWaiters();
  private finalTurns = 0;
  private readonly billing: BillingMeter;

  constructor(
    private readonly options: ResolvedOptions,
    private readonly clock: Clock,
    private readonly out: SessionOutput,
  ) {
    this.params = { ...this.options.params };
    this.billing = new BillingMeter(clock);
    this.audio = new AudioPipeline(
      options,
      { sampleRate: options.sampleRate, encoding: options.encoding },
      {
        target: () => this.active?.conn,
        acceptsAudio: () => acceptsAudio(this.lifecycle.phase, this.options.policy),
        audioTaken: () => this.openIfNothingPending(),
        quiet: () => this.noConnection() && !isStopping(this.lifecycle.phase) && !this.wav.playing,
        reportDrop: (event) => this.out.emit('audioDropped', event),
        reportBacklog: (event) => this.out.emit('backlog', event),
        reportCaughtUp: (event) => this.out.emit('caughtUp', event),
        guard: (action) => out.guard(action),
      },
      this.clock,
      pacingFor(options, options.maxSendRate),
    );
    this.wav = new WavInput(
      {
        audio: this.audio,
        canAdoptFormat: () => this.noConnection() && !this.audio.hasPending && !this.wav.playing,
        acceptsAudio: () => acceptsAudio(this.lifecycle.phase, this.options.policy),
        failed: () => isFailed(this.lifecycle.phase),
        warn: (message) => this.out.emit('warning', { code: 0, message }),
        fileStarted: () => this.openIfNothingPending(),
      },
      this.clock,
    );
    this.rollover = new Rollover(
      this.options,
      {
        active: () => this.active,
        mayRollOver: () => !isStopping(this.lifecycle.phase) && !isClosing(this.lifecycle.phase),
        createCandidate: () => this.links.create('candidate', this.params, this.audio.audioFormat),
        promote: (next, previous) => {
          this.makeActive(next);
          if (previous !== undefined) this.drain(previous, false);
          this.audio.resetFlow(); // a new connection: its own rate allowance
          this.onActiveReady(next);
        },
        reportCandidateLoss: (fault, willRetry) => {
          this.out.emit('closed', { code: fault.closeCode, reason: fault.reason, willRetry });
          this.out.error(new StreamingError(`Could not open the next session for the rollover: ${fault.message}`, fault.errorCode, false));
        },
        guard: (action) => out.guard(action),
      },
      this.clock,
    );
    this.drainer = new Drainer(this.audio, this.clock, {
      pacing: () => pacingFor(this.audio.audioFormat, options.maxSendRate),
      guard: (action) => out.guard(action),
    });
    this.retry = new RetryTimer(this.options.retry, this.clock, (action) => out.guard(action));
    this.links = new LinkFactory(options, clock, {
      out: {
        ...out,
        turnChanged: (link) => {
          if (link !== this.active) return;
          this.refreshState();
          this.rollover.activeTurnChanged(link);
        },
      },
      audio: this.audio,
      drainer: this.drainer,
      rollover: this.rollover,
      billing: this.billing,
      active: () => this.active,
      activeBegan: (link) => this.onActiveReady(link),
      activeLost: (end, fault) => this.onActiveLost(end, fault),
      drained: () => {
        this.refreshState();
        this.checkStopDone();
      },
      countFinal: () => this.finalTurns++,
    });
    this.idle = new IdleWatch(options.policy === 'auto', options.idleMs, clock, {
      active: () => this.active,
      lastAudioAt: () => this.audio.lastAudioAt,
      wavPlaying: () => this.wav.playing,
      closeIdle: (link) => {
        this.rollover.cancel();
        this.dropCandidate();
        this.drain(link, true);
        this.refreshState();
      },
      guard: (action) => out.guard(action),
    });
  }

  get state(): SessionState {
    return this.current;
  }

  get info(): SessionInfo | undefined {
    return this.active?.conn.begun === true ? this.active.info : undefined;
  }

  /** The format audio must have: the options', or a WAV file's that was adopted. */
  get audioFormat(): AudioFormat {
    return this.audio.audioFormat;
  }

  start(): Promise<void> {
    if (isClosing(this.lifecycle.phase))
      return Promise.reject(new StreamingError('The session is closed; create a new StreamingSession.', undefined, true));
    if (this.stopRun !== undefined) return this.stopRun.promise.then(() => this.start());
    this.lifecycle.apply('start');
    this.audio.openGate();
    this.audio.touch(); // the auto policy's idle clock starts now
    const link = this.active;
    if (link !== undefined && link.conn.begun) return Promise.resolve();
    const begun = this.startWaiters.add();
    if (link === undefined && !this.retry.pending) this.connectActive();
    this.refreshState();
    return begun;
  }

  /** close() was called: no more audio, no start(). */
  get closed(): boolean {
    return isClosing(this.lifecycle.phase);
  }

  write(audio: Buffer): void {
    this.audio.take(audio);
  }

  writeWav(wav: Buffer, pace: 'realtime' | 'fast'): Promise<void> {
    return this.wav.play(wav, pace);
  }

  /** A control message for the open session; dropped when none is open. */
  sendControl(text: string): void {
    this.active?.conn.sendText(text);
  }

  /**
   * Sends a checked UpdateConfiguration to the open session and a rollover candidate (one still
   * connecting, dialled with the old parameters, gets it after its Begin); later connections dial with it.
   */
  updateConfiguration(update: Record<string, unknown>): void {
    Object.assign(this.params, update);
    const awaitFormatted = awaitsFormattedTurn(this.params);
    for (const link of [this.active, this.rollover.candidate]) if (link !== undefined) updateLink(link, update, awaitFormatted);
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
    if (this.stopRun !== undefined) this.drainer.hurry(CLOSE_SEND_BUDGET_MS);
    const stopped = this.stopRun?.promise ?? this.runStop(CLOSE_SEND_BUDGET_MS);
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
    return { connectionsOpened: this.links.created, ...audio, turns: this.finalTurns, billing: this.billing.figures() };
  }

  setMuted(muted: boolean): void {
    this.audio.setMuted(muted);
  }

  private runStop(sendBudgetMs = Infinity /* close(): bound on the paced send of the audio held */): Promise<void> {
    this.wav.cancel();
    this.clearTimers();
    this.startWaiters.rejectAll(new StreamingError('stop() was called before the session began.'));
    const run = new StopRun();
    this.stopRun = run;
    this.dropCandidate();
    if (this.active !== undefined) this.drain(this.active, true, sendBudgetMs);
    else this.audio.discard();
    run.settingUp = false;
    this.refreshState();
    this.checkStopDone();
    return run.promise;
  }

  private checkStopDone(): void {
    const run = this.stopRun;
    if (run === undefined || !run.canFinish(this.drainer.size)) return;
    this.stopRun = undefined;
    this.lifecycle.apply('stopped');
    this.refreshState();
    run.finish();
    // auto: audio that came during the stop opens the next session.
    if (!isClosing(this.lifecycle.phase) && this.active === undefined && this.audio.hasPending) this.openForAudio();
  }

  private fail(fault: Fault): void {
    this.lifecycle.apply('fail');
    this.clearTimers();
    this.wav.cancel();
    this.dropCandidate();
    this.audio.discard();
    const error = new StreamingError(fault.message, fault.errorCode, true);
    this.startWaiters.rejectAll(error);
    this.out.error(error);
    this.refreshState({ message: fault.message });
  }

  /** No connection open, being opened, or waiting to be retried. */
  private noConnection(): boolean {
    return this.active === undefined && this.rollover.candidate === undefined && !this.retry.pending;
  }

  /** New audio or a WAV file: open a connection unless one is open, pending or being stopped. */
  private openIfNothingPending(): void {
    if (this.active === undefined && !this.retry.pending && !isStopping(this.lifecycle.phase)) this.openForAudio();
  }

  private openForAudio(): void {
    const phase = this.lifecycle.phase;
    if (this.options.policy === 'auto' && !isClosing(phase) && !isFailed(phase)) this.connectActive();
  }

  private connectActive(): void {
    const link = this.links.create('active', this.params, this.audio.audioFormat);
    this.active = link;
    this.refreshState();
    link.conn.open();
  }

  private makeActive(link: Link): Link {
    link.role = 'active';
    this.active = link;
    return link;
  }

  private onActiveReady(link: Link): void {
    this.retry.reset();
    this.rollover.activeBegan(link);
    this.idle.arm();
    this.refreshState();
    this.audio.pump();
    this.startWaiters.resolveAll();
  }

  /** Ends a connection gracefully. With takeAudio, the audio still held goes to it first (stop, idle). */
  private drain(link: Link, takeAudio: boolean, sendBudgetMs = Infinity): void {
    if (link === this.active) this.active = undefined;
    this.rollover.forget(link);
    this.drainer.drain(link, takeAudio ? this.audio.handOver() : undefined, sendBudgetMs);
  }

  /** Ends the rollover candidate, if any (stop, idle, failure). */
  private dropCandidate(): void {
    const candidate = this.rollover.candidate;
    if (candidate !== undefined) this.drain(candidate, false);
  }

  private onActiveLost(end: ConnectionEnd, fault: Fault): void {
    this.active = undefined;
    this.idle.cancel();
    this.rollover.cancel();
    this.audio.resetFlow();
    const plan = planActiveLoss(fault, {
      policy: this.options.policy,
      attempt: this.retry.attempt,
      maxAttempts: this.options.retry.maxAttempts,
      pendingAudio: this.audio.hasPending,
      stayOpen: staysOpen(this.lifecycle.phase, this.options.policy, {
        pendingAudio: this.audio.hasPending,
        wavPlaying: this.wav.playing,
        quietForMs: this.clock.now() - this.audio.lastAudioAt,
        idleMs: this.options.idleMs,
      }),
      hasCandidate: this.rollover.candidate !== undefined,
      serverError: end.serverError !== undefined,
    });
    this.out.emit('closed', { code: fault.closeCode, reason: fault.reason, willRetry: plan.willRetry });
    if (plan.reportError) this.out.error(new StreamingError(fault.message, fault.errorCode, false));
    switch (plan.action) {
      case 'fail':
        this.fail(plan.failure ?? fault);
        return;
      case 'finish': {
        if (this.options.policy !== 'auto' && this.lifecycle.can('end')) this.lifecycle.apply('end');
        this.dropCandidate();
        this.startWaiters.rejectAll(new StreamingError(fault.message, fault.errorCode, false));
        this.refreshState({ message: fault.message });
        return;
      }
      case 'promote': {
        const next = this.makeActive(this.rollover.take() as Link);
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
    const delayMs = this.retry.schedule(longer, () => {
      if (mayConnect(this.lifecycle.phase) && this.active === undefined) this.connectActive();
    });
    this.out.emit('reconnecting', { attempt: this.retry.attempt, delayMs, code: fault.errorCode, reason: fault.message });
    this.refreshState({ retryInMs: delayMs, message: fault.message });
  }

  private refreshState(detail: StateDetail = {}): void {
    const next = displayState(this.lifecycle.phase, {
      active: this.active && { begun: this.active.conn.begun, turnOpen: this.active.turnOpen },
      retryPending: this.retry.pending,
      draining: this.drainer.size,
    });
    if (next === this.current) return;
    this.current = next;
    this.out.emit('state', next, detail);
  }

  private clearTimers(): void {
    this.retry.cancel();
    this.idle.cancel();
    this.rollover.cancel();
    this.audio.cancelPump();
  }
}
