// StreamingSession: one logical transcription stream over one or more v3
// connections. It frames and buffers audio, opens and closes connections by
// policy, retries transient faults, rolls over before a session expires, and
// turns server messages into typed events. No Node-RED in here.
import { EventEmitter } from 'node:events';
import { FrameQueue } from '../audio/frame-queue';
import { Framer } from '../audio/framer';
import { parseWav, WavFormatError } from '../audio/wav-parse';
import { bytesPerSample, type AudioEncoding, type BeginMessage, type TurnMessage } from '../protocol/messages';
import type { ParsedMessage } from '../protocol/parse';
import { awaitsFormattedTurn } from '../protocol/speech-models';
import type { SessionInfo, Turn } from '../protocol/turn';
import { encodeParamValue } from '../protocol/url';
import { backoffDelay } from './backoff';
import { Connection, type ConnectionEnd, type ConnectionSettings } from './connection';
import { DropReporter } from './drop-reporter';
import { classifyEnd, type Fault } from './fault';
import type { Link, LinkRole } from './link';
import { checkEncoding, checkSampleRate, resolveOptions, type ResolvedOptions } from './options';
import { SpeechGate } from './speech-gate';
import { TurnFinalizer } from './turn-finalizer';
import { TurnNumbering } from './turn-numbering';
import {
  StreamingError,
  type AudioFormat,
  type ConnectionParams,
  type SessionEvents,
  type SessionState,
  type StreamingSessionApi,
  type StreamingSessionOptions,
  type StreamingSessionStats,
} from './types';
import { FAST_PACE, WavStreamer } from './wav-streamer';

type SessionEventArgs = { [K in keyof SessionEvents]: Parameters<SessionEvents[K]> };
type StateDetail = { retryInMs?: number; message?: string };

/** Poll interval while the socket holds more than the high-water mark. */
const PUMP_POLL_MS = 20;
/** Back-pressure bound: at least 64 KiB, at least one second of audio. */
const MIN_HIGH_WATER_BYTES = 64 * 1024;
/** Longest wait, after the next session began, for the current turn to end before switching. */
const MAX_SWITCH_WAIT_MS = 10000;
/** Guards against a rollover loop when expires_at is already near (clock skew). */
const MIN_ROLLOVER_DELAY_MS = 500;
/** setTimeout fires at once beyond this. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** openOn 'speech': loud 10 ms windows in a row that count as speech. */
const GATE_MIN_SPEECH_MS = 80;
const FIXED_FIELDS = new Set(['type', 'sample_rate', 'encoding', 'token', 'speech_model']);
const FORCE_ENDPOINT = JSON.stringify({ type: 'ForceEndpoint' });
const KEEP_ALIVE = JSON.stringify({ type: 'KeepAlive' });

function describeFormat(format: Partial<AudioFormat>): string {
  return `${format.sampleRate ?? '?'} Hz ${format.encoding ?? '?'}`;
}

