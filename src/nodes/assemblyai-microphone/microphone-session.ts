// What one microphone node does between deploy and close: start and stop
// capture on request (one at a time, in order), send each frame as an audio
// message, keep the level meter in the status, report faults, and record to
// a WAV file when asked. Knows Node-RED only through MicrophoneNodePort.
import fs from 'node:fs';
import type { NodeMessage, NodeStatus } from 'node-red';
import { LevelMeter, pcm16leSamples } from '../../audio/level';
import type { FaultKind } from '../../microphone/capture-loop';
import { type CaptureFaultReport, type CaptureOutcome, MicrophoneCapture } from '../../microphone/microphone-capture';
import { CAPTURE_SAMPLE_RATE } from '../../microphone/recorder';
import { resolveRecordingTarget } from '../../microphone/recording-path';
import { WavFileWriter } from '../../microphone/wav-file-writer';
import { toError } from '../kit';
import type { CaptureOverrides } from './capture-overrides';
import type { MicrophoneSettings } from './microphone-settings';
import * as badge from './microphone-status';

export interface MicrophoneNodePort {
  status(status: NodeStatus): void;
  send(messages: Array<NodeMessage | null>): void;
  /** Reaches Catch nodes. */
  error(text: string, msg: NodeMessage): void;
  log(text: string): void;
  translate: badge.Translate;
}

export interface AudioFormatInfo {
  sampleRate: number;
  encoding: 'pcm_s16le';
  channels: number;
}

export interface RecordingSummaryPayload {
  file: string;
  durationSeconds: number;
  bytes: number;
}

const DEFAULT_LEVEL_INTERVAL_MS = 500;

const FAULT_TEXTS: Record<FaultKind, string> = {
  'read-failed': 'assemblyai-microphone.errors.stalled',
  'device-not-found': 'assemblyai-microphone.errors.notFound',
  'open-failed': 'assemblyai-microphone.errors.openFailed',
};

/** Whoever waits for a start to succeed or fail (an input handler's done). */
interface StartWaiter {
  resolve(): void;
  reject(err: Error): void;
}

export class MicrophoneSession {
  private capture: MicrophoneCapture | undefined;
  private recording: WavFileWriter | undefined;
  private recordingFinished: Promise<void> = Promise.resolve();
  private queue: Promise<void> = Promise.resolve();
  private closing = false;
  private readonly meter = new LevelMeter();
  private lastLevelAt = 0;
  private reportedFault: FaultKind | undefined;
  private startWaiter: StartWaiter | undefined;
  /** Muted: capture (and a recording) go on, frames are not sent. */
  private muted = false;

  constructor(
    private readonly port: MicrophoneNodePort,
    private readonly settings: MicrophoneSettings,
    private readonly baseDir: string,
    private readonly overrides: CaptureOverrides = {},
  ) {}

