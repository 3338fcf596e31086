// Maps the service's Turn message to the package's camelCase Turn contract.
import type { TurnMessage } from './messages';
import type { Turn, TurnWord } from './turn';

export function toTurn(message: TurnMessage, order: number, final: boolean): Turn {
  const words: TurnWord[] = new Array<TurnWord>(message.words.length);
  for (let i = 0; i < words.length; i++) {
    const w = message.words[i];
    const word: TurnWord = { text: w.text, start: w.start, end: w.end, confidence: w.confidence ?? 0, final: w.word_is_final === true };
    if (w.speaker !== undefined) word.speaker = w.speaker;
    words[i] = word;
  }
  const turn: Turn = {
    order,
    transcript: message.transcript,
    utterance: message.utterance ?? '',
    endOfTurn: message.end_of_turn,
    formatted: message.turn_is_formatted,
    final,
    confidence: message.end_of_turn_confidence,
    words,
  };
  if (message.speaker_label !== undefined) turn.speaker = message.speaker_label;
  if (message.language_code !== undefined) turn.languageCode = message.language_code;
  if (message.language_confidence !== undefined) turn.languageConfidence = message.language_confidence;
  return turn;
}
