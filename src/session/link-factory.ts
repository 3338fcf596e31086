// Creates the links of a session (a Connection with the current parameters
// and format, its TurnFinalizer, its share of the stream's turn numbering)
// and routes each link's Begin, messages and end by its role: active,
// rollover candidate, or draining. Every callback is guarded.
import type { BeginMessage } from '../protocol/messages';
import { awaitsFormattedTurn } from '../protocol/speech-models';
import type { AudioPipeline } from './audio-pipeline';
import type { BillingMeter } from './billing-meter';
import { withBilledSeconds } from './billing-outlet';
import type { Clock } from './clock';
import { Connection, type ConnectionEnd, type ConnectionSettings } from './connection';
import type { Drainer } from './drainer';
import { classifyEnd, type Fault } from './fault';
import type { Link, LinkRole } from './link';
import { reportDrainedEnd } from './loss-planner';
import type { ResolvedOptions } from './options';
import type { Rollover } from './rollover';
import { routeMessage, type MessageOutlet } from './server-messages';
import { TurnFinalizer } from './turn-finalizer';
import { TurnNumbering } from './turn-numbering';
import { withTiming } from './turn-timing';
import { StreamingError, type AudioFormat, type ConnectionParams } from './types';

export interface LinkHost {
  readonly out: MessageOutlet & { guard(action: () => void): void };
  readonly audio: AudioPipeline;
  readonly drainer: Drainer;
  readonly rollover: Rollover;
  /** Open (billed) time of every connection from Begin to its end. */
  readonly billing: BillingMeter;
  active(): Link | undefined;
  /** The active link began. */
  activeBegan(link: Link): void;
  /** The active link ended. */
  activeLost(end: ConnectionEnd, fault: Fault): void;
  /** A draining link ended. */
  drained(): void;
  /** A final turn went out (stats). */
  countFinal(): void;
}

export class LinkFactory {
  /** Connections created so far (stats). */
  created = 0;
  private nextId = 1;
  private readonly numbering = new TurnNumbering();

  constructor(
    private readonly options: ResolvedOptions,
    private readonly clock: Clock,
    private readonly host: LinkHost,
  ) {}

  create(role: LinkRole, params: ConnectionParams, format: AudioFormat): Link {
    const o = this.options;
    const out = this.host.out;
    const model = typeof params.speech_model === 'string' ? params.speech_model : '';
    const finalizer = new TurnFinalizer(
      awaitsFormattedTurn(params),
      o.formattedTurnTimeoutMs,
      (turn) => {
        if (turn.final) this.host.countFinal();
        out.emit(
          'turn',
          withTiming(turn, this.host.audio.timelines.of(conn), this.clock.now()),
          link.info ?? { id: '', model, expiresAt: 0 },
        );
      },
      this.clock,
    );
    const settings: ConnectionSettings = {
      baseUrl: o.url,
      params: { ...params },
      sampleRate: format.sampleRate,
      encoding: format.encoding,
      apiKey: o.apiKey,
      getToken: o.getToken,
      connectTimeoutMs: o.connectTimeoutMs,
      terminationTimeoutMs: o.terminationTimeoutMs,
      silenceTimeoutMs: params.session_heartbeat === true ? o.heartbeatTimeoutMs : undefined,
      tls: o.tls,
      clock: this.clock,
    };
    const conn = new Connection(settings, {
      onBegin: (message) => out.guard(() => this.onBegin(link, message, model)),
      onMessage: (message) => out.guard(() => routeMessage(link, message, message.type === 'Termination' ? billedOut : out)),
      onEnd: (end) => out.guard(() => this.onEnd(link, end)),
    });
    const billedOut = withBilledSeconds(out, () => this.host.billing.secondsOf(link.id));
    const link: Link = { id: this.nextId++, role, conn, finalizer, orders: this.numbering.forConnection(), beganAt: 0, turnOpen: false };
    this.created++;
    return link;
  }

  private onBegin(link: Link, message: BeginMessage, speechModel: string): void {
    const model = typeof message.configuration?.model === 'string' ? message.configuration.model : speechModel;
    link.info = { id: message.id, model, expiresAt: message.expires_at };
    link.beganAt = this.clock.now();
    this.host.billing.opened(link.id);
    const update = link.pendingUpdate;
    link.pendingUpdate = undefined;
    if (update !== undefined) link.conn.sendText(JSON.stringify({ type: 'UpdateConfiguration', ...update }));
    this.host.out.emit('begin', message.configuration ? { ...link.info, configuration: message.configuration } : { ...link.info });
    // A listener may have called stop() or close(): act on the role as it is now.
    if (link.role === 'draining') this.host.drainer.finish(link);
    else if (link.role === 'candidate') this.host.rollover.candidateBegan();
    else if (link === this.host.active()) this.host.activeBegan(link);
  }

  private onEnd(link: Link, end: ConnectionEnd): void {
    const host = this.host;
    host.billing.closed(link.id);
    link.finalizer.flush(); // a turn waiting for its formatted message is final now
    link.finalizer.dispose();
    if (link.outbox !== undefined) {
      host.audio.lose(link.outbox);
      link.outbox = undefined;
    }
    const fault = classifyEnd(end, this.options);
    if (link.role === 'draining') {
      host.drainer.ended(link);
      host.out.emit('closed', { code: fault.closeCode, reason: fault.reason, willRetry: false });
      const report = reportDrainedEnd(end, fault);
      if (report === 'warning') host.out.emit('warning', { code: 0, message: fault.message });
      else if (report === 'error') host.out.error(new StreamingError(fault.message, fault.errorCode, false));
      host.drained();
    } else if (link.role === 'candidate') host.rollover.candidateEnded(link, fault);
    else if (link === host.active()) host.activeLost(end, fault);
  }
}
