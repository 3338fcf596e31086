// Which messages the intent node acts on, and the text it matches: a turn
// message (msg.turn from the transcriber) at the chosen stage, or a plain
// string payload (an inject node, a test, another speech source).

/** final: the one message per turn to act on; endOfTurn: every end-of-turn message (earlier, may be unformatted). */
export const INTENT_STAGES = ['final', 'endOfTurn'] as const;
export type IntentStage = (typeof INTENT_STAGES)[number];

export type TurnText = { act: true; text: string } | { act: false };

export class IntentInputError extends Error {
  constructor(readonly detail: string) {
    super(detail);
    this.name = 'IntentInputError';
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function readStage(value: unknown): IntentStage {
  return INTENT_STAGES.includes(value as IntentStage) ? (value as IntentStage) : 'final';
}

/** The text to match in `msg`, or act: false for a turn message at another stage; throws IntentInputError. */
export function turnText(msg: unknown, stage: IntentStage): TurnText {
  if (!isObject(msg)) throw new IntentInputError('the message is not an object');
  const turn = msg.turn;
  if (turn === undefined) {
    if (typeof msg.payload === 'string') return { act: true, text: msg.payload };
    throw new IntentInputError('expected a turn message (msg.turn from a transcriber) or a string msg.payload');
  }
  if (!isObject(turn)) throw new IntentInputError('msg.turn is not an object');
  if (typeof turn.transcript !== 'string') throw new IntentInputError('msg.turn.transcript is not a string');
  // Without these a turn would be dropped without a word; say why instead.
  if (typeof turn.final !== 'boolean') throw new IntentInputError('msg.turn.final is not a boolean');
  if (typeof turn.endOfTurn !== 'boolean') throw new IntentInputError('msg.turn.endOfTurn is not a boolean');
  const atStage = stage === 'final' ? turn.final === true : turn.endOfTurn === true;
  return atStage ? { act: true, text: turn.transcript } : { act: false };
}
