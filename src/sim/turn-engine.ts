// Turns out of detected speech. Fed with speech-probability windows in stream
// time, it decides when turns start and end under the session's turn settings
// and emits the Turn / SpeechStarted messages of the model's family
// (../shared/assemblyai-v3.md §7). Words come from the script and are laid out
// over the detected speech: each word takes `wordMs` of speech while it is
// revealed; what is left at the end of a turn is spread over the remaining span.
import type { SpeechStartedMessage, TurnMessage, Word } from '../protocol/messages';
import type { ModelFamily } from '../protocol/params';
import type { ScriptedUtterance } from './types';
import { splitWords, withoutTerminalPunctuation, type WordForms } from './text-forms';

export interface TurnSettings {
  endOfTurnConfidenceThreshold: number;
  minTurnSilence: number;
  maxTurnSilence: number;
  vadThreshold: number;
  formatTurns: boolean;
  continuousPartials: boolean;
  interruptionDelay: number;
  includePartialTurns: boolean;
  speakerLabels: boolean;
  languageDetection: boolean;
}

export interface TurnEngineOptions {
  model: string;
  family: ModelFamily;
  settings: TurnSettings;
  wordMs: number;
  minSpeechMs: number;
  continuousPartialMs: number;
  unknownSpeakerBelowMs: number;
  nextUtterance: (turnOrder: number) => ScriptedUtterance;
  send: (message: object) => void;
}

interface ActiveTurn {
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
function wordConfidence(order: number, index: number): number {
  return (90 + ((order * 7 + index * 13) % 9)) / 100;
}

const ROUND = (ms: number) => Math.round(ms);

export class TurnEngine {
  settings: TurnSettings;
  private turn: ActiveTurn | null = null;
  private nextOrder = 0;
  private pendingFirstMs = -1;
  private pendingVoicedMs = 0;
  private pendingLastMs = 0;
  private streamMs = 0;
  /** Highest speech probability since the last call to takeMaxProbability(). */
  private maxProbability = 0;
  finalTurns = 0;
  partialTurns = 0;

  constructor(private readonly options: TurnEngineOptions) {
    this.settings = { ...options.settings };
  }

  get inTurn(): boolean {
    return this.turn !== null;
  }

  takeMaxProbability(): number {
    const p = this.maxProbability;
    this.maxProbability = 0;
    return p;
  }

  /** One VAD window: probability of speech and the stream time at its end. */
  onWindow(probability: number, endMs: number, windowMs: number): void {
    this.streamMs = endMs;
    if (probability > this.maxProbability) this.maxProbability = probability;
    const voiced = probability >= this.settings.vadThreshold && probability > 0;
    const turn = this.turn;
    if (!turn) {
      if (voiced) {
        if (this.pendingFirstMs < 0) this.pendingFirstMs = endMs - windowMs;
        this.pendingVoicedMs += windowMs;
        this.pendingLastMs = endMs;
        if (this.pendingVoicedMs >= this.options.minSpeechMs - 1e-6) this.startTurn(probability);
      } else if (this.pendingFirstMs >= 0 && endMs - this.pendingLastMs > 200) {
        this.pendingFirstMs = -1;
        this.pendingVoicedMs = 0;
      }
      return;
    }
    if (voiced) {
      turn.frameHadVoice = true;
      turn.pauseHandled = false;
      turn.voicedMs += windowMs;
      turn.lastVoicedMs = endMs;
      this.revealSpeech(turn, windowMs, endMs);
      return;
    }
    const silence = endMs - turn.lastVoicedMs;
    if (silence >= this.settings.maxTurnSilence) {
      this.endTurn();
      return;
    }
    if (silence >= this.settings.minTurnSilence && !turn.pauseHandled) {
      turn.pauseHandled = true;
      this.onPause(turn);
    }
  }

  /** After each frame: the per-frame partials and the early/continuous partials. */
  onFrameEnd(): void {
    const turn = this.turn;
    if (!turn) return;
    if (this.options.family === 'universal-streaming') {
      if (turn.frameHadVoice) this.sendPartial(turn);
    } else {
      const turnMs = this.streamMs - turn.startMs;
      if (!turn.earlyPartialSent && turnMs >= this.settings.interruptionDelay) {
        turn.earlyPartialSent = true;
        this.sendPartial(turn);
      } else if (
        this.settings.continuousPartials &&
        turn.earlyPartialSent &&
        turn.frameHadVoice &&
        this.streamMs - turn.lastPartialMs >= this.options.continuousPartialMs
      ) {
        this.sendPartial(turn);
      }
    }
    turn.frameHadVoice = false;
  }

