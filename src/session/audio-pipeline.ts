// The session's audio path: frames what is written, holds it in a bounded
// queue while no connection can take it, pumps it out under back-pressure,
// detects a stalled socket, gates silence (openOn 'speech') and counts every
// byte dropped. It is the one place where audio frames are released to a
// connection (release()), and a PacingRule decides when the next one may go:
// audio that piled up goes out at no more than maxSendRate x real time, live
// audio queued behind it, and the host hears when such a backlog starts and
// when it has caught up.
import { FrameQueue } from '../audio/frame-queue';
import type { AudioGate } from '../audio/gate';
import { Framer } from '../audio/framer';
import { bytesPerSample } from '../protocol/messages';
import type { Clock, TimerHandle } from './clock';
import type { EndCause } from './connection';
import { AudioTimelines } from './audio-timeline';
import { DropReporter, type DropReport } from './drop-reporter';
import type { ResolvedOptions } from './options';
import { catchUpMs, unpaced, type PacingRule } from './pacing';
import { SpeechGate } from './speech-gate';
import type { AudioFormat } from './types';

/** Poll interval while the socket holds more than the high-water mark. */
const PUMP_POLL_MS = 20;
/** Back-pressure bound: at least 64 KiB, at least one second of audio. */
const MIN_HIGH_WATER_BYTES = 64 * 1024;
/** openOn 'speech': loud 10 ms windows in a row that count as speech. */
const GATE_MIN_SPEECH_MS = 80;
/** Audio waiting to be sent, while a connection can take it, from which it counts as a backlog. */
export const BACKLOG_MIN_MS = 1000;

export interface BacklogReport {
  /** Audio waiting to be sent when the backlog was seen. */
  bufferedMs: number;
  /** The pace it goes out at: this many times real time. */
  maxSendRate: number;
  /** bufferedMs / (maxSendRate - 1): how long catching up takes while live audio continues. */
  catchUpSeconds: number;
}

export interface CaughtUpReport {
  /** From the first backlog report to now. */
  tookMs: number;
  /** The largest backlog reported meanwhile. */
  backlogMs: number;
}

/** What the pipeline needs of a connection. */
export interface AudioTarget {
  readonly begun: boolean;
  /** Begun, not terminating, socket open. */
  readonly ready: boolean;
  readonly bufferedAmount: number;
  sendAudio(frame: Buffer): void;
  abort(cause: EndCause): void;
}

export interface PipelineHost {
  /** The connection audio goes to now (connecting or begun), if any. */
  target(): AudioTarget | undefined;
  /** Audio may be taken: not failed, and auto or started. */
  acceptsAudio(): boolean;
  /** Audio was taken: open a connection if none is open or pending (auto). */
  audioTaken(): void;
  /** No connection open or pending and no WAV file playing (the speech gate may close). */
  quiet(): boolean;
  reportDrop(event: DropReport): void;
  /** Audio piled up and is now sent paced (again after each reconnect while it lasts). */
  reportBacklog(event: BacklogReport): void;
  /** Everything that piled up has been sent: live audio goes straight out again. */
  reportCaughtUp(event: CaughtUpReport): void;
  /** Runs a timer callback without letting it throw. */
  guard(action: () => void): void;
}

export type PipelineSettings = Pick<
  ResolvedOptions,
  'frameMs' | 'bufferSeconds' | 'policy' | 'openOn' | 'speechThresholdDbfs' | 'preRollMs' | 'gateFactory' | 'idleMs' | 'connectTimeoutMs'
> & { maxSendRate?: number };

export class AudioPipeline {
  private framer!: Framer;
  private readonly queue = new FrameQueue(0);
  private format!: AudioFormat;
  private bytesPerMs = 0;
  private highWater = 0;
  private gate: AudioGate | undefined;
  /** With a gate: speech was heard, so audio flows to sessions until idleMs pass without it. */
  private gateOpen = false;
  private gatedBytes = 0;
  private pumpTimer: TimerHandle;
  private stallSince = 0;
  private stallBuffered = 0;
  private readonly drops: DropReporter;
  private framesSent = 0;
  private bytesSent = 0;
  /** A backlog being caught up: since when, and the largest one reported. */
  private backlog: { since: number; peakMs: number } | undefined;
  /** The backlog was reported to the current connection. */
  private backlogReported = false;
  /** Last audio taken (with a gate: last speech heard), for the idle rules. */
  lastAudioAt = 0;
  /** Muted: audio written is thrown away (setMuted), not sent and not a drop. */
  private muted = false;
  private mutedBytes = 0;
  /** Stream time -> write time and level, per connection (turn timing). */
  readonly timelines = new AudioTimelines();

  constructor(
    private readonly settings: PipelineSettings,
    format: AudioFormat,
    private readonly host: PipelineHost,
    private readonly clock: Clock,
    private readonly pacing: PacingRule = unpaced,
  ) {
    this.drops = new DropReporter((event) => host.reportDrop(event), 1000, 0, clock);
    this.applyFormat(format);
  }

