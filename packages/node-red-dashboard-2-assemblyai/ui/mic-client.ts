// Browser side of the microphone widget, apart from the view: capture with
// getUserMedia + the worklet, a bounded buffer while the socket is down, and
// state reports to the node. Nothing starts until start() is called.
import { DropOldestBuffer } from '../src/shared/drop-oldest-buffer';
import { captureError, DEVICE_UNPLUGGED, environmentError, SOCKET_DROPPED } from '../src/shared/mic-errors';
import { MIC_AUDIO, MIC_HELLO, MIC_STATE, micControlEvent } from '../src/shared/socket-events';
import type { MicAction, MicControlPayload, MicError, MicState, MicStatePayload } from '../src/shared/socket-events';
// @ts-expect-error: provided by the build (the worklet bundled to one script)
import workletSource from 'virtual:mic-worklet';

export interface SocketLike {
  connected: boolean;
  emit(event: string, ...args: unknown[]): void;
  on(event: string, handler: (...args: never[]) => void): void;
  off(event: string, handler: (...args: never[]) => void): void;
}

/** What the worklet posts: a frame of samples, or a level reading. */
interface WorkletMessage {
  type: string;
  samples?: ArrayBuffer;
  levelDb: number;
}

export interface MicOptions {
  echoCancellation: boolean;
  noiseSuppression: boolean;
  autoGainControl: boolean;
  frameMs: number;
  bufferSeconds: number;
}

export interface MicView {
  state: MicState;
  error?: MicError;
  level: number; // dBFS
}

const PROCESSOR_NAME = 'assemblyai-mic-processor';

export class MicClient {
  private stream?: MediaStream;
  private context?: AudioContext;
  private worklet?: AudioWorkletNode;
  private muted = false;
  private seq = 0;
  private everStarted = false;
  private droppedSinceReport = 0;
  private readonly pending: DropOldestBuffer<ArrayBuffer>;
  private view: MicView = { state: 'idle', level: -100 };
  private readonly onConnect = () => this.socketBack();
  private readonly onDisconnect = () => this.socketLost();
  private readonly onControl = (payload: MicControlPayload) => void this.control(payload?.action);

  constructor(
    private readonly widgetId: string,
    private readonly socket: SocketLike,
    private readonly options: MicOptions,
    private readonly render: (view: MicView) => void,
  ) {
    this.pending = new DropOldestBuffer(Math.max(1, Math.round((options.bufferSeconds * 1000) / options.frameMs)));
    socket.on('connect', this.onConnect);
    socket.on('disconnect', this.onDisconnect);
    socket.on(micControlEvent(widgetId), this.onControl);
    socket.emit(MIC_HELLO, widgetId, {});
  }

  get state(): MicState {
    return this.view.state;
  }

  get live(): boolean {
    return this.view.state === 'live' || this.view.state === 'muted' || this.view.state === 'reconnecting';
  }

  /** Starts capture; from a flow's action only once a person has started it on this page. */
  async start(byPerson: boolean): Promise<void> {
    if (this.live || this.view.state === 'starting') return;
    if (!byPerson && !this.everStarted) return;
    const problem = environmentError({
      isSecureContext: window.isSecureContext,
      hostname: location.hostname,
      hasGetUserMedia: typeof navigator.mediaDevices?.getUserMedia === 'function',
      hasAudioWorklet: typeof AudioWorkletNode === 'function',
    });
    if (problem) return this.fail(problem);
    this.everStarted = true;
    this.update({ state: 'starting', error: undefined });
    try {
      this.stream = await navigator.mediaDevices.getUserMedia({
        audio: {
          channelCount: 1,
          echoCancellation: this.options.echoCancellation,
          noiseSuppression: this.options.noiseSuppression,
          autoGainControl: this.options.autoGainControl,
        },
      });
      const context = new AudioContext();
      this.context = context;
      if (!context.audioWorklet) throw Object.assign(new Error('no AudioWorklet'), { name: 'WorkletUnsupported' });
      const url = URL.createObjectURL(new Blob([workletSource as string], { type: 'application/javascript' }));
      try {
        await context.audioWorklet.addModule(url);
      } finally {
        URL.revokeObjectURL(url);
      }
      const worklet = new AudioWorkletNode(context, PROCESSOR_NAME, {
        numberOfInputs: 1,
        numberOfOutputs: 1,
        processorOptions: { frameMs: this.options.frameMs },
      });
      this.worklet = worklet;
      worklet.port.onmessage = (event: MessageEvent<WorkletMessage>) => this.onWorkletMessage(event.data);
      worklet.port.postMessage({ type: 'mute', muted: this.muted });
      const silent = context.createGain();
      silent.gain.value = 0;
      context.createMediaStreamSource(this.stream).connect(worklet);
      worklet.connect(silent).connect(context.destination);
      for (const track of this.stream.getAudioTracks()) track.addEventListener('ended', () => this.unplugged());
      if (context.state === 'suspended') await context.resume();
      this.update({ state: this.muted ? 'muted' : 'live', error: undefined });
      this.report({ captureRate: context.sampleRate });
    } catch (err) {
      await this.release();
      const name = (err as { name?: string })?.name;
      this.fail(
        name === 'WorkletUnsupported'
          ? { code: 'worklet-unsupported', message: 'This browser has no AudioWorklet; use a current Chrome, Edge, Firefox or Safari.' }
          : captureError(err),
      );
    }
  }

