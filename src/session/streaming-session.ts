// StreamingSession: one logical transcription stream over one or more v3
// connections, and the package's public session API. This facade checks what
// callers pass and keeps the events safe (session-emitter.ts); the work is
// done by its parts, wired together in session-controller.ts: the lifecycle
// (lifecycle.ts), the audio path (audio-pipeline.ts, wav-input.ts), what to do
// when a connection ends (loss-planner.ts) and the rollover before a session
// expires (rollover.ts). No Node-RED in here.
import type { SessionInfo } from '../protocol/turn';
import { realClock } from './clock';
import { checkConfigurationUpdate, checkWriteFormat } from './configuration';
import { resolveOptions } from './options';
import { SessionController } from './session-controller';
import { SessionEmitter } from './session-emitter';
import {
  StreamingError,
  type AudioFormat,
  type SessionState,
  type StreamingSessionApi,
  type StreamingSessionOptions,
  type StreamingSessionStats,
} from './types';

const FORCE_ENDPOINT = JSON.stringify({ type: 'ForceEndpoint' });
const KEEP_ALIVE = JSON.stringify({ type: 'KeepAlive' });

/** A Buffer view of any Uint8Array, without copying. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function closedError(): StreamingError {
  return new StreamingError('The session is closed; audio can no longer be written.', undefined, true);
}

export class StreamingSession extends SessionEmitter implements StreamingSessionApi {
  private readonly core: SessionController;
  private mutedNow = false;

  /** Throws StreamingError (fatal) for invalid options. */
  constructor(options: StreamingSessionOptions) {
    super();
    const resolved = resolveOptions(options);
    this.core = new SessionController(resolved, options.clock ?? realClock, {
      emit: (event, ...args) => this.emitEvent(event, ...args),
      error: (error) => this.emitError(error),
      guard: (action) => this.guard(action),
    });
  }

  get state(): SessionState {
    return this.core.state;
  }

  get info(): SessionInfo | undefined {
    return this.core.info;
  }

  /** The format audio must have: the options', or a WAV file's that was adopted. */
  get audioFormat(): AudioFormat {
    return this.core.audioFormat;
  }

  start(): Promise<void> {
    return this.core.start();
  }

  write(audio: Buffer, format?: Partial<AudioFormat>): void {
    if (this.core.closed) throw closedError();
    if (!(audio instanceof Uint8Array)) throw new StreamingError('Audio must be a Buffer of samples.');
    if (format !== undefined && format !== null) checkWriteFormat(format, this.core.audioFormat);
    if (audio.length === 0) return;
    this.core.write(asBuffer(audio));
  }

  writeWav(wav: Buffer, options?: { pace?: 'realtime' | 'fast' }): Promise<void> {
    if (this.core.closed) throw closedError();
    if (!(wav instanceof Uint8Array)) throw new StreamingError('The WAV file must be a Buffer.');
    const pace = options?.pace ?? 'realtime';
    if (pace !== 'realtime' && pace !== 'fast') throw new StreamingError(`pace must be 'realtime' or 'fast', got ${String(pace)}`);
    return this.core.writeWav(asBuffer(wav), pace);
  }

  forceEndpoint(): void {
    this.core.sendControl(FORCE_ENDPOINT);
  }

  keepAlive(): void {
    this.core.sendControl(KEEP_ALIVE);
  }

  /**
   * Sends UpdateConfiguration to the open session (and a rollover candidate)
   * and keeps the fields for the next connections (reconnect, rollover). Throws
   * StreamingError on a field that cannot change mid-stream or a value that cannot be sent.
   */
  updateConfiguration(fields: Record<string, unknown>): void {
    const update = checkConfigurationUpdate(fields);
    if (update !== undefined) this.core.updateConfiguration(update);
  }

  stop(): Promise<void> {
    return this.core.stop();
  }

  close(): Promise<void> {
    return this.core.close();
  }

  stats(): StreamingSessionStats {
    return this.core.stats();
  }

  get muted(): boolean {
    return this.mutedNow;
  }

  /** Audio written while muted is thrown away: never sent, not reported as dropped. */
  mute(): void {
    this.mutedNow = true;
    this.core.setMuted(true);
  }

  unmute(): void {
    this.mutedNow = false;
    this.core.setMuted(false);
  }
}