/** A Buffer view of any Uint8Array, without copying. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export class StreamingSession extends EventEmitter<SessionEventArgs> implements StreamingSessionApi {
  private readonly options: ResolvedOptions;
  private params: ConnectionParams;
  private format: AudioFormat;
  private framer!: Framer;
  private readonly queue: FrameQueue;
  private bytesPerMs = 0;
  private highWater = 0;

  private active: Link | undefined;
  private candidate: Link | undefined;
  private readonly draining = new Set<Link>();
  private nextLinkId = 1;

  private current: SessionState = 'idle';
  private closeRequested = false;
  private finished = false;
  private failed = false;
  /** manual/always: start() was called and stop() was not. */
  private wanted = false;
  private stopping: Promise<void> | undefined;
  private stopDone: (() => void) | undefined;
  private stopSetup = false;
  private closing: Promise<void> | undefined;

  private attempt = 0;
  private rolloverAttempt = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private rolloverTimer: NodeJS.Timeout | undefined;
  private switchTimer: NodeJS.Timeout | undefined;
  private pumpTimer: NodeJS.Timeout | undefined;
  private switchPending = false;
  /** auto + openOn 'speech': last time speech was heard (else: last audio). */
  private lastAudioAt = 0;
  private gate: SpeechGate | undefined;
  /** With a gate: speech was heard, so audio flows to sessions until idleSeconds pass without it. */
  private gateOpen = false;
  private gatedBytes = 0;
  private stallSince = 0;
  private stallBuffered = 0;

  private readonly numbering = new TurnNumbering();
  private startWaiters: Array<{ resolve: () => void; reject: (error: StreamingError) => void }> = [];
  private readonly drops: DropReporter;
  private wavChain: Promise<void> = Promise.resolve();
  private readonly wavStreams = new Set<WavStreamer>();
  private wavPending = 0;

  private framesSent = 0;
  private bytesSent = 0;
  private connectionsOpened = 0;
  private finalTurns = 0;

  /** Throws StreamingError (fatal) for invalid options. */
  constructor(options: StreamingSessionOptions) {
    super();
    this.options = resolveOptions(options);
    this.params = { ...this.options.params };
    this.format = { sampleRate: this.options.sampleRate, encoding: this.options.encoding };
    this.queue = new FrameQueue(0);
    this.applyFormat(this.format);
    this.drops = new DropReporter((event) => this.emitEvent('audioDropped', event));
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
    if (this.closeRequested) return Promise.reject(new StreamingError('The session is closed; create a new StreamingSession.', undefined, true));
    if (this.stopping !== undefined) return this.stopping.then(() => this.start());
    this.failed = false;
    this.wanted = true;
    this.gateOpen = true;
    this.lastAudioAt = Date.now(); // the auto policy's idle clock starts now
    const link = this.active;
    if (link !== undefined && link.conn.begun) return Promise.resolve();
    const begun = new Promise<void>((resolve, reject) => this.startWaiters.push({ resolve, reject }));
    if (link === undefined && this.retryTimer === undefined) this.connectActive();
    this.refreshState();
    return begun;
  }

  write(audio: Buffer, format?: Partial<AudioFormat>): void {
    if (this.closeRequested) throw new StreamingError('The session is closed; audio can no longer be written.', undefined, true);
    if (!(audio instanceof Uint8Array)) throw new StreamingError('Audio must be a Buffer of samples.');
    if (format !== undefined && format !== null) this.checkFormat(format);
    if (audio.length === 0) return;
    this.takeAudio(asBuffer(audio));
  }

  writeWav(wav: Buffer, options?: { pace?: 'realtime' | 'fast' }): Promise<void> {
    if (this.closeRequested) throw new StreamingError('The session is closed; audio can no longer be written.', undefined, true);
    if (!(wav instanceof Uint8Array)) throw new StreamingError('The WAV file must be a Buffer.');
    const pace = options?.pace ?? 'realtime';
    if (pace !== 'realtime' && pace !== 'fast') throw new StreamingError(`pace must be 'realtime' or 'fast', got ${String(pace)}`);
    let parsed;
    try {
      parsed = parseWav(asBuffer(wav));
    } catch (error) {
      if (error instanceof WavFormatError) throw new StreamingError(`Unsupported WAV file: ${error.message}.`);
      throw error;
    }
    const fileFormat: AudioFormat = { sampleRate: parsed.sampleRate, encoding: parsed.encoding };
    if (fileFormat.sampleRate !== this.format.sampleRate || fileFormat.encoding !== this.format.encoding) {
      if (!this.canAdoptFormat()) {
        throw new StreamingError(
          `The WAV file is ${describeFormat(fileFormat)} but the open session streams ${describeFormat(this.format)}. ` +
            'Stop the session first, or convert the file.',
        );
      }
      try {
        checkSampleRate(fileFormat.sampleRate);
      } catch (error) {
        throw new StreamingError(`Unsupported WAV file: ${(error as Error).message}.`);
      }
      this.applyFormat(fileFormat);
    }
    if (!this.acceptsAudio()) {
      throw new StreamingError(
        this.failed ? 'The session has failed; call start() before sending audio.' : 'The session is not started; call start() before sending audio.',
      );
    }
    for (const warning of parsed.warnings) this.emitEvent('warning', { code: 0, message: `WAV file: ${warning}` });
    if (parsed.data.length === 0) return Promise.resolve();

    const sampleBytes = bytesPerSample(parsed.encoding);
    const bytesPerSecond = parsed.sampleRate * sampleBytes;
    const streamer = new WavStreamer(parsed.data, bytesPerSecond, sampleBytes, pace === 'fast' ? FAST_PACE : 1, this.framer.frameBytes, {
      isReady: () => this.wavMaySend(),
      push: (chunk) => this.takeAudio(chunk),
      touch: () => {
        this.lastAudioAt = Date.now();
      },
      finish: () => this.framer.flush(this.sink),
    });
    this.wavPending++;
    this.gateOpen = true;
    this.wavStreams.add(streamer);
    const run = this.wavChain.then(() => streamer.run());
    this.wavChain = run.finally(() => {
      this.wavPending--;
      this.wavStreams.delete(streamer);
    });
    this.lastAudioAt = Date.now();
    if (this.active === undefined && this.retryTimer === undefined && this.stopping === undefined) this.openForAudio();
    return this.wavChain;
  }

  forceEndpoint(): void {
    this.active?.conn.sendText(FORCE_ENDPOINT);
  }

  keepAlive(): void {
    this.active?.conn.sendText(KEEP_ALIVE);
  }

  /**
   * Sends UpdateConfiguration to the open session and keeps the fields for the
   * next connections (reconnect, rollover). Throws StreamingError on a field
   * that cannot change mid-stream or a value that cannot be sent.
   */
  updateConfiguration(fields: Record<string, unknown>): void {
    if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
      throw new StreamingError('Configuration updates must be an object of fields.');
    }
    const update: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(fields)) {
      if (value === undefined) continue;
      if (FIXED_FIELDS.has(name)) throw new StreamingError(`${name} cannot be changed during a session.`);
      try {
        encodeParamValue(name, value);
      } catch (error) {
        throw new StreamingError((error as Error).message);
      }
      update[name] = value;
    }
    if (Object.keys(update).length === 0) return;
    Object.assign(this.params, update);
    const awaitFormatted = awaitsFormattedTurn(this.params);
    const text = JSON.stringify({ type: 'UpdateConfiguration', ...update });
    for (const link of [this.active, this.candidate]) {
      if (link === undefined) continue;
      link.finalizer.awaitFormatted = awaitFormatted;
      link.conn.sendText(text);
    }
  }

  stop(): Promise<void> {
    if (this.stopping !== undefined) return this.stopping;
    this.wanted = false;
    this.cancelWavStreams();
    this.clearTimers();
    this.rejectStartWaiters(new StreamingError('stop() was called before the session began.'));
    let settle!: () => void;
    const stopped = new Promise<void>((resolve) => {
      settle = resolve;
    });
    this.stopping = stopped;
    this.stopDone = settle;
    this.stopSetup = true;
    if (this.candidate !== undefined) this.drain(this.candidate, false);
    if (this.active !== undefined) this.drain(this.active, true);
    else this.discardAudio();
    this.stopSetup = false;
    this.refreshState();
    this.checkStopDone();
    return stopped;
  }

  close(): Promise<void> {
    if (this.closing !== undefined) return this.closing;
    this.closeRequested = true;
    this.closing = this.stop().then(() => {
      this.clearTimers();
      this.cancelWavStreams();
      this.discardAudio();
      this.drops.flush();
      this.finished = true;
      this.refreshState();
    });
    return this.closing;
  }

  stats(): StreamingSessionStats {
    return {
      connectionsOpened: this.connectionsOpened,
      framesSent: this.framesSent,
      bytesSent: this.bytesSent,
      droppedMs: Math.round(this.drops.totalDroppedMs),
      bufferedMs: Math.round((this.queue.bytes + this.framer.pendingBytes) / this.bytesPerMs),
      turns: this.finalTurns,
      gatedMs: Math.round(this.gatedBytes / this.bytesPerMs),
    };
  }

  // ---- audio path -----------------------------------------------------------

  private applyFormat(format: AudioFormat): void {
    this.format = { sampleRate: format.sampleRate, encoding: format.encoding };
    this.framer = new Framer({ sampleRate: format.sampleRate, encoding: format.encoding, frameMs: this.options.frameMs });
    const bytesPerSecond = format.sampleRate * bytesPerSample(format.encoding);
    this.bytesPerMs = bytesPerSecond / 1000;
    this.highWater = Math.max(MIN_HIGH_WATER_BYTES, bytesPerSecond);
    this.queue.setCapacity(Math.round(this.options.bufferSeconds * bytesPerSecond));
    if (this.options.policy === 'auto' && this.options.openOn === 'speech') {
      const { speechThresholdDbfs, preRollMs } = this.options;
      this.gate = new SpeechGate({ ...this.format, thresholdDbfs: speechThresholdDbfs, minSpeechMs: GATE_MIN_SPEECH_MS, preRollMs });
    }
  }

  private checkFormat(format: Partial<AudioFormat>): void {
    const channels = (format as { channels?: unknown }).channels;
    if (channels !== undefined && channels !== 1) {
      throw new StreamingError(`Audio has ${String(channels)} channels; only mono audio can be transcribed.`);
    }
    const rateDiffers = format.sampleRate !== undefined && format.sampleRate !== this.format.sampleRate;
    const encodingDiffers = format.encoding !== undefined && format.encoding !== this.format.encoding;
    if (rateDiffers || encodingDiffers) {
      if (format.encoding !== undefined) checkEncoding(format.encoding);
      throw new StreamingError(
        `Audio is ${describeFormat({ ...this.format, ...format })} but the session streams ${describeFormat(this.format)}. ` +
          'Configure the transcriber for this format, or convert the audio.',
      );
    }
  }

  private canAdoptFormat(): boolean {
    return (
      this.active === undefined &&
      this.candidate === undefined &&
      this.retryTimer === undefined &&
      this.queue.length === 0 &&
      this.framer.pendingBytes === 0 &&
      this.wavPending === 0
    );
  }

  private acceptsAudio(): boolean {
    return !this.failed && (this.options.policy === 'auto' || this.wanted);
  }

  private wavMaySend(): boolean {
    const link = this.active;
    return link !== undefined && link.conn.ready && this.queue.bytes < this.highWater;
  }

  private takeAudio(chunk: Buffer): void {
    if (!this.acceptsAudio()) {
      this.drops.add(chunk.length / this.bytesPerMs, 'not-accepting');
      return;
    }
    if (this.gate === undefined) this.lastAudioAt = Date.now();
    else if (!this.passesGate(this.gate, chunk)) return;
    this.framer.push(chunk, this.sink);
    if (this.active === undefined && this.retryTimer === undefined && this.stopping === undefined) this.openForAudio();
  }

  /**
   * openOn 'speech': while no speech has been heard for idleSeconds and nothing
   * is open or pending, audio is only held as pre-roll. Speech opens the gate and
   * the pre-roll goes out first, so the first words are kept.
   */
  private passesGate(gate: SpeechGate, chunk: Buffer): boolean {
    const now = Date.now();
    const speech = gate.hasSpeech(chunk);
    if (speech) this.lastAudioAt = now;
    if (this.gateOpen && this.gateMayClose(now)) this.gateOpen = false;
    if (this.gateOpen) return true;
    if (!speech) {
      this.gatedBytes += gate.hold(chunk);
      return false;
    }
    this.gateOpen = true;
    for (const held of gate.release()) this.framer.push(held, this.sink);
    return true;
  }

  private gateMayClose(now: number): boolean {
    return (
      this.active === undefined &&
      this.candidate === undefined &&
      this.retryTimer === undefined &&
      this.stopping === undefined &&
      this.wavPending === 0 &&
      !this.hasPendingAudio() &&
      now - this.lastAudioAt >= this.options.idleMs
    );
  }

  /** Receives every frame from the framer: straight to the socket when nothing is queued and it has room. */
  private readonly sink = (frame: Buffer): void => {
    const link = this.active;
    if (link !== undefined && this.queue.length === 0 && link.conn.ready && link.conn.bufferedAmount < this.highWater) {
      this.sendFrame(link, frame);
      return;
    }
    this.enqueue(frame);
    if (link !== undefined && this.pumpTimer === undefined && link.conn.ready) this.pump();
  };

  private readonly enqueue = (frame: Buffer): void => {
    const dropped = this.queue.push(frame);
    if (dropped > 0) this.drops.add(dropped / this.bytesPerMs, this.active?.conn.begun === true ? 'back-pressure' : 'waiting-for-connection');
  };

  private sendFrame(link: Link, frame: Buffer): void {
    link.conn.sendAudio(frame);
    this.framesSent++;
    this.bytesSent += frame.length;
  }

  /** Sends queued frames while the socket has room; polls while it does not. */
  private pump(): void {
    const link = this.active;
    if (link === undefined || !link.conn.ready) return;
    while (this.queue.length > 0) {
      const buffered = link.conn.bufferedAmount;
      if (buffered >= this.highWater) {
        this.watchStall(link, buffered);
        return;
      }
      this.sendFrame(link, this.queue.shift() as Buffer);
    }
    this.stallSince = 0;
  }

  private watchStall(link: Link, buffered: number): void {
    const now = Date.now();
    if (this.stallSince === 0 || buffered < this.stallBuffered) this.stallSince = now;
    this.stallBuffered = buffered;
    if (now - this.stallSince >= this.options.connectTimeoutMs) {
      this.stallSince = 0;
      link.conn.abort({ kind: 'timeout', phase: 'stall' });
      return;
    }
    if (this.pumpTimer === undefined) {
      this.pumpTimer = setTimeout(() => {
        this.pumpTimer = undefined;
        this.guard(() => this.pump());
      }, PUMP_POLL_MS);
    }
  }

  private hasPendingAudio(): boolean {
    return this.queue.length > 0 || this.framer.pendingBytes > 0;
  }

  private discardAudio(): void {
    const lost = this.queue.clear() + this.framer.pendingBytes;
    this.framer.reset();
    this.drops.add(lost / this.bytesPerMs, 'discarded');
  }

  private cancelWavStreams(): void {
    for (const streamer of this.wavStreams) streamer.cancel();
  }

  // ---- connections ----------------------------------------------------------

  private connectionSettings(): ConnectionSettings {
    const o = this.options;
    return {
      baseUrl: o.url,
      params: { ...this.params },
      sampleRate: this.format.sampleRate,
      encoding: this.format.encoding as AudioEncoding,
      apiKey: o.apiKey,
      getToken: o.getToken,
      connectTimeoutMs: o.connectTimeoutMs,
      terminationTimeoutMs: o.terminationTimeoutMs,
      silenceTimeoutMs: this.params.session_heartbeat === true ? o.heartbeatTimeoutMs : undefined,
      tls: o.tls,
    };
  }

  private createLink(role: LinkRole): Link {
    const id = this.nextLinkId++;
    const finalizer = new TurnFinalizer(awaitsFormattedTurn(this.params), this.options.formattedTurnTimeoutMs, (turn) =>
      this.emitTurn(link, turn),
    );
    const conn = new Connection(this.connectionSettings(), {
      onBegin: (message) => this.guard(() => this.onBegin(link, message)),
      onMessage: (message) => this.guard(() => this.onMessage(link, message)),
      onEnd: (end) => this.guard(() => this.onEnd(link, end)),
    });
    const link: Link = { id, role, conn, finalizer, orders: this.numbering.forConnection(), beganAt: 0, turnOpen: false };
    this.connectionsOpened++;
    return link;
  }

  private openForAudio(): void {
    if (this.options.policy === 'auto' && !this.closeRequested && !this.failed) this.connectActive();
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
    link.beganAt = Date.now();
    this.emitEvent('begin', message.configuration ? { ...link.info, configuration: message.configuration } : { ...link.info });
    // A listener may have called stop() or close(): act on the role as it is now.
    if (link.role === 'draining') this.finishDrain(link);
    else if (link.role === 'candidate') this.onCandidateBegun();
    else if (link === this.active) this.onActiveReady(link);
  }

  private onActiveReady(link: Link): void {
    this.attempt = 0;
    this.rolloverAttempt = 0;
    this.scheduleRollover(link);
    this.armIdleTimer(this.options.idleMs);
    this.refreshState();
    this.pump();
    const waiters = this.startWaiters;
    this.startWaiters = [];
    for (const waiter of waiters) waiter.resolve();
  }

  /** Ends a connection gracefully. With takeAudio, the audio still held goes to it first (stop, idle). */
  private drain(link: Link, takeAudio: boolean): void {
    if (link === this.active) this.active = undefined;
    if (link === this.candidate) this.candidate = undefined;
    link.role = 'draining';
    this.draining.add(link);
    if (takeAudio) {
      this.framer.flush(this.enqueue);
      link.outbox = this.queue.takeAll();
    }
    if (link.conn.begun) this.finishDrain(link);
    else if (link.outbox === undefined || link.outbox.length === 0) link.conn.abort();
    // else: the connect timer bounds the wait for Begin; then finishDrain sends the outbox.
  }

  private finishDrain(link: Link): void {
    const outbox = link.outbox;
    link.outbox = undefined;
    if (outbox !== undefined && link.conn.ready) for (const frame of outbox) this.sendFrame(link, frame);
    link.conn.terminate();
  }

  private onEnd(link: Link, end: ConnectionEnd): void {
    link.finalizer.flush(); // a turn waiting for its formatted message is final now
    link.finalizer.dispose();
    if (link.outbox !== undefined) {
      const lost = link.outbox.reduce((sum, frame) => sum + frame.length, 0);
      link.outbox = undefined;
      this.drops.add(lost / this.bytesPerMs, 'discarded');
    }
    const fault = classifyEnd(end, this.options);
    if (link.role === 'draining') this.onDrainedEnd(link, end, fault);
    else if (link.role === 'candidate') this.onCandidateEnd(link, fault);
    else if (link === this.active) this.onActiveLost(end, fault);
  }

  private onDrainedEnd(link: Link, end: ConnectionEnd, fault: Fault): void {
    this.draining.delete(link);
    this.emitEvent('closed', { code: fault.closeCode, reason: fault.reason, willRetry: false });
    if (end.cause.kind === 'timeout' && end.cause.phase === 'termination') {
      this.emitEvent('warning', { code: 0, message: fault.message });
    } else if (fault.retry !== 'normal' || end.serverError !== undefined) {
      this.emitError(new StreamingError(fault.message, fault.errorCode, false));
    }
    this.refreshState();
    this.checkStopDone();
  }

  private onCandidateEnd(link: Link, fault: Fault): void {
    if (link === this.candidate) this.candidate = undefined;
    this.clearTimer('switch');
    this.switchPending = false;
    const active = this.active;
    const retry = active !== undefined && active.conn.ready && fault.retry !== 'none';
    this.emitEvent('closed', { code: fault.closeCode, reason: fault.reason, willRetry: retry });
    this.emitError(new StreamingError(`Could not open the next session for the rollover: ${fault.message}`, fault.errorCode, false));
    if (retry) {
      this.rolloverAttempt++;
      this.rolloverTimer = setTimeout(
        () => this.guard(() => this.startRollover()),
        backoffDelay(this.rolloverAttempt, this.options.retry, fault.retry === 'concurrency'),
      );
    }
  }

  private onActiveLost(end: ConnectionEnd, fault: Fault): void {
    this.active = undefined;
    for (const name of ['idle', 'rollover', 'pump', 'switch'] as const) this.clearTimer(name);
    this.switchPending = false;
    this.stallSince = 0;
    const policy = this.options.policy;
    const retry = fault.retry;
    let plan: 'fail' | 'idle' | 'promote' | 'now' | 'later';
    if (retry === 'none' || (retry === 'once' && this.attempt > 0)) plan = 'fail';
    else if (retry === 'normal' && policy !== 'always') plan = policy === 'auto' && this.hasPendingAudio() ? 'now' : 'idle';
    else if (!this.shouldStayOpen()) plan = 'idle';
    else if (this.candidate !== undefined) plan = 'promote';
    else if (retry === 'expired') plan = 'now';
    else plan = 'later';
    const maxAttempts = this.options.retry.maxAttempts;
    let failure = fault;
    if (plan === 'later' && maxAttempts > 0 && this.attempt + 1 > maxAttempts) {
      plan = 'fail';
      failure = { ...fault, message: `Gave up after ${maxAttempts} attempt(s). ${fault.message.replace(/ (Retrying|Reconnecting)[^.]*\.$/, '')}` };
    }

    this.emitEvent('closed', { code: fault.closeCode, reason: fault.reason, willRetry: plan === 'promote' || plan === 'now' || plan === 'later' });
    if (plan !== 'fail' && (end.serverError !== undefined || (retry !== 'normal' && retry !== 'expired'))) {
      this.emitError(new StreamingError(fault.message, fault.errorCode, false));
    }
    switch (plan) {
      case 'fail':
        this.fail(failure);
        return;
      case 'idle':
        if (policy === 'manual' || policy === 'always') this.wanted = false;
        if (this.candidate !== undefined) this.drain(this.candidate, false);
        this.rejectStartWaiters(new StreamingError(fault.message, fault.errorCode, false));
        this.refreshState({ message: fault.message });
        return;
      case 'promote': {
        const next = this.candidate as Link;
        this.candidate = undefined;
        next.role = 'active';
        this.active = next;
        if (next.conn.begun) this.onActiveReady(next);
        else this.refreshState();
        return;
      }
      case 'now':
        this.connectActive();
        return;
      case 'later':
        this.scheduleRetry(fault);
        return;
    }
  }

  private shouldStayOpen(): boolean {
    if (this.closeRequested || this.stopping !== undefined) return false;
    if (this.options.policy === 'auto') return this.hasPendingAudio() || this.wavPending > 0 || Date.now() - this.lastAudioAt < this.options.idleMs;
    return this.wanted;
  }

  private scheduleRetry(fault: Fault): void {
    this.attempt++;
    const delayMs = backoffDelay(this.attempt, this.options.retry, fault.retry === 'concurrency');
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.guard(() => {
        if (!this.closeRequested && !this.failed && this.stopping === undefined && this.active === undefined) this.connectActive();
      });
    }, delayMs);
    this.emitEvent('reconnecting', { attempt: this.attempt, delayMs, code: fault.errorCode, reason: fault.message });
    this.refreshState({ retryInMs: delayMs, message: fault.message });
  }

  private fail(fault: Fault): void {
    this.failed = true;
    this.wanted = false;
    this.clearTimers();
    this.cancelWavStreams();
    if (this.candidate !== undefined) this.drain(this.candidate, false);
    this.discardAudio();
    const error = new StreamingError(fault.message, fault.errorCode, true);
    this.rejectStartWaiters(error);
    this.emitError(error);
    this.refreshState({ message: fault.message });
  }

  // ---- rollover and idle ----------------------------------------------------

  private scheduleRollover(link: Link): void {
    this.clearTimer('rollover');
    const remainingMs = (link.info as SessionInfo).expiresAt * 1000 - Date.now();
    // A session shorter than the lead time rolls over half-way instead of at once.
    const delayMs = Math.min(Math.max(remainingMs - this.options.rolloverLeadMs, remainingMs / 2, MIN_ROLLOVER_DELAY_MS), MAX_TIMER_MS);
    this.rolloverTimer = setTimeout(() => this.guard(() => this.startRollover()), delayMs);
  }

  private startRollover(): void {
    this.rolloverTimer = undefined;
    const active = this.active;
    if (this.candidate !== undefined || active === undefined || !active.conn.ready || this.stopping !== undefined || this.closeRequested) return;
    const link = this.createLink('candidate');
    this.candidate = link;
    link.conn.open();
  }

  private onCandidateBegun(): void {
    const active = this.active;
    if (active === undefined || !active.conn.ready || !active.turnOpen) {
      this.switchToCandidate();
      return;
    }
    // Switch at the end of the current turn, so one sentence is not split over two sessions.
    this.switchPending = true;
    this.switchTimer = setTimeout(
      () => this.guard(() => this.switchToCandidate()),
      Math.min(MAX_SWITCH_WAIT_MS, this.options.rolloverLeadMs / 2),
    );
  }

  private switchToCandidate(): void {
    this.clearTimer('switch');
    this.switchPending = false;
    const next = this.candidate;
    if (next === undefined || !next.conn.begun) return;
    const previous = this.active;
    this.candidate = undefined;
    next.role = 'active';
    this.active = next;
    if (previous !== undefined) this.drain(previous, false);
    this.onActiveReady(next);
  }

  private armIdleTimer(delayMs: number): void {
    if (this.options.policy !== 'auto') return;
    this.clearTimer('idle');
    this.idleTimer = setTimeout(() => this.guard(() => this.checkIdle()), delayMs);
  }

  private checkIdle(): void {
    this.idleTimer = undefined;
    const link = this.active;
    if (link === undefined || !link.conn.begun) return;
    const quietMs = Date.now() - Math.max(this.lastAudioAt, link.beganAt);
    if (quietMs < this.options.idleMs || this.wavPending > 0) {
      this.armIdleTimer(Math.max(this.options.idleMs - quietMs, 50));
      return;
    }
    // No audio for idleSeconds: end this session (billing stops); the next audio opens a new one.
    this.clearTimer('rollover');
    this.clearTimer('switch');
    this.switchPending = false;
    if (this.candidate !== undefined) this.drain(this.candidate, false);
    this.drain(link, true);
    this.refreshState();
  }

  private checkStopDone(): void {
    if (this.stopping === undefined || this.stopSetup || this.draining.size > 0) return;
    const done = this.stopDone;
    this.stopping = undefined;
    this.stopDone = undefined;
    this.refreshState();
    done?.();
    // auto: audio that came during the stop opens the next session.
    if (!this.closeRequested && this.active === undefined && this.hasPendingAudio()) this.openForAudio();
  }

  // ---- server messages ------------------------------------------------------

  private onMessage(link: Link, message: ParsedMessage): void {
    switch (message.type) {
      case 'Turn':
        this.onTurn(link, message);
        return;
      case 'SpeechStarted':
        link.turnOpen = true;
        link.openTurnOrder = undefined;
        this.emitEvent('speechStarted', message.confidence === undefined ? { timestamp: message.timestamp } : { timestamp: message.timestamp, confidence: message.confidence });
        if (link === this.active) this.refreshState();
        return;
      case 'Termination':
        this.emitEvent('termination', {
          audioDurationSeconds: message.audio_duration_seconds,
          sessionDurationSeconds: message.session_duration_seconds,
        });
        return;
      case 'Warning':
        this.emitEvent('warning', { code: message.warning_code, message: message.warning });
        return;
      case 'Heartbeat':
        this.emitEvent('heartbeat', { ...message });
        return;
      case 'SpeakerRevision':
        this.emitEvent('speakerRevision', {
          ...message,
          revisions: message.revisions.map((revision) => ({ ...revision, order: link.orders.peek(revision.turn_order) })),
        });
        return;
      case 'LLMGatewayResponse':
        this.emitEvent('llmGatewayResponse', { ...message, order: link.orders.peek(message.turn_order) });
        return;
      case 'Error':
        return; // kept by the connection and reported with its close, whose code says whether it is retried
      case 'Unknown':
        if (link.reportedTypes === undefined) link.reportedTypes = new Set();
        if (!link.reportedTypes.has(message.messageType)) {
          link.reportedTypes.add(message.messageType);
          this.emitEvent('warning', { code: 0, message: `Ignored a server message of unknown type "${message.messageType}".` });
        }
        return;
      case 'Malformed':
        this.emitError(new StreamingError(`Ignored a malformed message from the service: ${message.problem}.`));
        return;
    }
  }

  private onTurn(link: Link, message: TurnMessage): void {
    const order = link.orders.orderOf(message.turn_order);
    if (!message.end_of_turn) {
      link.turnOpen = true;
      link.openTurnOrder = message.turn_order;
    } else if (link.openTurnOrder === undefined || message.turn_order >= link.openTurnOrder) {
      link.turnOpen = false;
      link.openTurnOrder = undefined;
    }
    link.finalizer.handle(message, order);
    if (link === this.active) {
      this.refreshState();
      if (this.switchPending && !link.turnOpen) this.switchToCandidate();
    }
  }

  private emitTurn(link: Link, turn: Turn): void {
    if (turn.final) this.finalTurns++;
    this.emitEvent('turn', turn, link.info ?? { id: '', model: String(this.params.speech_model), expiresAt: 0 });
  }

  // ---- state, events, timers --------------------------------------------------

  private computeState(): SessionState {
    if (this.finished) return 'closed';
    if (this.failed) return 'failed';
    if (this.stopping !== undefined) return 'stopping';
    const link = this.active;
    if (link !== undefined) {
      if (!link.conn.begun) return 'connecting';
      return link.turnOpen ? 'speech' : 'listening';
    }
    if (this.retryTimer !== undefined) return 'reconnecting';
    if (this.draining.size > 0) return 'stopping';
    return 'idle';
  }

  private refreshState(detail: StateDetail = {}): void {
    const next = this.computeState();
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

  private clearTimer(name: 'retry' | 'idle' | 'rollover' | 'switch' | 'pump'): void {
    const key = `${name}Timer` as const;
    const timer = this[key];
    if (timer !== undefined) clearTimeout(timer);
    this[key] = undefined;
  }

  private clearTimers(): void {
    for (const name of ['retry', 'idle', 'rollover', 'switch', 'pump'] as const) this.clearTimer(name);
    this.switchPending = false;
  }
}
