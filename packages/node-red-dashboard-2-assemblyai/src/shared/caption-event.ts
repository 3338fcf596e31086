// Turns a transcriber turn message into what the captions widget shows, and
// keeps the widget's lines: pure, shared by the node and the browser.
import type { CaptionEvent } from './socket-events';

interface TurnLike {
  transcript?: unknown;
  final?: unknown;
  endOfTurn?: unknown;
  speaker?: unknown;
  order?: unknown;
  words?: Array<{ start?: unknown }>;
}

/** The caption for a message, or undefined when the message is not a turn or a clear action. */
export function captionFromMessage(msg: { payload?: unknown; turn?: unknown; action?: unknown }): CaptionEvent | undefined {
  if (msg.action === 'clear') return { kind: 'clear' };
  const turn = (msg.turn && typeof msg.turn === 'object' ? msg.turn : undefined) as TurnLike | undefined;
  const text = typeof turn?.transcript === 'string' ? turn.transcript : typeof msg.payload === 'string' ? msg.payload : undefined;
  if (text === undefined) return undefined;
  const final = turn ? turn.final === true : true;
  const event: CaptionEvent = { kind: final ? 'final' : 'partial', text };
  if (typeof turn?.speaker === 'string' && turn.speaker) event.speaker = turn.speaker;
  if (typeof turn?.order === 'number') event.order = turn.order;
  const start = turn?.words?.[0]?.start;
  if (typeof start === 'number') event.startMs = start;
  return event;
}

export interface CaptionLine {
  key: number;
  text: string;
  speaker?: string;
  startMs?: number;
}

export interface CaptionsView {
  lines: CaptionLine[];
  partial?: CaptionLine;
  nextKey: number;
}

export const emptyCaptions = (): CaptionsView => ({ lines: [], nextKey: 0 });

/** Applies one caption event; keeps at most maxLines final lines (the newest). */
export function applyCaption(view: CaptionsView, event: CaptionEvent, maxLines: number): CaptionsView {
  if (event.kind === 'clear') return { lines: [], nextKey: view.nextKey };
  const line: CaptionLine = { key: view.nextKey, text: event.text, speaker: event.speaker, startMs: event.startMs };
  if (event.kind === 'partial') return { lines: view.lines, partial: line, nextKey: view.nextKey + 1 };
  const limit = Math.max(1, Math.floor(maxLines) || 1);
  const lines = [...view.lines, line].slice(-limit);
  return { lines, nextKey: view.nextKey + 1 };
}

const SPEAKER_COLOURS = ['#1565c0', '#c62828', '#2e7d32', '#6a1b9a', '#ef6c00', '#00838f', '#ad1457', '#4e342e'];

/** A stable colour per speaker label (A, B, ... or any string). */
export function speakerColour(speaker: string): string {
  let hash = 0;
  for (let i = 0; i < speaker.length; i++) hash = (hash * 31 + speaker.charCodeAt(i)) >>> 0;
  return SPEAKER_COLOURS[hash % SPEAKER_COLOURS.length];
}

/** m:ss from stream milliseconds. */
export function formatStreamTime(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}