  async stop(): Promise<void> {
    await this.release();
    if (this.view.state !== 'error') this.update({ state: 'stopped' });
    this.report();
  }

  setMuted(muted: boolean): void {
    this.muted = muted;
    this.worklet?.port.postMessage({ type: 'mute', muted });
    if (this.view.state === 'live' || this.view.state === 'muted') {
      this.update({ state: muted ? 'muted' : 'live' });
      this.report();
    }
  }

  async control(action: MicAction | undefined): Promise<void> {
    if (action === 'start') await this.start(false);
    else if (action === 'stop') await this.stop();
    else if (action === 'mute') this.setMuted(true);
    else if (action === 'unmute') this.setMuted(false);
  }

  async dispose(): Promise<void> {
    this.socket.off('connect', this.onConnect);
    this.socket.off('disconnect', this.onDisconnect);
    this.socket.off(micControlEvent(this.widgetId), this.onControl);
    await this.release();
  }

  private onWorkletMessage(data: WorkletMessage): void {
    this.update({ level: data.levelDb });
    if (data.type !== 'frame' || !data.samples || this.muted) return;
    if (this.socket.connected && this.pending.length === 0) {
      this.sendFrame(data.samples);
      return;
    }
    this.droppedSinceReport += this.pending.push(data.samples);
  }

  private sendFrame(samples: ArrayBuffer): void {
    this.socket.emit(MIC_AUDIO, this.widgetId, { seq: this.seq++, data: samples, sentAt: Date.now() });
  }

  private socketLost(): void {
    if (this.live) this.update({ state: 'reconnecting', error: SOCKET_DROPPED });
  }

  private socketBack(): void {
    this.socket.emit(MIC_HELLO, this.widgetId, {});
    for (const frame of this.pending.drain()) this.sendFrame(frame);
    if (this.view.state === 'reconnecting') this.update({ state: this.muted ? 'muted' : 'live', error: undefined });
    this.report();
  }

  private unplugged(): void {
    if (!this.live) return;
    void this.release().then(() => this.fail(DEVICE_UNPLUGGED));
  }

  private fail(error: MicError): void {
    this.update({ state: 'error', error });
    this.report();
  }

  private report(extra: Partial<MicStatePayload> = {}): void {
    const payload: MicStatePayload = { state: this.view.state, ...extra };
    if (this.view.error) payload.error = this.view.error;
    if (this.droppedSinceReport > 0) {
      payload.droppedFrames = this.droppedSinceReport;
      this.droppedSinceReport = 0;
    }
    if (this.socket.connected) this.socket.emit(MIC_STATE, this.widgetId, payload);
  }

  private update(change: Partial<MicView>): void {
    this.view = { ...this.view, ...change };
    this.render(this.view);
  }

  private async release(): Promise<void> {
    this.worklet?.port.close();
    this.worklet?.disconnect();
    this.worklet = undefined;
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    this.stream = undefined;
    const context = this.context;
    this.context = undefined;
    if (context && context.state !== 'closed') await context.close().catch(() => undefined);
    this.pending.clear();
    this.update({ level: -100 });
  }
}
