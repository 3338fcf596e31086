// Reading a turn message (the contract in src/protocol/turn.ts) and choosing,
// per stage, which messages count and which words of them.
import type { Turn, TurnWord } from '../protocol/turn';

/**
 * - final: only the one message per turn with msg.turn.final (the one to act on).
 * - endOfTurn: every message with msg.turn.endOfTurn (unformatted and formatted).
 * - partial: every message; partials are matched on their finalized words ("act early").
 */
export const STAGES = ['final', 'endOfTurn', 'partial'] as const;
export type Stage = (typeof STAGES)[number];

export interface TurnInput {
  turn: Turn;
  /** msg.session.id, or "" when the message has no session. */
  sessionId: string;
}

export class TurnShapeError extends Error {
  constructor(readonly detail: string) {
    super(`not a turn message: ${detail}`);
    this.name = 'TurnShapeError';
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkWord(word: unknown, i: number): void {
  const where = `msg.turn.words[${i}]`;
  if (!isObject(word)) throw new TurnShapeError(`${where} is not an object`);
  if (typeof word.text !== 'string') throw new TurnShapeError(`${where}.text is not a string`);
  if (word.final !== undefined && typeof word.final !== 'boolean') throw new TurnShapeError(`${where}.final is not a boolean`);
  if (word.confidence !== undefined && typeof word.confidence !== 'number') {
    throw new TurnShapeError(`${where}.confidence is not a number`);
  }
  if (word.speaker !== undefined && typeof word.speaker !== 'string') {
    throw new TurnShapeError(`${where}.speaker is not a string`);
  }
}

/** Checks the parts of msg.turn the filter relies on; throws TurnShapeError. */
export function readTurnMessage(msg: unknown): TurnInput {
  if (!isObject(msg)) throw new TurnShapeError('the message is not an object');
  const turn = msg.turn;
  if (!isObject(turn)) throw new TurnShapeError('msg.turn is missing or not an object');
  if (typeof turn.transcript !== 'string') throw new TurnShapeError('msg.turn.transcript is not a string');
  if (typeof turn.order !== 'number' || !Number.isFinite(turn.order)) {
    throw new TurnShapeError('msg.turn.order is not a number');
  }
  if (typeof turn.final !== 'boolean') throw new TurnShapeError('msg.turn.final is not a boolean');
  if (typeof turn.endOfTurn !== 'boolean') throw new TurnShapeError('msg.turn.endOfTurn is not a boolean');
  if (!Array.isArray(turn.words)) throw new TurnShapeError('msg.turn.words is not an array');
  turn.words.forEach(checkWord);
  if (turn.speaker !== undefined && typeof turn.speaker !== 'string') {
    throw new TurnShapeError('msg.turn.speaker is not a string');
  }
  const session = msg.session;
  const sessionId = isObject(session) && typeof session.id === 'string' ? session.id : '';
  return { turn: turn as unknown as Turn, sessionId };
}

export function isAtStage(turn: Turn, stage: Stage): boolean {
  if (stage === 'final') return turn.final;
  if (stage === 'endOfTurn') return turn.endOfTurn;
  return true;
}

/** The text a message contributes and the words behind it. */
export interface StageText {
  text: string;
  words: TurnWord[];
}

/**
 * End-of-turn and final messages: the whole transcript. Partials: only their
 * finalized words (a word without a `final` flag counts as finalized), because
 * the last word of a partial may still change ("Son" -> "Sonny"). On
 * Universal-Streaming the transcript of a partial already holds only finalized
 * words; on Universal-3 partials no word is finalized, so nothing fires early.
 * A message without words at all falls back to its transcript.
 */
export function textForMatching(turn: Turn): StageText {
  if (turn.endOfTurn || turn.final || turn.words.length === 0) {
    return { text: turn.transcript, words: turn.words };
  }
  const finalized = turn.words.filter((word) => word.final !== false);
  return { text: finalized.map((word) => word.text).join(' '), words: finalized };
}
