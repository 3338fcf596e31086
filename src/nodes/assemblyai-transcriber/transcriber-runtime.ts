// One transcriber node's behaviour, between Node-RED and a StreamingSession:
// messages in -> session calls; session events -> outputs, status and errors;
// close -> a bounded Terminate. Node-RED itself is reached only through `host`.
import { readConfigureFields } from '../../config/configure-fields';
import type { TurnUpdates } from '../../config/transcriber-settings';
import type { SessionInfo } from '../../protocol/turn';
import type { SessionEvents, SessionPolicy, SessionState, StreamingSessionApi } from '../../session/types';
import { toError as asError } from '../kit';
import { classifyInput, type TranscriberInput } from './transcriber-input';
import {
  backlogMessage,
  beginMessage,
  caughtUpMessage,
  closedMessage,
  errorMessage,
  reconnectingMessage,
  speakerRevisionMessage,
  speechStartedMessage,
  terminationMessage,
  turnMessage,
  warningMessage,
  type EventMessage,
  type TurnMessage,
} from './transcriber-messages';
import { statusForState, type NodeStatusView, type Translate } from './transcriber-status';
import { dropReason, DropWarnings } from './drop-warnings';
import { TranscriberExtras } from './transcriber-extras';
import { TurnRevisions } from './turn-revisions';

/** The StreamingSession as the runtime uses it: the public API plus its typed events. */
export type SessionLike = StreamingSessionApi & {
  on<E extends keyof SessionEvents>(event: E, listener: SessionEvents[E]): unknown;
  removeAllListeners(event?: string): unknown;
};

/** The parts of a Node-RED node the runtime talks to. */
export interface TranscriberHost {
  send(messages: [TurnMessage | null, EventMessage | null]): void;
  status(status: NodeStatusView): void;
  error(error: Error, msg: object): void;
  warn(text: string): void;
}

export interface RuntimeOptions {
  speechModel: string;
  policy: SessionPolicy;
  openOn: 'audio' | 'speech';
  wavPace: 'realtime' | 'fast';
  turnUpdates: TurnUpdates;
  /** Bound on close(): Node-RED's close timeout is 15 s, deploys should not wait long. */
  closeTimeoutMs: number;
  translate: Translate;
  /** Mute, gate loading and billed time (transcriber-extras.ts); a plain one when not given. */
  extras?: TranscriberExtras;
}

type Done = (error?: Error) => void;

/** Audio keeps coming while a session cannot take it; say so once per window, not per chunk. */
const AUDIO_ERROR_WINDOW_MS = 10000;

export class TranscriberRuntime {
  private closing = false;
  private pendingStarts = 0;
  private lastFailureCode: number | undefined;
  private state: SessionState;
  private stateDetail: { retryInMs?: number } = {};
  private lastAudioError: { text: string; at: number } | undefined;
  private readonly dropWarnings: DropWarnings;
  private readonly extras: TranscriberExtras;
  private readonly revisions = new TurnRevisions();
  /** Audio waiting to be sent while a backlog is caught up (shown in the status), else undefined. */
  private backlogMs: number | undefined;

  constructor(
    private readonly host: TranscriberHost,
    private readonly session: SessionLike,
    private readonly options: RuntimeOptions,
  ) {
    this.state = session.state;
    this.extras = options.extras ?? new TranscriberExtras({ muteAfterTurnMs: 0 });
    this.extras.attach(session, () => this.showStatus());
    this.dropWarnings = new DropWarnings((warning) => {
      if (this.closing) return;
      this.host.warn(warning.text);
      const { text, ...figures } = warning;
      this.sendEvent(warningMessage({ code: 0, message: text, ...figures }, this.info()));
    }, options.translate);
    this.listen();
    this.showStatus();
    if (options.policy === 'always') {
      // Failures arrive as 'error' events; the rejection itself carries nothing new.
      try {
        session.start().catch(() => undefined);
      } catch (error) {
        this.host.error(asError(error), errorMessage({ message: asError(error).message, fatal: true }));
      }
    }
  }

  handleInput(msg: Record<string, unknown>, done: Done): void {
    let input: TranscriberInput;
    try {
      input = classifyInput(msg, this.options.translate);
    } catch (error) {
      done(asError(error));
      return;
    }
    switch (input.kind) {
      case 'invalid':
        done(new Error(input.message));
        return;
      case 'empty':
        done();
        return;
      case 'audio':
        this.call(done, () => this.session.write(input.audio, input.format), true);
        return;
      case 'wav':
        this.callAsync(done, () => this.session.writeWav(input.wav, { pace: this.options.wavPace }));
        return;
      case 'configure': {
        const fields = readConfigureFields(input.fields, this.options.speechModel);
        if (!fields.ok) {
          done(new Error(fields.message));
          return;
        }
        for (const note of fields.notes) this.host.warn(note);
        this.call(done, () => this.session.updateConfiguration(fields.fields), false);
        return;
      }
      case 'action':
        switch (input.action) {
          case 'start':
            this.start(done);
            return;
          case 'stop':
            this.callAsync(done, () => this.session.stop());
            return;
          case 'forceEndpoint':
            this.call(done, () => this.session.forceEndpoint(), false);
            return;
          case 'keepAlive':
            this.call(done, () => this.session.keepAlive(), false);
            return;
          case 'mute':
          case 'unmute':
            this.call(done, () => this.extras.action(input.action as 'mute' | 'unmute'), false);
            return;
        }
    }
  }