  /** ForceEndpoint (and Terminate): ends the turn under way now. */
  forceEndpoint(): void {
    if (this.turn) this.endTurn();
  }

  private startTurn(probability: number): void {
    const order = this.nextOrder++;
    const utterance = this.options.nextUtterance(order);
    let words = splitWords(utterance.text);
    if (words.length === 0) words = splitWords(`Simulated utterance ${order + 1}.`);
    const startMs = this.pendingFirstMs;
    const turn: ActiveTurn = {
      order,
      utterance,
      words,
      startMs,
      voicedMs: 0,
      lastVoicedMs: this.pendingLastMs,
      current: 0,
      currentStarted: false,
      currentStartMs: startMs,
      currentVoicedMs: 0,
      finals: [],
      pauseHandled: false,
      utteranceSent: false,
      frameHadVoice: true,
      earlyPartialSent: false,
      lastPartialMs: startMs,
    };
    this.turn = turn;
    // The speech that started the turn is the first word's.
    turn.currentStarted = true;
    turn.voicedMs = this.pendingVoicedMs;
    turn.currentVoicedMs = this.pendingVoicedMs;
    this.pendingFirstMs = -1;
    this.pendingVoicedMs = 0;
    if (this.options.family === 'u3') {
      const message: SpeechStartedMessage = {
        type: 'SpeechStarted',
        timestamp: ROUND(startMs),
        confidence: Math.round((0.9 + 0.099 * probability) * 1e6) / 1e6,
      };
      this.options.send(message);
    }
  }

  private revealSpeech(turn: ActiveTurn, windowMs: number, endMs: number): void {
    if (turn.current >= turn.words.length) return;
    if (!turn.currentStarted) {
      turn.currentStarted = true;
      turn.currentStartMs = endMs - windowMs;
      turn.currentVoicedMs = 0;
    }
    turn.currentVoicedMs += windowMs;
    const isLast = turn.current === turn.words.length - 1;
    if (!isLast && turn.currentVoicedMs >= this.options.wordMs) this.finishCurrentWord(turn, endMs);
  }

  private finishCurrentWord(turn: ActiveTurn, endMs: number): void {
    turn.finals.push({ start: ROUND(turn.currentStartMs), end: Math.max(ROUND(turn.currentStartMs), ROUND(endMs)) });
    turn.current++;
    turn.currentStarted = false;
    turn.currentVoicedMs = 0;
  }

  /** Words revealed so far, the one being revealed included (as a whole word). */
  private revealedCount(turn: ActiveTurn): number {
    return Math.min(turn.words.length, turn.current + (turn.currentStarted ? 1 : 0));
  }

  /** Simulated semantic end-of-turn confidence: how much of the scripted utterance has been spoken. */
  private semanticConfidence(turn: ActiveTurn): number {
    return Math.round((0.1 + (0.85 * this.revealedCount(turn)) / turn.words.length) * 1000) / 1000;
  }

  private onPause(turn: ActiveTurn): void {
    if (this.options.family === 'universal-streaming') {
      if (this.semanticConfidence(turn) > this.settings.endOfTurnConfidenceThreshold) {
        this.endTurn();
        return;
      }
      // A pause that does not end the turn: the words so far become final and the utterance goes out.
      if (turn.currentStarted) this.finishCurrentWord(turn, turn.lastVoicedMs);
      if (!this.settings.includePartialTurns) return;
      const message = this.universalMessage(turn, false);
      message.utterance = message.transcript;
      turn.utteranceSent = message.transcript !== '';
      if (this.settings.languageDetection) this.addLanguage(message, turn);
      this.sendTurn(message, false);
      return;
    }
    // U3: terminal punctuation shows once the whole utterance has been spoken; then the turn ends.
    if (this.revealedCount(turn) >= turn.words.length) {
      this.endTurn();
      return;
    }
    this.sendPartial(turn);
  }

  private sendPartial(turn: ActiveTurn): void {
    if (!this.settings.includePartialTurns) return;
    turn.lastPartialMs = this.streamMs;
    const message = this.options.family === 'u3' ? this.u3Partial(turn) : this.universalMessage(turn, false);
    this.sendTurn(message, false);
  }

