// Turns out of detected speech. Fed with speech-probability windows in stream
// time, it decides when turns start and end under the session's turn settings
// and emits the Turn / SpeechStarted messages of the model's family
// (../shared/assemblyai-v3.md §7). Words come from the script and are laid out
// over the detected speech: each word takes `wordMs` of speech while it is
// revealed; what is left at the end of a turn is spread over the remaining span.
import type { SpeechStartedMessage, TurnMessage } from '../protocol/messages';
import type { ModelFamily } from '../protocol/params';
import type { ScriptedUtterance } from './types';
import { SpeakerHistory, type SpeakerRelabel } from './speaker-revisions';
import { splitWords } from './text-forms';
import {
  ROUND,
  revealedCount,
  semanticConfidence,
  spreadByLength,
  u3Final,
  u3Partial,
  universalMessage,
  type ActiveTurn,
} from './turn-messages';
export { formattedWords, spreadByLength } from './turn-messages';

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
  private readonly speakers = new SpeakerHistory();
  private lastFinal: TurnMessage | null = null;
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

  /** A SpeakerRevision relabelling earlier turns now (speaker_labels only); false when none applies. */
  reviseSpeakers(relabels: readonly SpeakerRelabel[]): boolean {
    if (!this.settings.speakerLabels) return false;
    const message = this.speakers.revise(relabels);
    if (message) this.options.send(message);
    return message !== null;
  }

  /** The SpeakerRevision due right before Termination (the script's revisedSpeaker), or null. */
  closingRevision(): object | null {
    return this.settings.speakerLabels ? this.speakers.closingRevision() : null;
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

  private onPause(turn: ActiveTurn): void {
    if (this.options.family === 'universal-streaming') {
      if (semanticConfidence(turn) > this.settings.endOfTurnConfidenceThreshold) {
        this.endTurn();
        return;
      }
      // A pause that does not end the turn: the words so far become final and the utterance goes out.
      if (turn.currentStarted) this.finishCurrentWord(turn, turn.lastVoicedMs);
      if (!this.settings.includePartialTurns) return;
      const message = universalMessage(turn, this.options.model, this.options.wordMs, false);
      message.utterance = message.transcript;
      turn.utteranceSent = message.transcript !== '';
      if (this.settings.languageDetection) this.addLanguage(message, turn);
      this.sendTurn(message, false);
      return;
    }
    // U3: terminal punctuation shows once the whole utterance has been spoken; then the turn ends.
    if (revealedCount(turn) >= turn.words.length) {
      this.endTurn();
      return;
    }
    this.sendPartial(turn);
  }

  private sendPartial(turn: ActiveTurn): void {
    if (!this.settings.includePartialTurns) return;
    turn.lastPartialMs = this.streamMs;
    const message =
      this.options.family === 'u3'
        ? u3Partial(turn, this.options.model)
        : universalMessage(turn, this.options.model, this.options.wordMs, false);
    this.sendTurn(message, false);
  }

  private endTurn(): void {
    const turn = this.turn;
    if (!turn) return;
    this.turn = null;
    if (this.options.family === 'universal-streaming') {
      if (turn.currentStarted) this.finishCurrentWord(turn, turn.lastVoicedMs);
      this.spreadRemaining(turn);
      const message = universalMessage(turn, this.options.model, this.options.wordMs, true);
      if (!turn.utteranceSent) message.utterance = message.transcript;
      this.decorateFinal(message, turn);
      this.sendTurn(message, true);
      if (this.settings.formatTurns) {
        const formatted = universalMessage(turn, this.options.model, this.options.wordMs, true, true);
        formatted.turn_is_formatted = true;
        formatted.end_of_turn_confidence = message.end_of_turn_confidence;
        this.decorateFinal(formatted, turn);
        this.sendTurn(formatted, true);
      }
    } else {
      const message = u3Final(turn, this.streamMs);
      this.decorateFinal(message, turn);
      this.sendTurn(message, true);
    }
    this.afterFinal(turn);
  }

  /** Diarization: remember the turn's words, and send or queue the script's relabels. */
  private afterFinal(turn: ActiveTurn): void {
    if (!this.settings.speakerLabels || !this.lastFinal) return;
    this.speakers.remember(turn.order, this.lastFinal.words);
    const { relabel, revisedSpeaker } = turn.utterance;
    if (revisedSpeaker !== undefined) this.speakers.reviseAtClose({ turnOrder: turn.order, speaker: revisedSpeaker });
    if (relabel && relabel.length > 0) this.reviseSpeakers(relabel);
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
    if (final) {
      this.finalTurns++;
      this.lastFinal = message;
    } else this.partialTurns++;
    this.options.send(message);
  }
}
