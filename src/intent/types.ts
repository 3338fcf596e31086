// The shapes a user writes (DESIGN.md, "Intent message") and the match the
// matcher returns.

export interface IntentDefinition {
  name: string;
  /** Sentence templates, hassil syntax. */
  sentences: string[];
  /** Fixed slot values added to every match of this intent (Home Assistant's `slots`). */
  slots?: Record<string, unknown>;
}

/** A list value: what is said, and what the flow gets (`out`, else what was said). */
export type ListValue = string | { in: string; out?: unknown };

export interface RangeDefinition {
  from: number;
  to: number;
  /** Default 1. */
  step?: number;
}

export type SlotListDefinition = { values: ListValue[] } | { range: RangeDefinition } | { wildcard: true };

export interface IntentConfig {
  intents: IntentDefinition[];
  lists: Record<string, SlotListDefinition>;
  expansionRules: Record<string, string>;
}

/** What `msg.intent` carries. */
export interface IntentMatch {
  name: string;
  /** Slot name -> value: numbers for ranges, a value's `out` where given, the spoken words for wildcards. */
  slots: Record<string, unknown>;
  /** The turn text that was matched. */
  text: string;
  /** The template that matched. */
  sentence: string;
}

/** Bad configuration: every problem found, each naming where it is. */
export class IntentConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'IntentConfigError';
  }
}
