// Walks one compiled sentence over one turn's normalized text, trying every
// way through it (alternatives, optionals, list values, wildcard lengths),
// and keeps the way that scores the most literal words; the first found wins
// a tie. A step budget bounds pathological templates.
import type { Pattern } from './compile';
import { inRange, type CompiledList } from './lists';
import type { NormalizedTurn } from './text';

/** What is left to match: a linked list of patterns. */
interface Rest {
  pattern: Pattern;
  next: Rest | null;
}

interface Binding {
  slot: string;
  value: unknown;
  previous: Binding | null;
}

export interface SentenceMatch {
  score: number;
  slots: Record<string, unknown>;
}

/** Steps one sentence may take on one turn; far above any real template's need. */
export const STEP_BUDGET = 20_000;

/** "40", "2.5", "minus 5", "21 point 5": a number at the start of a word, and where it ends. */
const NUMBER = /(minus |negative )?(\d+(?:\.\d+)?)(?: point (\d+))?(?= |$)/y;

export class SentenceMatcher {
  private text = '';
  private input!: NormalizedTurn;
  private steps = 0;
  private best: { score: number; bindings: Binding | null } | undefined;

  /** The best way `pattern` matches all of `input`, scoring above `minScore`; undefined if none. */
  match(pattern: Pattern, input: NormalizedTurn, minScore: number): SentenceMatch | undefined {
    this.text = input.normalized;
    this.input = input;
    this.steps = 0;
    this.best = { score: minScore, bindings: null };
    const floor = this.best;
    this.walk({ pattern, next: null }, 0, 0, null);
    const best = this.best;
    this.best = undefined;
    if (best === floor) return undefined;
    return { score: best.score, slots: slotsOf(best.bindings) };
  }

  private atWordStart(pos: number): boolean {
    return pos === 0 || this.text.charCodeAt(pos - 1) === 32;
  }

  private atWordEnd(pos: number): boolean {
    return pos === this.text.length || this.text.charCodeAt(pos) === 32;
  }

  private walk(rest: Rest | null, pos: number, score: number, bindings: Binding | null): void {
    if (++this.steps > STEP_BUDGET) return;
    if (rest === null) {
      if (pos === this.text.length && this.best && score > this.best.score) this.best = { score, bindings };
      return;
    }
    const { pattern, next } = rest;
    switch (pattern.k) {
      case 'lit':
        if (this.text.startsWith(pattern.text, pos)) {
          const words = this.atWordStart(pos) ? pattern.words : pattern.words - 1;
          this.walk(next, pos + pattern.text.length, score + words, bindings);
        }
        return;
      case 'space':
        if (this.text.charCodeAt(pos) === 32) this.walk(next, pos + 1, score, bindings);
        else if (this.atWordStart(pos) || pos === this.text.length) this.walk(next, pos, score, bindings);
        return;
      case 'seq': {
        let chain = next;
        for (let i = pattern.items.length - 1; i >= 0; i--) chain = { pattern: pattern.items[i], next: chain };
        this.walk(chain, pos, score, bindings);
        return;
      }
      case 'alt':
        for (const option of pattern.options) this.walk({ pattern: option, next }, pos, score, bindings);
        return;
      case 'slot':
        if (pos < this.text.length && this.atWordStart(pos)) this.slot(pattern.list, pattern.slot, next, pos, score, bindings);
        return;
    }
  }

  private slot(list: CompiledList, slot: string, next: Rest | null, pos: number, score: number, bindings: Binding | null): void {
    const text = this.text;
    switch (list.kind) {
      case 'values': {
        const space = text.indexOf(' ', pos);
        const entries = list.byFirstWord.get(text.slice(pos, space < 0 ? text.length : space));
        if (!entries) return;
        for (const entry of entries) {
          const end = pos + entry.text.length;
          if (text.startsWith(entry.text, pos) && this.atWordEnd(end)) {
            this.walk(next, end, score, { slot, value: entry.value, previous: bindings });
          }
        }
        return;
      }
      case 'range': {
        NUMBER.lastIndex = pos;
        const m = NUMBER.exec(text);
        if (!m) return;
        const sign = m[1] ? -1 : 1;
        const whole = sign * Number(m[2]);
        // "21 point 5" may be 21.5, or 21 followed by the words "point 5".
        if (m[3] !== undefined) {
          const decimal = sign * Number(`${m[2].split('.')[0]}.${m[3]}`);
          if (!m[2].includes('.') && inRange(list, decimal)) {
            this.walk(next, pos + m[0].length, score, { slot, value: decimal, previous: bindings });
          }
        }
        if (inRange(list, whole)) {
          const end = pos + (m[1]?.length ?? 0) + m[2].length;
          this.walk(next, end, score, { slot, value: whole, previous: bindings });
        }
        return;
      }
      case 'wildcard': {
        for (let end = text.indexOf(' ', pos); ; end = text.indexOf(' ', end + 1)) {
          const stop = end < 0 ? text.length : end;
          this.walk(next, stop, score, { slot, value: this.spoken(pos, stop), previous: bindings });
          if (end < 0) return;
        }
      }
    }
  }

  /** The original words behind normalized text [from, to). */
  private spoken(from: number, to: number): string {
    const { offsets, words, original } = this.input;
    const first = wordAt(offsets, from);
    const last = wordAt(offsets, to - 1);
    return original.slice(words[first].start, words[last].end);
  }
}

/** Index of the word whose text covers position `pos` of the normalized text. */
function wordAt(offsets: readonly number[], pos: number): number {
  let lo = 0;
  let hi = offsets.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets[mid] <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function slotsOf(bindings: Binding | null): Record<string, unknown> {
  const ordered: Binding[] = [];
  for (let b = bindings; b; b = b.previous) ordered.push(b);
  const slots: Record<string, unknown> = {};
  for (let i = ordered.length - 1; i >= 0; i--) slots[ordered[i].slot] = ordered[i].value;
  return slots;
}
