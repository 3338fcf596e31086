// Hand-made turn messages shaped like the transcriber's (src/protocol/turn.ts),
// for the filter's unit and node tests.
import type { SessionInfo, Turn, TurnWord } from '../../src/protocol/turn';

export interface TurnMessage {
  payload: string;
  turn: Turn;
  session: SessionInfo;
  [key: string]: unknown;
}

export interface TurnOptions {
  order?: number;
  sessionId?: string;
  /** Every word's confidence (default 0.95). */
  confidence?: number;
  speaker?: string;
  /** Word speaker labels only (no turn-level label). */
  wordSpeaker?: string;
}

function wordsOf(text: string, final: boolean, options: TurnOptions): TurnWord[] {
  return text
    .split(/\s+/)
    .filter((w) => w !== '')
    .map((text, i) => ({
      text,
      start: i * 300,
      end: i * 300 + 250,
      confidence: options.confidence ?? 0.95,
      final,
      ...(options.wordSpeaker !== undefined ? { speaker: options.wordSpeaker } : {}),
    }));
}

function message(turn: Turn, options: TurnOptions): TurnMessage {
  return {
    payload: turn.transcript,
    turn,
    session: { id: options.sessionId ?? 'session-1', model: 'universal-streaming-english', expiresAt: 4102444800 },
  };
}

function baseTurn(options: TurnOptions): Omit<Turn, 'transcript' | 'words' | 'endOfTurn' | 'formatted' | 'final'> {
  return {
    order: options.order ?? 0,
    utterance: '',
    confidence: 0.5,
    ...(options.speaker !== undefined ? { speaker: options.speaker } : {}),
  };
}

/**
 * A Universal-Streaming partial: `finalized` words are final and in the
 * transcript; `pending` is the last, not yet final word (only in words).
 */
export function partialTurn(finalized: string, pending = '', options: TurnOptions = {}): TurnMessage {
  const words = [...wordsOf(finalized, true, options), ...wordsOf(pending, false, options)];
  return message({ ...baseTurn(options), transcript: finalized, words, endOfTurn: false, formatted: false, final: false }, options);
}

/** An end-of-turn message; `final` says whether it is the one to act on. */
export function endOfTurnMessage(text: string, final: boolean, options: TurnOptions = {}, formatted = false): TurnMessage {
  const words = wordsOf(text, true, options);
  return message({ ...baseTurn(options), transcript: text, words, endOfTurn: true, formatted, final }, options);
}

/** The single message of a turn to act on (formatted end of turn). */
export function finalTurn(text: string, options: TurnOptions = {}): TurnMessage {
  return endOfTurnMessage(text, true, options, true);
}
