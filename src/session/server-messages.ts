// Turns the messages of one connection into session events: turns go through
// the connection's finalizer with stream-wide orders, the rest are passed on.
// It also keeps the connection's open-turn flag, which the state and the
// rollover switch read.
import type { TurnMessage } from '../protocol/messages';
import type { ParsedMessage } from '../protocol/parse';
import type { Link } from './link';
import { StreamingError, type SessionEvents } from './types';

export type SessionEventArgs = { [K in keyof SessionEvents]: Parameters<SessionEvents[K]> };
export type Emit = <K extends keyof SessionEventArgs>(event: K, ...args: SessionEventArgs[K]) => void;

export interface MessageOutlet {
  emit: Emit;
  error(error: StreamingError): void;
  /** The link's open-turn flag may have changed. */
  turnChanged(link: Link): void;
}

export function routeMessage(link: Link, message: ParsedMessage, out: MessageOutlet): void {
  switch (message.type) {
    case 'Turn':
      onTurn(link, message, out);
      return;
    case 'SpeechStarted':
      link.turnOpen = true;
      link.openTurnOrder = undefined;
      out.emit(
        'speechStarted',
        message.confidence === undefined
          ? { timestamp: message.timestamp }
          : { timestamp: message.timestamp, confidence: message.confidence },
      );
      out.turnChanged(link);
      return;
    case 'Termination':
      out.emit('termination', {
        audioDurationSeconds: message.audio_duration_seconds,
        sessionDurationSeconds: message.session_duration_seconds,
      });
      return;
    case 'Warning':
      out.emit('warning', { code: message.warning_code, message: message.warning });
      return;
    case 'Heartbeat':
      out.emit('heartbeat', { ...message });
      return;
    case 'SpeakerRevision':
      out.emit('speakerRevision', {
        ...message,
        revisions: message.revisions.map((revision) => ({ ...revision, order: link.orders.peek(revision.turn_order) })),
      });
      return;
    case 'LLMGatewayResponse':
      out.emit('llmGatewayResponse', { ...message, order: link.orders.peek(message.turn_order) });
      return;
    case 'Error':
      return; // kept by the connection and reported with its close, whose code says whether it is retried
    case 'Unknown':
      if (link.reportedTypes === undefined) link.reportedTypes = new Set();
      if (!link.reportedTypes.has(message.messageType)) {
        link.reportedTypes.add(message.messageType);
        out.emit('warning', { code: 0, message: `Ignored a server message of unknown type "${message.messageType}".` });
      }
      return;
    case 'Malformed':
      out.error(new StreamingError(`Ignored a malformed message from the service: ${message.problem}.`));
      return;
  }
}

function onTurn(link: Link, message: TurnMessage, out: MessageOutlet): void {
  const order = link.orders.orderOf(message.turn_order);
  if (!message.end_of_turn) {
    link.turnOpen = true;
    link.openTurnOrder = message.turn_order;
  } else if (link.openTurnOrder === undefined || message.turn_order >= link.openTurnOrder) {
    link.turnOpen = false;
    link.openTurnOrder = undefined;
  }
  link.finalizer.handle(message, order);
  out.turnChanged(link);
}