  private endTurn(): void {
    const turn = this.turn;
    if (!turn) return;
    this.turn = null;
    if (this.options.family === 'universal-streaming') {
      if (turn.currentStarted) this.finishCurrentWord(turn, turn.lastVoicedMs);
      this.spreadRemaining(turn);
      const message = this.universalMessage(turn, true);
      if (!turn.utteranceSent) message.utterance = message.transcript;
      this.decorateFinal(message, turn);
      this.sendTurn(message, true);
      if (this.settings.formatTurns) {
        const formatted = this.universalMessage(turn, true, true);
        formatted.turn_is_formatted = true;
        formatted.end_of_turn_confidence = message.end_of_turn_confidence;
        this.decorateFinal(formatted, turn);
        this.sendTurn(formatted, true);
      }
    } else {
      const message = this.u3Final(turn);
      this.decorateFinal(message, turn);
      this.sendTurn(message, true);
    }
  }

  /** US end of turn: words not yet revealed share the span after the last final word. */
  private spreadRemaining(turn: ActiveTurn): void {
    const remaining = turn.words.length - turn.finals.length;
    if (remaining <= 0) return;
    const from = turn.finals.length > 0 ? turn.finals[turn.finals.length - 1].end : ROUND(turn.startMs);
    const to = Math.min(ROUND(this.streamMs), Math.max(ROUND(turn.lastVoicedMs), from + remaining * 50));
    const times = spreadByLength(turn.words.slice(turn.finals.length), from, Math.max(from, to));
    turn.finals.push(...times);
    turn.current = turn.words.length;
  }

  private universalMessage(turn: ActiveTurn, endOfTurn: boolean, formatted = false): TurnMessage {
    // The multilingual model writes formatted words natively (sentence case and punctuation only at the end of turn).
    const native = this.options.model === 'universal-streaming-multilingual';
    const useFormatted = formatted || native;
    const finals = turn.words.slice(0, turn.finals.length);
    const words: Word[] = useFormatted
      ? formattedWords(finals, turn.finals, turn.order, true)
      : finals.map((w, i) => ({ text: w.plain, start: turn.finals[i].start, end: turn.finals[i].end, confidence: wordConfidence(turn.order, i), word_is_final: true }));
    if (native && !formatted && !endOfTurn && words.length > 0) words[words.length - 1].text = withoutTerminalPunctuation(words[words.length - 1].text);
    const transcript = words.map((w) => w.text).join(' ');
    const current = turn.words[turn.current];
    if (!endOfTurn && turn.currentStarted && current && (!useFormatted || current.formatted !== '')) {
      const full = useFormatted ? withoutTerminalPunctuation(current.formatted) : current.plain;
      const shown = Math.max(1, Math.min(full.length, Math.ceil((full.length * turn.currentVoicedMs) / this.options.wordMs)));
      words.push({
        text: full.slice(0, shown),
        start: ROUND(turn.currentStartMs),
        end: Math.max(ROUND(turn.currentStartMs), ROUND(turn.lastVoicedMs)),
        confidence: wordConfidence(turn.order, turn.current),
        word_is_final: false,
      });
    }
    const confidence = this.semanticConfidence(turn);
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

  private u3Partial(turn: ActiveTurn): TurnMessage {
    const count = Math.max(1, this.revealedCount(turn));
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
    const risingConfidence = /^universal-3-[56]/.test(this.options.model);
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

  private u3Final(turn: ActiveTurn): TurnMessage {
    const end = Math.max(ROUND(turn.lastVoicedMs), ROUND(turn.startMs) + turn.words.length * 50);
    const times = spreadByLength(turn.words, ROUND(turn.startMs), Math.min(Math.max(ROUND(this.streamMs), ROUND(turn.lastVoicedMs)), end));
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

  private decorateFinal(message: TurnMessage, turn: ActiveTurn): void {
    if (this.settings.speakerLabels) {
      const label = turn.voicedMs < this.options.unknownSpeakerBelowMs ? 'UNKNOWN' : (turn.utterance.speaker ?? 'A');
      message.speaker_label = label;
      for (const w of message.words) w.speaker = label;
    }
    if (this.settings.languageDetection) this.addLanguage(message, turn);
  }

  private addLanguage(message: TurnMessage, turn: ActiveTurn): void {
    message.language_code = turn.utterance.language ?? 'en';
    message.language_confidence = 0.97;
  }

  private sendTurn(message: TurnMessage, final: boolean): void {
    if (final) this.finalTurns++;
    else this.partialTurns++;
    this.options.send(message);
  }
}

/**
 * Formatted words from aligned spoken words and their times: a formatted word
 * said in several spoken words ("twenty five" -> "25") spans all of them.
 */
export function formattedWords(words: readonly WordForms[], times: ReadonlyArray<{ start: number; end: number }>, order: number, final: boolean): Word[] {
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
