// The messages the transcriber sends: turns on output 1, session events on
// output 2 (../shared/DESIGN.md, "Contracts between nodes"). Pure.
import type { SessionInfo, Turn } from '../../protocol/turn';
import type { SessionEvents, StreamingError } from '../../session/types';

export type EventTopic =
  | 'begin'
  | 'speech-started'
  | 'termination'
  | 'warning'
  | 'reconnecting'
  | 'closed'
  | 'error'
  | 'backlog'
  | 'caught-up'
  | 'speaker-revision';

export interface TurnMessage {
  payload: string;
  turn: Turn;
  session: SessionInfo;
}

export interface EventMessage {
  topic: EventTopic;
  payload: Record<string, unknown>;
  session?: SessionInfo;
}

function sessionCopy(info: SessionInfo | undefined): SessionInfo | undefined {
  return info ? { id: info.id, model: info.model, expiresAt: info.expiresAt } : undefined;
}

export function turnMessage(turn: Turn, session: SessionInfo): TurnMessage {
  return { payload: turn.transcript, turn, session: sessionCopy(session) as SessionInfo };
}

function event(topic: EventTopic, payload: Record<string, unknown>, session: SessionInfo | undefined): EventMessage {
  const message: EventMessage = { topic, payload };
  const info = sessionCopy(session);
  if (info) message.session = info;
  return message;
}

export function beginMessage(info: Parameters<SessionEvents['begin']>[0]): EventMessage {
  const payload: Record<string, unknown> = { id: info.id, model: info.model, expiresAt: info.expiresAt };
  if (info.configuration) payload.configuration = info.configuration;
  return event('begin', payload, info);
}

export function speechStartedMessage(e: Parameters<SessionEvents['speechStarted']>[0], session?: SessionInfo): EventMessage {
  return event('speech-started', { ...e }, session);
}

export function terminationMessage(e: Parameters<SessionEvents['termination']>[0], session?: SessionInfo): EventMessage {
  return event('termination', { ...e }, session);
}

export function warningMessage(e: Parameters<SessionEvents['warning']>[0] & Record<string, unknown>, session?: SessionInfo): EventMessage {
  return event('warning', { ...e }, session);
}

export function reconnectingMessage(e: Parameters<SessionEvents['reconnecting']>[0], session?: SessionInfo): EventMessage {
  return event('reconnecting', { ...e }, session);
}

export function closedMessage(e: Parameters<SessionEvents['closed']>[0], session?: SessionInfo): EventMessage {
  return event('closed', { ...e }, session);
}

export function backlogMessage(e: Parameters<SessionEvents['backlog']>[0], session?: SessionInfo): EventMessage {
  return event('backlog', { ...e }, session);
}

export function caughtUpMessage(e: Parameters<SessionEvents['caughtUp']>[0], session?: SessionInfo): EventMessage {
  return event('caught-up', { ...e }, session);
}

export function speakerRevisionMessage(view: Record<string, unknown>, session?: SessionInfo): EventMessage {
  return event('speaker-revision', view, session);
}

export function errorMessage(error: Pick<StreamingError, 'message' | 'code' | 'fatal'>, session?: SessionInfo): EventMessage {
  const payload: Record<string, unknown> = { message: error.message, fatal: error.fatal === true };
  if (error.code !== undefined) payload.code = error.code;
  return event('error', payload, session);
}
