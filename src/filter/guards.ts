// Guards: conditions a turn must meet before any rule is tried.
import type { TurnWord } from '../protocol/turn';
import { rawTokens } from './normalize';

export interface GuardConfig {
  /** Lowest mean word confidence (0-1); 0 turns the guard off. */
  minConfidence: number;
  /** Speaker labels allowed ("A", "B"); empty allows everyone. Compared without case. */
  speakers: string[];
  /** Fewest and most words of the command (after the wake word); 0 turns a bound off. */
  minWords: number;
  maxWords: number;
}

export type DropReason = 'confidence' | 'speaker' | 'min-words' | 'max-words' | 'no-wake-word';

/**
 * The mean confidence of the words the decision is based on. The turn's own
 * `confidence` is the end-of-turn confidence (how sure the service is that the
 * speaker finished), which says nothing about whether the words are right.
 * Words without a numeric confidence are left out; undefined when none has one.
 */
export function meanWordConfidence(words: readonly TurnWord[]): number | undefined {
  let sum = 0;
  let count = 0;
  for (const word of words) {
    if (typeof word.confidence === 'number' && Number.isFinite(word.confidence)) {
      sum += word.confidence;
      count++;
    }
  }
  return count === 0 ? undefined : sum / count;
}

/** The turn's speaker label, else the label most of its words carry. */
export function speakerOf(turnSpeaker: string | undefined, words: readonly TurnWord[]): string | undefined {
  if (typeof turnSpeaker === 'string' && turnSpeaker !== '') return turnSpeaker;
  const counts = new Map<string, number>();
  for (const word of words) {
    if (typeof word.speaker === 'string' && word.speaker !== '') counts.set(word.speaker, (counts.get(word.speaker) ?? 0) + 1);
  }
  let best: string | undefined;
  for (const [speaker, count] of counts) if (best === undefined || count > (counts.get(best) ?? 0)) best = speaker;
  return best;
}

/** Speaker and confidence: checked on the whole text, before the wake word. */
export function checkVoiceGuards(guards: GuardConfig, words: readonly TurnWord[], turnSpeaker: string | undefined): DropReason | undefined {
  if (guards.speakers.length > 0) {
    const speaker = speakerOf(turnSpeaker, words)?.toLowerCase();
    if (speaker === undefined || !guards.speakers.some((allowed) => allowed.toLowerCase() === speaker)) return 'speaker';
  }
  if (guards.minConfidence > 0) {
    // No word confidence at all means nothing vouches for the text: dropped.
    const confidence = meanWordConfidence(words) ?? 0;
    if (confidence < guards.minConfidence) return 'confidence';
  }
  return undefined;
}

/** Word count: checked on the command, after the wake word was cut off. */
export function checkWordCount(guards: GuardConfig, command: string): DropReason | undefined {
  const count = rawTokens(command).length;
  if (guards.minWords > 0 && count < guards.minWords) return 'min-words';
  if (guards.maxWords > 0 && count > guards.maxWords) return 'max-words';
  return undefined;
}
