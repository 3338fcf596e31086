// The Turn messages of the two model families (../shared/assemblyai-v3.md §7)
// built from a turn under way: Universal-Streaming's growing partials and
// finals (plain, or formatted for format_turns and the multilingual model), and
// U3's stable spoken-form partials and single formatted final.
import type { TurnMessage, Word } from '../protocol/messages';
import type { ScriptedUtterance } from './types';
import { withoutTerminalPunctuation, type WordForms } from './text-forms';

export interface ActiveTurn {
  order: number;
  utterance: ScriptedUtterance;
  words: WordForms[];
  startMs: number;
  voicedMs: number;
  lastVoicedMs: number;
  /** Index of the word being revealed (words.length when all are done). */
  current: number;
  currentStarted: boolean;
  currentStartMs: number;
  currentVoicedMs: number;
  /** Universal-Streaming: words made final so far, with their fixed times. */
  finals: Array<{ start: number; end: number }>;
  /** A pause message (US utterance / U3 silence partial) went out for the silence under way. */
  pauseHandled: boolean;
  /** US: the utterance text went out on a pause message already. */
  utteranceSent: boolean;
  frameHadVoice: boolean;
  earlyPartialSent: boolean;
  lastPartialMs: number;
}

/** Multi-word messages stay readable to a client's eye: stable per-word confidences. */
export function wordConfidence(order: number, index: number): number {
  return (90 + ((order * 7 + index * 13) % 9)) / 100;
}

export const ROUND = (ms: number) => Math.round(ms);

/** Words revealed so far, the one being revealed included (as a whole word). */
export function revealedCount(turn: ActiveTurn): number {
  return Math.min(turn.words.length, turn.current + (turn.currentStarted ? 1 : 0));
}

/** Simulated semantic end-of-turn confidence: how much of the scripted utterance has been spoken. */
export function semanticConfidence(turn: ActiveTurn): number {
  return Math.round((0.1 + (0.85 * revealedCount(turn)) / turn.words.length) * 1000) / 1000;
}

export function universalMessage(turn: ActiveTurn, model: string, wordMs: number, endOfTurn: boolean, formatted = false): TurnMessage {
  // The multilingual model writes formatted words natively (sentence case and punctuation only at the end of turn).
  const native = model === 'universal-streaming-multilingual';
  const useFormatted = formatted || native;
  const finals = turn.words.slice(0, turn.finals.length);
  const words: Word[] = useFormatted
    ? formattedWords(finals, turn.finals, turn.order, true)
    : finals.map((w, i) => ({
        text: w.plain,
        start: turn.finals[i].start,
        end: turn.finals[i].end,
        confidence: wordConfidence(turn.order, i),
        word_is_final: true,
      }));
  if (native && !formatted && !endOfTurn && words.length > 0)
    words[words.length - 1].text = withoutTerminalPunctuation(words[words.length - 1].text);
  const transcript = words.map((w) => w.text).join(' ');
  const current = turn.words[turn.current];
  if (!endOfTurn && turn.currentStarted && current && (!useFormatted || current.formatted !== '')) {
    const full = useFormatted ? withoutTerminalPunctuation(current.formatted) : current.plain;
    const shown = Math.max(1, Math.min(full.length, Math.ceil((full.length * turn.currentVoicedMs) / wordMs)));
    words.push({
      text: full.slice(0, shown),
      start: ROUND(turn.currentStartMs),
      end: Math.max(ROUND(turn.currentStartMs), ROUND(turn.lastVoicedMs)),
      confidence: wordConfidence(turn.order, turn.current),
      word_is_final: false,
    });
  }
  const confidence = semanticConfidence(turn);
  return {
    type: 'Turn',
    turn_order: turn.order,
    turn_is_formatted: false,
    end_of_turn: endOfTurn,
    transcript,
    end_of_turn_confidence: endOfTurn ? confidence : Math.round(confidence * 500) / 1000,
    words,
    utterance: '',
  };
}

export function u3Partial(turn: ActiveTurn, model: string): TurnMessage {
  const count = Math.max(1, revealedCount(turn));
  const shown = turn.words.slice(0, count);
  const times = spreadByLength(shown, ROUND(turn.startMs), Math.max(ROUND(turn.startMs), ROUND(turn.lastVoicedMs)));
  // Partials are not formatted (turn_is_formatted false): the spoken form.
  const words: Word[] = shown.map((w, i) => ({
    text: w.plain,
    start: times[i].start,
    end: times[i].end,
    confidence: wordConfidence(turn.order, i),
    word_is_final: false,
  }));
  const risingConfidence = /^universal-3-[56]/.test(model);
  return {
    type: 'Turn',
    turn_order: turn.order,
    turn_is_formatted: false,
    end_of_turn: false,
    transcript: words.map((w) => w.text).join(' '),
    end_of_turn_confidence: risingConfidence ? Math.round((0.9 * count * 1000) / turn.words.length) / 1000 : 0,
    words,
    utterance: '',
  };
}

export function u3Final(turn: ActiveTurn, streamMs: number): TurnMessage {
  const end = Math.max(ROUND(turn.lastVoicedMs), ROUND(turn.startMs) + turn.words.length * 50);
  const times = spreadByLength(turn.words, ROUND(turn.startMs), Math.min(Math.max(ROUND(streamMs), ROUND(turn.lastVoicedMs)), end));
  const words = formattedWords(turn.words, times, turn.order, true);
  const transcript = words.map((w) => w.text).join(' ');
  return {
    type: 'Turn',
    turn_order: turn.order,
    turn_is_formatted: true,
    end_of_turn: true,
    transcript,
    end_of_turn_confidence: 1,
    words,
    utterance: transcript,
  };
}
/**
 * Formatted words from aligned spoken words and their times: a formatted word
 * said in several spoken words ("twenty five" -> "25") spans all of them.
 */
export function formattedWords(
  words: readonly WordForms[],
  times: ReadonlyArray<{ start: number; end: number }>,
  order: number,
  final: boolean,
): Word[] {
  const out: Word[] = [];
  words.forEach((w, i) => {
    if (w.formatted === '' && out.length > 0) {
      out[out.length - 1].end = times[i].end;
      return;
    }
    if (w.formatted === '') return;
    out.push({ text: w.formatted, start: times[i].start, end: times[i].end, confidence: wordConfidence(order, i), word_is_final: final });
  });
  return out;
}

/** Times for words laid end to end over [from, to], each taking a share proportional to its length. */
export function spreadByLength(words: readonly WordForms[], from: number, to: number): Array<{ start: number; end: number }> {
  const total = words.reduce((sum, w) => sum + w.plain.length + 1, 0);
  const span = Math.max(0, to - from);
  const out: Array<{ start: number; end: number }> = [];
  let acc = 0;
  for (const w of words) {
    const start = from + Math.round((span * acc) / total);
    acc += w.plain.length + 1;
    const end = from + Math.round((span * acc) / total);
    out.push({ start, end });
  }
  return out;
}