  /** Terminates the session within closeTimeoutMs; always resolves. */
  close(): Promise<void> {
    this.closing = true;
    this.dropWarnings.dispose();
    this.extras.dispose();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, this.options.closeTimeoutMs);
      const finish = () => {
        clearTimeout(timer);
        resolve();
      };
      let closed: Promise<void>;
      try {
        closed = this.session.close();
      } catch {
        finish();
        return;
      }
      closed.then(finish, finish);
    });
  }

  private start(done: Done): void {
    this.pendingStarts++;
    let started: Promise<void>;
    try {
      started = this.session.start();
    } catch (error) {
      this.pendingStarts--;
      done(asError(error));
      return;
    }
    started.then(
      () => {
        this.pendingStarts--;
        done();
      },
      (error: unknown) => {
        this.pendingStarts--;
        done(asError(error));
      },
    );
  }

  /** A synchronous session call; audio errors are reported once per window. */
  private call(done: Done, action: () => void, isAudio: boolean): void {
    try {
      action();
      done();
    } catch (error) {
      const problem = asError(error);
      if (isAudio && this.repeatsRecentAudioError(problem)) done();
      else done(problem);
    }
  }

  private callAsync(done: Done, action: () => Promise<void>): void {
    let pending: Promise<void>;
    try {
      pending = action();
    } catch (error) {
      done(asError(error));
      return;
    }
    pending.then(
      () => done(),
      (error: unknown) => done(asError(error)),
    );
  }

  private repeatsRecentAudioError(error: Error): boolean {
    const now = Date.now();
    const last = this.lastAudioError;
    if (last && last.text === error.message && now - last.at < AUDIO_ERROR_WINDOW_MS) return true;
    this.lastAudioError = { text: error.message, at: now };
    return false;
  }

  private info(): SessionInfo | undefined {
    return this.session.info;
  }

  private sendEvent(message: EventMessage): void {
    if (!this.closing) this.host.send([null, message]);
  }

  private showStatus(): void {
    if (this.closing) return;
    this.showDecorated(
      statusForState(
        this.state,
        { ...this.stateDetail, code: this.lastFailureCode },
        this.options.policy,
        this.options.translate,
        this.options.openOn,
        this.backlogMs,
      ),
    );
  }

  private showDecorated(view: NodeStatusView): void {
    this.host.status(this.extras.decorate(view, this.options.translate, this.state === 'listening' || this.state === 'speech'));
  }

  private listen(): void {
    const s = this.session;
    s.on('state', (state, detail) => {
      this.state = state;
      this.stateDetail = { retryInMs: detail.retryInMs };
      if (state !== 'failed') this.lastFailureCode = undefined;
      if (state === 'idle' || state === 'stopping' || state === 'failed' || state === 'closed') this.backlogMs = undefined;
      this.showStatus();
    });
    s.on('begin', (info) => this.sendEvent(beginMessage(info)));
    const finalOnly = this.options.turnUpdates === 'final';
    s.on('turn', (turn, session) => {
      if (turn.final && !this.closing) this.extras.finalTurn();
      if (this.closing) return;
      this.revisions.remember(turn, session);
      if (finalOnly && !turn.final) return;
      this.host.send([turnMessage(turn, session), null]);
    });
    s.on('speakerRevision', (event) => {
      if (this.closing) return;
      const { view, turns } = this.revisions.revise(event);
      this.sendEvent(speakerRevisionMessage({ ...view }, this.info()));
      // A later message relabelled earlier turns: each goes out again, marked revised (not final: it was acted on).
      if (!finalOnly) for (const { turn, session } of turns) this.host.send([turnMessage(turn, session), null]);
    });
    s.on('backlog', (event) => {
      this.backlogMs = event.bufferedMs;
      this.showStatus();
      this.sendEvent(backlogMessage(event, this.info()));
    });
    s.on('caughtUp', (event) => {
      this.backlogMs = undefined;
      this.showStatus();
      this.sendEvent(caughtUpMessage(event, this.info()));
    });
    s.on('speechStarted', (event) => this.sendEvent(speechStartedMessage(event, this.info())));
    s.on('termination', (event) => this.sendEvent(terminationMessage(this.extras.termination(event) as typeof event, this.info())));
    s.on('warning', (event) => this.sendEvent(warningMessage(event, this.info())));
    s.on('reconnecting', (event) => this.sendEvent(reconnectingMessage(event, this.info())));
    s.on('closed', (event) => this.sendEvent(closedMessage(event, this.info())));
    s.on('error', (error) => {
      if (this.closing) return;
      // The fatal error names the failure (its code may be undefined: a local fault such as TLS trust).
      if (error.fatal) this.lastFailureCode = error.code;
      if (this.state === 'failed') this.showStatus();
      const message = errorMessage(error, this.info());
      this.sendEvent(message);
      // A failing "start" action reports through its own done(err); do not report twice.
      if (!(error.fatal && this.pendingStarts > 0)) this.host.error(error, { ...message });
    });
    s.on('audioDropped', (event) => {
      if (!this.closing) this.dropWarnings.add(event, dropReason(event.cause, this.state, this.options.policy, this.options.translate));
    });
  }
}
