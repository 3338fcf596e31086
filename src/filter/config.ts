// The turn filter's options, their defaults, and their validation.
import type { GuardConfig } from './guards';
import { normalizeTokens, type TextMode } from './normalize';
import { compileRule, RuleConfigError, type CompiledRule, type RuleConfig } from './rules';
import { STAGES, type Stage } from './turn-input';
import { DEFAULT_WAKE_THRESHOLD } from './wake-word';

/**
 * - open: every command turn must open with the wake word. A turn that is only
 *   the wake word arms the next turn (one turn) for `wakeWindow` seconds, so
 *   "Jarvis." ... "lights on" works like "Jarvis, lights on".
 * - arm: a turn opening with the wake word arms every turn that starts within
 *   `wakeWindow` seconds; the rest of the wake turn itself is a command too.
 */
export const WAKE_MODES = ['open', 'arm'] as const;
export type WakeMode = (typeof WAKE_MODES)[number];

export const DEFAULT_WAKE_WINDOW_S = 8;

export const TEXT_MODES: readonly TextMode[] = ['normalized', 'raw'];

export interface TurnFilterConfig {
  stage: Stage;
  rules: RuleConfig[];
  /** false: stop at the first rule that matches; true: every matching rule fires. */
  checkAll: boolean;
  /** An extra last output for final turns that no rule matched. */
  otherwise: boolean;
  textMode: TextMode;
  /** Empty: no wake word. */
  wakeWord: string;
  wakeMode: WakeMode;
  wakeWindow: number;
  wakeThreshold: number;
  minConfidence: number;
  /** Allowed speaker labels, as a list or a comma-separated string. */
  speakers: string[] | string;
  minWords: number;
  maxWords: number;
}

export const DEFAULT_CONFIG: TurnFilterConfig = {
  stage: 'final',
  rules: [],
  checkAll: false,
  otherwise: false,
  textMode: 'normalized',
  wakeWord: '',
  wakeMode: 'open',
  wakeWindow: DEFAULT_WAKE_WINDOW_S,
  wakeThreshold: DEFAULT_WAKE_THRESHOLD,
  minConfidence: 0,
  speakers: [],
  minWords: 0,
  maxWords: 0,
};

export interface CompiledConfig {
  stage: Stage;
  rules: CompiledRule[];
  checkAll: boolean;
  otherwise: boolean;
  textMode: TextMode;
  wake?: { tokens: string[]; mode: WakeMode; windowMs: number; threshold: number };
  guards: GuardConfig;
  /** Number of outputs: one per rule, plus one for "otherwise". */
  outputs: number;
}

export class FilterConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid turn filter configuration: ${problems.join('; ')}`);
    this.name = 'FilterConfigError';
  }
}

const isBlank = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/** A number, or text that reads as one; NaN for anything else. */
function toNumber(value: unknown, fallback: number): number {
  if (isBlank(value)) return fallback;
  if (typeof value === 'number') return value;
  return typeof value === 'string' ? Number(value.trim()) : NaN;
}

/** One of `values`, the fallback when blank, undefined when neither. */
function toChoice<T extends string>(value: unknown, values: readonly T[], fallback: T): T | undefined {
  if (isBlank(value)) return fallback;
  return values.includes(value as T) ? (value as T) : undefined;
}

function toBoolean(value: unknown, fallback: boolean): boolean | undefined {
  if (isBlank(value)) return fallback;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  return undefined;
}

function speakerList(value: unknown): string[] {
  const parts = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(',') : [];
  return parts.map((part) => part.trim()).filter((part) => part !== '');
}

/** Validates and prepares a configuration; throws FilterConfigError listing every problem. */
export function compileConfig(input: Partial<TurnFilterConfig>): CompiledConfig {
  const problems: string[] = [];
  const merged = { ...DEFAULT_CONFIG, ...input };
  // Blank means the default (the editor shows it so, src/config/node-fields.ts TURN_FILTER_FIELDS).
  const choice = <T extends string>(name: 'stage' | 'textMode' | 'wakeMode', values: readonly T[], fallback: T, what: string): T => {
    const chosen = toChoice(merged[name], values, fallback);
    if (chosen === undefined) problems.push(`unknown ${what} "${String(merged[name])}"`);
    return chosen ?? fallback;
  };
  const flag = (name: 'checkAll' | 'otherwise'): boolean => {
    const read = toBoolean(merged[name], false);
    if (read === undefined) problems.push(`${name} must be true or false`);
    return read ?? false;
  };
  const stage = choice('stage', STAGES, DEFAULT_CONFIG.stage, 'stage');
  const textMode: TextMode = choice('textMode', TEXT_MODES, DEFAULT_CONFIG.textMode, 'text mode');
  const checkAll = flag('checkAll');
  const otherwise = flag('otherwise');

  const rules: CompiledRule[] = [];
  const ruleConfigs = Array.isArray(merged.rules) ? merged.rules : [];
  if (!Array.isArray(merged.rules)) problems.push('the rules are not a list');
  ruleConfigs.forEach((rule, index) => {
    try {
      rules.push(compileRule(rule, index, textMode));
    } catch (err) {
      if (err instanceof RuleConfigError) problems.push(err.message);
      else throw err;
    }
  });

  const number = (name: keyof TurnFilterConfig, fallback: number, ok: (n: number) => boolean, rule: string) => {
    const n = toNumber(merged[name], fallback);
    if (!Number.isFinite(n) || !ok(n)) problems.push(`${name} ${rule}`);
    return n;
  };
  const minConfidence = number('minConfidence', DEFAULT_CONFIG.minConfidence, (n) => n >= 0 && n <= 1, 'must be between 0 and 1');
  // Word counts are whole numbers, in the editor and here.
  const minWords = number('minWords', DEFAULT_CONFIG.minWords, (n) => Number.isInteger(n) && n >= 0, 'must be a whole number, 0 or more');
  const maxWords = number('maxWords', DEFAULT_CONFIG.maxWords, (n) => Number.isInteger(n) && n >= 0, 'must be a whole number, 0 or more');
  if (minWords > 0 && maxWords > 0 && maxWords < minWords) problems.push('maxWords is below minWords');

  // The wake word's settings are checked even without a wake word, as the editor does, so a saved flow never
  // holds a value that would be refused once a wake word is typed.
  const wakeMode = choice('wakeMode', WAKE_MODES, DEFAULT_CONFIG.wakeMode, 'wake word mode');
  const windowS = number('wakeWindow', DEFAULT_WAKE_WINDOW_S, (n) => n > 0, 'must be more than 0 seconds');
  const threshold = number('wakeThreshold', DEFAULT_WAKE_THRESHOLD, (n) => n > 0 && n <= 1, 'must be above 0 and at most 1');
  let wake: CompiledConfig['wake'];
  const wakeWord = typeof merged.wakeWord === 'string' ? merged.wakeWord.trim() : '';
  if (wakeWord !== '') {
    const tokens = normalizeTokens(wakeWord);
    if (tokens.length === 0) problems.push('the wake word has no words');
    wake = { tokens, mode: wakeMode, windowMs: windowS * 1000, threshold };
  }

  if (problems.length > 0) throw new FilterConfigError(problems);
  return {
    stage,
    rules,
    checkAll,
    otherwise,
    textMode,
    wake,
    guards: { minConfidence, speakers: speakerList(merged.speakers), minWords, maxWords },
    outputs: rules.length + (otherwise ? 1 : 0),
  };
}
