// Rule types and how each one tests the text of a turn.
import type { RegexRunner } from './bounded-regex';
import { tokenize, type TextMode } from './normalize';
import { phraseSimilarity } from './similarity';

export const RULE_TYPES = ['all', 'any', 'phrase', 'exact', 'starts', 'regex', 'fuzzy'] as const;
export type RuleType = (typeof RULE_TYPES)[number];

export const DEFAULT_FUZZY_THRESHOLD = 0.85;

/** A rule as the user configures it. */
export interface RuleConfig {
  type: RuleType;
  /** Words, phrase or pattern, depending on the type. */
  value: string;
  /** fuzzy only: the lowest similarity (0-1) that matches. */
  threshold?: number;
  /** Seconds during which this rule does not fire again after it fired. */
  cooldown?: number;
  /** Name in msg.match.rule, the output label and the status. Defaults to the value. */
  label?: string;
}

/** The text of a turn, prepared once for every rule. */
export interface MatchText {
  tokens: string[];
  /** What a regular expression sees: tokens joined by spaces, or the raw text. */
  text: string;
}

export interface RuleHit {
  score: number;
  groups: Record<string, string | null>;
}

export interface CompiledRule {
  index: number;
  type: RuleType;
  label: string;
  cooldownMs: number;
  test(text: MatchText, runRegex: RegexRunner): RuleHit | null;
}

export class RuleConfigError extends Error {
  constructor(
    readonly ruleIndex: number,
    detail: string,
  ) {
    super(`rule ${ruleIndex + 1}: ${detail}`);
    this.name = 'RuleConfigError';
  }
}

const NO_GROUPS: Readonly<Record<string, string | null>> = Object.freeze({});

function hit(score = 1, groups: Record<string, string | null> = { ...NO_GROUPS }): RuleHit {
  return { score, groups };
}

/** Index of the first place `needle` occurs in `haystack` as consecutive tokens, or -1. */
function indexOfSequence(haystack: readonly string[], needle: readonly string[]): number {
  outer: for (let start = 0; start + needle.length <= haystack.length; start++) {
    for (let k = 0; k < needle.length; k++) if (haystack[start + k] !== needle[k]) continue outer;
    return start;
  }
  return -1;
}

/**
 * Entries of an all/any rule: comma-separated phrases when the value has a
 * comma ("living room, kitchen"), otherwise each word on its own.
 */
function wordEntries(value: string, mode: TextMode): string[][] {
  if (value.includes(',')) {
    return value
      .split(',')
      .map((part) => tokenize(part, mode))
      .filter((entry) => entry.length > 0);
  }
  return tokenize(value, mode).map((token) => [token]);
}

/** Parses "/pattern/flags" or a bare pattern (which then ignores case). */
export function parseRegex(value: string): RegExp {
  const literal = /^\/(.*)\/([a-z]*)$/su.exec(value.trim());
  return literal ? new RegExp(literal[1], literal[2]) : new RegExp(value, 'i');
}

function namedGroups(match: RegExpExecArray): Record<string, string | null> {
  const groups: Record<string, string | null> = {};
  for (const [name, captured] of Object.entries(match.groups ?? {})) groups[name] = captured ?? null;
  return groups;
}

function finiteNumber(value: unknown, fallback: number): number {
  if (value === undefined || value === null || value === '') return fallback;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : NaN;
}

export function compileRule(config: RuleConfig, index: number, mode: TextMode): CompiledRule {
  const fail = (detail: string): never => {
    throw new RuleConfigError(index, detail);
  };
  if (typeof config !== 'object' || config === null) fail('is not a rule object');
  if (!RULE_TYPES.includes(config.type)) fail(`unknown rule type "${String(config.type)}"`);
  const value = typeof config.value === 'string' ? config.value : '';
  if (value.trim() === '') fail('the value is empty');
  const cooldown = finiteNumber(config.cooldown, 0);
  if (!(cooldown >= 0)) fail('the cooldown must be a number of seconds, 0 or more');
  const label = typeof config.label === 'string' && config.label.trim() !== '' ? config.label.trim() : value.trim();
  const base = { index, type: config.type, label, cooldownMs: cooldown * 1000 };

  switch (config.type) {
    case 'all':
    case 'any': {
      const entries = wordEntries(value, mode);
      if (entries.length === 0) fail('the value has no words');
      const needAll = config.type === 'all';
      return {
        ...base,
        test: ({ tokens }) => {
          const found = (entry: string[]) => indexOfSequence(tokens, entry) >= 0;
          return (needAll ? entries.every(found) : entries.some(found)) ? hit() : null;
        },
      };
    }
    case 'phrase':
    case 'exact':
    case 'starts': {
      const phrase = tokenize(value, mode);
      if (phrase.length === 0) fail('the value has no words');
      const type = config.type;
      return {
        ...base,
        test: ({ tokens }) => {
          if (type === 'phrase') return indexOfSequence(tokens, phrase) >= 0 ? hit() : null;
          if (type === 'exact' && tokens.length !== phrase.length) return null;
          return indexOfSequence(tokens.slice(0, phrase.length), phrase) === 0 ? hit() : null;
        },
      };
    }
    case 'regex': {
      let re: RegExp | undefined;
      try {
        re = parseRegex(value);
      } catch (err) {
        fail(`invalid regular expression: ${(err as Error).message}`);
      }
      const pattern = re as RegExp;
      return {
        ...base,
        test: ({ text }, runRegex) => {
          const match = runRegex(pattern, text);
          return match ? hit(1, namedGroups(match)) : null;
        },
      };
    }
    case 'fuzzy': {
      const phrase = tokenize(value, mode);
      if (phrase.length === 0) fail('the value has no words');
      const threshold = finiteNumber(config.threshold, DEFAULT_FUZZY_THRESHOLD);
      if (!(threshold > 0 && threshold <= 1)) fail('the similarity threshold must be above 0 and at most 1');
      return {
        ...base,
        test: ({ tokens }) => {
          const score = phraseSimilarity(phrase, tokens);
          return score >= threshold ? hit(Math.round(score * 1000) / 1000) : null;
        },
      };
    }
  }
  return fail(`unknown rule type "${String(config.type)}"`);
}