  /** The format audio must have: the options', or a WAV file's that was adopted. */
  get audioFormat(): AudioFormat {
    return { ...this.format };
  }

  get frameBytes(): number {
    return this.framer.frameBytes;
  }

  /** Audio queued or held in the framer. */
  get hasPending(): boolean {
    return this.queue.length > 0 || this.framer.pendingBytes > 0;
  }

  get stats(): { framesSent: number; bytesSent: number; droppedMs: number; bufferedMs: number; gatedMs: number; mutedMs: number } {
    return {
      framesSent: this.framesSent,
      bytesSent: this.bytesSent,
      droppedMs: Math.round(this.drops.totalDroppedMs),
      bufferedMs: Math.round((this.queue.bytes + this.framer.pendingBytes) / this.bytesPerMs),
      gatedMs: Math.round(this.gatedBytes / this.bytesPerMs),
      mutedMs: Math.round(this.mutedBytes / this.bytesPerMs),
    };
  }

  applyFormat(format: AudioFormat): void {
    const s = this.settings;
    this.format = { sampleRate: format.sampleRate, encoding: format.encoding };
    this.framer = new Framer({ sampleRate: format.sampleRate, encoding: format.encoding, frameMs: s.frameMs });
    const bytesPerSecond = format.sampleRate * bytesPerSample(format.encoding);
    this.bytesPerMs = bytesPerSecond / 1000;
    this.highWater = Math.max(MIN_HIGH_WATER_BYTES, bytesPerSecond);
    this.pacing.setBytesPerMs?.(this.bytesPerMs);
    this.queue.setCapacity(Math.round(s.bufferSeconds * bytesPerSecond));
    this.timelines.setFormat(this.format);
    if (s.policy === 'auto' && s.openOn === 'speech') {
      this.gate =
        s.gateFactory?.({ ...this.format, preRollMs: s.preRollMs }) ??
        new SpeechGate({ ...this.format, thresholdDbfs: s.speechThresholdDbfs, minSpeechMs: GATE_MIN_SPEECH_MS, preRollMs: s.preRollMs });
    }
  }

  touch(): void {
    this.lastAudioAt = this.clock.now();
  }

  /** start() or a WAV file: audio flows without waiting for speech. */
  openGate(): void {
    this.gateOpen = true;
  }

  /** A WAV file may push more now: the connection is ready and little is queued. */
  maySendNow(): boolean {
    const target = this.host.target();
    return target !== undefined && target.ready && this.queue.bytes < this.highWater;
  }

  take(chunk: Buffer): void {
    if (this.muted) {
      this.mutedBytes += chunk.length;
      return;
    }
    if (!this.host.acceptsAudio()) {
      this.drops.add(chunk.length / this.bytesPerMs, 'not-accepting');
      return;
    }
    if (this.gate === undefined) this.lastAudioAt = this.clock.now();
    else if (!this.passesGate(this.gate, chunk)) return;
    this.framer.push(chunk, this.sink);
    this.checkBacklog();
    this.host.audioTaken();
  }

  /** On mute the gate's pre-roll is let go: it is from before the mute and must not open a session later. */
  setMuted(muted: boolean): void {
    if (muted && !this.muted && this.gate !== undefined) for (const held of this.gate.release()) this.gatedBytes += held.length;
    this.muted = muted;
  }

  /** The end of a WAV file: the held fragment goes out, padded. */
  flushFragment(): void {
    this.framer.flush(this.sink);
  }

  /** Everything held, framed, for a connection that is being ended (its last audio, paced by the Drainer). */
  handOver(): Buffer[] {
    this.framer.flush(this.enqueue);
    this.backlog = undefined;
    return this.queue.takeAll();
  }

  /** Sends one frame handed over earlier to a connection being ended (the Drainer paces these). */
  releaseLast(target: AudioTarget, frame: Buffer): void {
    target.sendAudio(frame);
    this.framesSent++;
    this.bytesSent += frame.length;
  }

  /** Frames handed over to a connection that ended before it could send them. */
  lose(frames: Buffer[]): void {
    const lost = frames.reduce((sum, frame) => sum + frame.length, 0);
    this.drops.add(lost / this.bytesPerMs, 'discarded');
  }

  discard(): void {
    const lost = this.queue.clear() + this.framer.pendingBytes;
    this.framer.reset();
    this.backlog = undefined;
    this.drops.add(lost / this.bytesPerMs, 'discarded');
  }

  flushDropReport(): void {
    this.drops.flush();
  }

