// The turn filter's decision for one turn message: which outputs get it, with
// which text and match details. Pure apart from the clock, which is injected.
import { createBoundedRegexRunner, DEFAULT_REGEX_TIMEOUT_MS, type RegexRunner } from './bounded-regex';
import { compileConfig, type CompiledConfig, type TurnFilterConfig } from './config';
import { Cooldowns } from './cooldown';
import { checkVoiceGuards, checkWordCount, type DropReason } from './guards';
import { tokenize } from './normalize';
import type { CompiledRule, RuleHit } from './rules';
import { TurnLedger, type TurnState } from './turn-ledger';
import { isAtStage, textForMatching, type TurnInput } from './turn-input';
import { matchWakeWord } from './wake-word';

/** What the node puts in msg.match. */
export interface TurnMatch {
  /** The rule's label, or "otherwise". */
  rule: string;
  /** 1-based output number. */
  output: number;
  /** Named groups of a regular expression rule; {} for other rules. */
  groups: Record<string, string | null>;
  /** 1 for exact rule types, the similarity for fuzzy rules, 0 for otherwise. */
  score: number;
}

export interface RoutedTurn {
  /** 0-based output index. */
  output: number;
  /** The text without the wake word: what becomes msg.payload. */
  payload: string;
  match: TurnMatch;
}

/**
 * - ignored: the message is not at the configured stage.
 * - dropped: a guard or a missing wake word stopped it (see `reason`).
 * - waiting: a partial that routed nothing yet; the turn is still open.
 * - armed: the wake word armed the window and nothing was routed.
 * - matched: one or more rules fired.
 * - otherwise: the final message of a turn no rule matched went to "otherwise".
 * - cooldown: a matching rule was cooling down, so nothing was routed.
 * - repeat: the matching rule already fired for this turn (act early).
 * - no-match: nothing matched and there is no "otherwise" output.
 */
export type FilterOutcome = 'ignored' | 'dropped' | 'waiting' | 'armed' | 'matched' | 'otherwise' | 'cooldown' | 'repeat' | 'no-match';

export interface FilterResult {
  outcome: FilterOutcome;
  sends: RoutedTurn[];
  reason?: DropReason;
  /** The rule shown in the status: the first that fired, or the one cooling down. */
  rule?: string;
  /** Rules that failed on this message (a regular expression stopped by its time bound). */
  errors: Error[];
}

export interface TurnFilterOptions {
  /** Milliseconds clock; Date.now by default. */
  now?: () => number;
  regexTimeoutMs?: number;
  runRegex?: RegexRunner;
}

export class TurnFilter {
  readonly config: CompiledConfig;
  private readonly now: () => number;
  private readonly runRegex: RegexRunner;
  private readonly ledger = new TurnLedger();
  private readonly cooldowns = new Cooldowns();
  private armedUntil = 0;

  /** Throws FilterConfigError when the configuration is invalid. */
  constructor(config: Partial<TurnFilterConfig>, options: TurnFilterOptions = {}) {
    this.config = compileConfig(config);
    this.now = options.now ?? Date.now;
    this.runRegex =
      options.runRegex ??
      (this.config.rules.some((rule) => rule.type === 'regex')
        ? createBoundedRegexRunner(options.regexTimeoutMs ?? DEFAULT_REGEX_TIMEOUT_MS)
        : () => null);
  }

  /** Milliseconds the wake window stays open, 0 when closed. */
  armedFor(): number {
    return Math.max(0, this.armedUntil - this.now());
  }

  process(input: TurnInput): FilterResult {
    const { turn } = input;
    if (!isAtStage(turn, this.config.stage)) return { outcome: 'ignored', sends: [], errors: [] };
    const key = TurnLedger.keyOf(input.sessionId, turn.order);
    const state = this.ledger.open(key);
    try {
      const result = this.decide(input, state, this.now());
      const routedNothing = result.outcome === 'dropped' || result.outcome === 'no-match';
      return routedNothing && this.config.stage === 'partial' && !turn.final ? { ...result, outcome: 'waiting' } : result;
    } finally {
      if (turn.final) this.ledger.close(key);
    }
  }