  /**
   * Starts capturing unless already capturing. Resolves once the device
   * delivers audio (or a stop or close overtakes the start); rejects when the
   * device cannot be opened or capture is unavailable. The caller reports the
   * rejection (done(err)); it is not also sent through port.error. Capture
   * keeps retrying a device that failed to open, as after any fault.
   */
  start(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      void this.enqueue(
        () => this.startNow({ resolve, reject }),
        (err) => reject(toError(err)),
      );
    });
  }

  /** A start nobody waits for (start on deploy): failures go to port.error. */
  startInBackground(): void {
    void this.enqueue(() => this.startNow(undefined));
  }

  /** msg.action "mute" / "unmute": frames are not sent while muted; the status says so. */
  setMuted(muted: boolean): void {
    this.muted = muted;
    if (muted) this.port.status(badge.statusMuted(this.port.translate));
    else this.port.status(this.capture ? badge.statusCapturing(this.port.translate) : badge.statusStopped(this.port.translate));
  }

  /** Stops capturing; resolves when the device is released and any recording saved. */
  stop(): Promise<void> {
    return this.enqueue(() => this.stopNow());
  }

  /** Stops for good (node closing): no more messages are sent. */
  close(): Promise<void> {
    this.closing = true;
    return this.enqueue(() => this.stopNow());
  }

  private enqueue(step: () => void | Promise<void>, onError = (err: unknown) => this.reportFailure(toError(err))): Promise<void> {
    const run = this.queue.then(step).catch(onError);
    this.queue = run;
    return run;
  }

  private t(key: string, substitutions?: Record<string, string | number>): string {
    return this.port.translate(key, substitutions);
  }

  private reportFailure(err: Error): void {
    this.port.error(this.t('assemblyai-microphone.errors.failed', { detail: err.message }), {});
  }

  /** Settles the pending start, if any; true when someone was waiting for it. */
  private settleStart(err?: Error): boolean {
    const waiter = this.startWaiter;
    this.startWaiter = undefined;
    if (!waiter) return false;
    if (err) waiter.reject(err);
    else waiter.resolve();
    return true;
  }

  private startNow(waiter: StartWaiter | undefined): void {
    if (this.closing || this.capture) {
      waiter?.resolve();
      return;
    }
    this.startWaiter = waiter;
    const capture = new MicrophoneCapture(
      {
        deviceName: this.settings.deviceName,
        frameLength: this.settings.frameLength,
        backoff: this.overrides.backoff,
        recorder: this.overrides.recorder,
        stopTimeoutMs: this.overrides.stopTimeoutMs,
      },
      {
        started: () => {
          this.port.status(this.muted ? badge.statusMuted(this.port.translate) : badge.statusCapturing(this.port.translate));
          this.settleStart();
        },
        frame: (pcm) => this.onFrame(pcm),
        fault: (report) => this.onFault(report),
        ended: (outcome) => this.onEnded(capture, outcome),
        listenerError: (err) => this.reportFailure(err),
      },
    );
    this.capture = capture;
    this.reportedFault = undefined;
    this.meter.take();
    this.port.status(badge.statusStarting(this.port.translate));
    if (this.settings.record) this.recording = this.openRecording();
    try {
      capture.start();
    } catch (err) {
      this.capture = undefined;
      this.onEnded(capture, { frames: 0, error: err instanceof Error ? err : new Error(String(err)) });
    }
  }

  private async stopNow(): Promise<void> {
    await this.capture?.stop();
    await this.recordingFinished;
  }

  private onFrame(pcm: Buffer): void {
    if (this.reportedFault !== undefined) {
      this.reportedFault = undefined;
      this.port.log(this.t('assemblyai-microphone.log.capturingAgain', { device: this.settings.deviceName }));
    }
    this.recording?.append(pcm);
    if (!this.closing && !this.muted) {
      const audio: AudioFormatInfo = { sampleRate: CAPTURE_SAMPLE_RATE, encoding: 'pcm_s16le', channels: 1 };
      this.port.send([{ payload: pcm, audio }, null]);
    }
    this.meter.add(pcm16leSamples(pcm));
    const now = Date.now();
    if (!this.muted && now - this.lastLevelAt >= (this.overrides.levelIntervalMs ?? DEFAULT_LEVEL_INTERVAL_MS)) {
      this.lastLevelAt = now;
      this.port.status(badge.statusLevel(this.port.translate, this.meter.take()));
    }
  }

  private onFault(report: CaptureFaultReport): void {
    this.port.status(badge.statusRetrying(this.port.translate, report.kind, report.retryInMs));
    // One error per kind of fault until audio flows again, not one per retry.
    if (this.reportedFault === report.kind) return;
    this.reportedFault = report.kind;
    const text = this.describeFault(report);
    if (!this.settleStart(new Error(text))) this.port.error(text, {});
  }

  private describeFault(report: CaptureFaultReport): string {
    const substitutions = {
      device: this.settings.deviceName,
      detail: report.error.message,
      seconds: (report.retryInMs / 1000).toFixed(1),
    };
    return this.t(FAULT_TEXTS[report.kind], substitutions);
  }

  private onEnded(capture: MicrophoneCapture, outcome: CaptureOutcome): void {
    if (this.capture === capture) this.capture = undefined;
    if (outcome.error) {
      const unavailable = outcome.error.name === 'RecorderUnavailableError';
      this.port.status(unavailable ? badge.statusUnavailable(this.port.translate) : badge.statusFailed(this.port.translate));
      const text = this.t('assemblyai-microphone.errors.failed', { detail: outcome.error.message });
      if (!this.settleStart(new Error(text))) this.port.error(text, {});
    } else {
      this.port.status(badge.statusStopped(this.port.translate));
      this.settleStart();
    }
    const recording = this.recording;
    this.recording = undefined;
    if (recording) this.recordingFinished = this.finishRecording(recording);
  }

  private openRecording(): WavFileWriter | undefined {
    try {
      const target = resolveRecordingTarget(this.settings.recordPath, this.baseDir, new Date());
      return new WavFileWriter(
        target.file,
        { sampleRate: CAPTURE_SAMPLE_RATE, encoding: 'pcm_s16le', channels: 1 },
        {
          exclusive: target.exclusive,
          onError: (err) =>
            this.port.error(this.t('assemblyai-microphone.errors.recordingFailed', { file: target.file, detail: err.message }), {}),
        },
      );
    } catch (err) {
      this.port.error(this.t('assemblyai-microphone.errors.cannotRecord', { detail: toError(err).message }), {});
      return undefined;
    }
  }

  /** Never rejects: a failed write was already reported through onError. */
  private async finishRecording(recording: WavFileWriter): Promise<void> {
    let summary;
    try {
      summary = await recording.finish();
    } catch {
      return;
    }
    if (summary.dataBytes === 0) {
      // The device never delivered audio: a header-only file helps nobody.
      await fs.promises.unlink(summary.file).catch(() => undefined);
      this.port.log(this.t('assemblyai-microphone.log.recordedNothing', { file: summary.file }));
      return;
    }
    const seconds = summary.durationSeconds.toFixed(1);
    const logKey = summary.truncated ? 'assemblyai-microphone.log.recordedTruncated' : 'assemblyai-microphone.log.recorded';
    this.port.log(this.t(logKey, { seconds, file: summary.file }));
    if (this.closing) return;
    const payload: RecordingSummaryPayload = {
      file: summary.file,
      durationSeconds: summary.durationSeconds,
      bytes: summary.bytes,
    };
    this.port.send([null, { topic: 'recording', payload }]);
  }
}