  /** Sends queued frames while the socket has room and the pacing rule allows; polls otherwise. */
  pump(): void {
    const target = this.host.target();
    if (target === undefined || !target.ready) return;
    this.checkBacklog();
    while (this.queue.length > 0) {
      const buffered = target.bufferedAmount;
      if (buffered >= this.highWater) {
        this.watchStall(target, buffered);
        return;
      }
      const waitMs = this.pacing.waitMs(this.clock.monotonic());
      if (waitMs > 0) {
        this.schedulePump(waitMs);
        return;
      }
      this.release(target, this.queue.shift() as Buffer);
    }
    this.stallSince = 0;
    const backlog = this.backlog;
    if (backlog !== undefined) {
      this.backlog = undefined;
      this.host.reportCaughtUp({ tookMs: Math.round(this.clock.now() - backlog.since), backlogMs: backlog.peakMs });
    }
  }

  /** The connection is gone: forget its back-pressure state. */
  resetFlow(): void {
    this.cancelPump();
    this.stallSince = 0;
    this.pacing.reset();
    this.backlogReported = false;
  }

  cancelPump(): void {
    if (this.pumpTimer !== undefined) this.clock.clearTimeout(this.pumpTimer);
    this.pumpTimer = undefined;
  }

  /** The one place a frame goes to a connection. */
  private release(target: AudioTarget, frame: Buffer): void {
    target.sendAudio(frame);
    this.timelines.sent(target, frame, this.clock.now());
    this.pacing.released(frame.length, this.clock.monotonic());
    this.framesSent++;
    this.bytesSent += frame.length;
  }

  /** Receives every frame from the framer: straight to the socket when nothing is queued and it has room. */
  private readonly sink = (frame: Buffer): void => {
    this.timelines.stamp(frame, this.clock.now());
    const target = this.host.target();
    if (
      target !== undefined &&
      this.queue.length === 0 &&
      target.ready &&
      target.bufferedAmount < this.highWater &&
      this.pacing.waitMs(this.clock.monotonic()) === 0
    ) {
      this.release(target, frame);
      return;
    }
    this.enqueue(frame);
    if (target !== undefined && this.pumpTimer === undefined && target.ready) this.pump();
  };

  /** A connection can take audio and at least BACKLOG_MIN_MS waits: report it, once per connection. */
  private checkBacklog(): void {
    if (this.backlogReported && this.backlog !== undefined) return;
    const bufferedMs = (this.queue.bytes + this.framer.pendingBytes) / this.bytesPerMs;
    if (bufferedMs < BACKLOG_MIN_MS || this.host.target()?.ready !== true) return;
    const maxSendRate = this.settings.maxSendRate;
    if (maxSendRate === undefined) return;
    const rounded = Math.round(bufferedMs);
    if (this.backlog === undefined) this.backlog = { since: this.clock.now(), peakMs: rounded };
    else this.backlog.peakMs = Math.max(this.backlog.peakMs, rounded);
    this.backlogReported = true;
    this.host.reportBacklog({
      bufferedMs: rounded,
      maxSendRate,
      catchUpSeconds: Math.round(catchUpMs(bufferedMs, maxSendRate) / 100) / 10,
    });
  }

  private readonly enqueue = (frame: Buffer): void => {
    const dropped = this.queue.push(frame);
    if (dropped > 0)
      this.drops.add(dropped / this.bytesPerMs, this.host.target()?.begun === true ? 'back-pressure' : 'waiting-for-connection');
  };

  private watchStall(target: AudioTarget, buffered: number): void {
    const now = this.clock.now();
    if (this.stallSince === 0 || buffered < this.stallBuffered) this.stallSince = now;
    this.stallBuffered = buffered;
    if (now - this.stallSince >= this.settings.connectTimeoutMs) {
      this.stallSince = 0;
      target.abort({ kind: 'timeout', phase: 'stall' });
      return;
    }
    this.schedulePump(PUMP_POLL_MS);
  }

  private schedulePump(delayMs: number): void {
    if (this.pumpTimer !== undefined) return;
    this.pumpTimer = this.clock.setTimeout(() => {
      this.pumpTimer = undefined;
      this.host.guard(() => this.pump());
    }, delayMs);
  }

  /**
   * openOn 'speech': while no speech has been heard for idleMs and nothing
   * is open or pending, audio is only held as pre-roll. Speech opens the gate and
   * the pre-roll goes out first, so the first words are kept.
   */
  private passesGate(gate: AudioGate, chunk: Buffer): boolean {
    const now = this.clock.now();
    const speech = gate.hasSpeech(chunk);
    if (speech) this.lastAudioAt = now;
    if (this.gateOpen && this.host.quiet() && !this.hasPending && now - this.lastAudioAt >= this.settings.idleMs) this.gateOpen = false;
    if (this.gateOpen) return true;
    if (!speech) {
      this.gatedBytes += gate.hold(chunk);
      return false;
    }
    this.gateOpen = true;
    for (const held of gate.release()) this.framer.push(held, this.sink);
    return true;
  }
}