  private decide({ turn }: TurnInput, state: TurnState, now: number): FilterResult {
    const { text, words } = textForMatching(turn);
    const voiceDrop = checkVoiceGuards(this.config.guards, words, turn.speaker);
    if (voiceDrop) return { outcome: 'dropped', reason: voiceDrop, sends: [], errors: [] };

    let command = text;
    let armedNow = false;
    const wake = this.config.wake;
    if (wake) {
      const opening = matchWakeWord(text, wake.tokens, wake.threshold);
      const turnEnded = turn.endOfTurn || turn.final;
      if (opening) {
        command = opening.rest;
        // A turn that brings its own wake word does not need a window armed for it.
        if (!state.accepted && wake.mode === 'open') this.armedUntil = 0;
        state.accepted = true;
        const onlyWakeWord = command.trim() === '';
        // arm mode arms as soon as the wake word is heard; open mode only when
        // the finished turn held nothing but the wake word.
        if (!state.armed && (wake.mode === 'arm' || (onlyWakeWord && turnEnded))) {
          state.armed = true;
          armedNow = true;
          this.armedUntil = now + wake.windowMs;
        }
        if (onlyWakeWord) {
          return { outcome: armedNow ? 'armed' : 'waiting', sends: [], errors: [] };
        }
      } else if (!state.accepted) {
        if (now >= this.armedUntil) return { outcome: 'dropped', reason: 'no-wake-word', sends: [], errors: [] };
        state.accepted = true;
        if (wake.mode === 'open') this.armedUntil = 0;
      }
    }

    const wordDrop = checkWordCount(this.config.guards, command);
    if (wordDrop) return { outcome: 'dropped', reason: wordDrop, sends: [], errors: [] };

    const result = this.routeByRules(command, turn.final, state, now);
    return armedNow && result.outcome === 'no-match' ? { ...result, outcome: 'armed' } : result;
  }

  private routeByRules(command: string, isFinal: boolean, state: TurnState, now: number): FilterResult {
    const { checkAll, textMode } = this.config;
    // First-match mode routes a turn once: later messages of a turn that fired stay quiet.
    if (!checkAll && state.fired.size > 0) return { outcome: 'repeat', sends: [], errors: [] };

    const tokens = tokenize(command, textMode);
    const matchText = { tokens, text: textMode === 'raw' ? command : tokens.join(' ') };
    const sends: RoutedTurn[] = [];
    const errors: Error[] = [];
    let cooling: string | undefined;
    let repeated = false;
    for (const rule of this.config.rules) {
      const hit = this.tryRule(rule, matchText, errors);
      if (!hit) continue;
      if (state.fired.has(rule.index)) {
        repeated = true;
      } else if (this.cooldowns.isCooling(rule.index, rule.cooldownMs, now)) {
        cooling ??= rule.label;
      } else {
        state.fired.add(rule.index);
        this.cooldowns.fired(rule.index, now);
        sends.push({
          output: rule.index,
          payload: command,
          match: { rule: rule.label, output: rule.index + 1, groups: hit.groups, score: hit.score },
        });
      }
      if (!checkAll) break;
    }

    if (sends.length > 0) return { outcome: 'matched', sends, rule: sends[0].match.rule, errors };
    if (cooling !== undefined) return { outcome: 'cooldown', sends, rule: cooling, errors };
    if (repeated || state.fired.size > 0) return { outcome: 'repeat', sends, errors };
    if (this.config.otherwise && isFinal && state.fired.size === 0) {
      const output = this.config.rules.length;
      const match: TurnMatch = { rule: 'otherwise', output: output + 1, groups: {}, score: 0 };
      return { outcome: 'otherwise', sends: [{ output, payload: command, match }], errors };
    }
    return { outcome: 'no-match', sends, errors };
  }

  private tryRule(rule: CompiledRule, text: { tokens: string[]; text: string }, errors: Error[]): RuleHit | null {
    try {
      return rule.test(text, this.runRegex);
    } catch (err) {
      errors.push(err instanceof Error ? err : new Error(String(err)));
      return null;
    }
  }
}
