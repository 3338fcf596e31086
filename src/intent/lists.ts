// Slot lists made ready for matching: value lists indexed by their first
// word (1000 values cost one map look-up per slot), ranges as bounds, and
// wildcards. A value's `in` may itself be a small template ("(living|family) room").
import { parseTemplate, TemplateSyntaxError, type TemplateNode } from './template-parse';
import { normalizedWords } from './text';
import type { ListValue, SlotListDefinition } from './types';

export interface ValueEntry {
  /** Normalized words of one way to say the value. */
  text: string;
  value: unknown;
}

export type CompiledList =
  | { kind: 'values'; name: string; byFirstWord: Map<string, ValueEntry[]> }
  | { kind: 'range'; name: string; from: number; to: number; step: number }
  | { kind: 'wildcard'; name: string };

/** More ways to say one value than this is surely a mistake in its template. */
const MAX_EXPANSIONS = 1000;

class TooManyExpansions extends Error {}

/** Every text `node` can stand for, raw (not yet normalized). */
function expand(node: TemplateNode): string[] {
  switch (node.kind) {
    case 'text':
      return [node.text];
    case 'sequence': {
      let texts = [''];
      for (const item of node.items) {
        const parts = expand(item);
        if (texts.length * parts.length > MAX_EXPANSIONS) throw new TooManyExpansions();
        texts = texts.flatMap((head) => parts.map((part) => head + part));
      }
      return texts;
    }
    case 'alternative': {
      const texts = node.options.flatMap(expand);
      if (node.optional) texts.push('');
      if (texts.length > MAX_EXPANSIONS) throw new TooManyExpansions();
      return texts;
    }
    case 'permutation': {
      const orders = permutations(node.items);
      return orders.flatMap((order) => expand({ kind: 'sequence', items: joinWithSpaces(order) }));
    }
    case 'list':
    case 'rule':
      throw new TemplateSyntaxError('', node.position, 'a list value cannot hold a slot or a rule');
  }
}

export function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [items.slice()];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

export function joinWithSpaces(items: readonly TemplateNode[]): TemplateNode[] {
  return items.flatMap((item, i) => (i === 0 ? [item] : [{ kind: 'text', text: ' ', position: 0 }, item]));
}

function normalized(raw: string): string {
  return normalizedWords(raw)
    .map((w) => w.text)
    .join(' ');
}

function spokenForm(raw: string): string {
  return raw.trim().replace(/\s+/g, ' ');
}

function valueEntries(value: ListValue, where: string, problems: string[]): ValueEntry[] {
  const said = typeof value === 'string' ? value : value.in;
  const out = typeof value === 'string' ? undefined : value.out;
  let texts: string[];
  try {
    texts = expand(parseTemplate(said));
  } catch (err) {
    if (err instanceof TooManyExpansions) problems.push(`${where} "${said}" has more than ${MAX_EXPANSIONS} ways to be said`);
    else if (err instanceof TemplateSyntaxError) problems.push(`${where} "${said}": ${err.reason} at position ${err.position}`);
    else throw err;
    return [];
  }
  const entries: ValueEntry[] = [];
  const seen = new Set<string>();
  for (const raw of texts) {
    const text = normalized(raw);
    if (text === '' || seen.has(text)) continue;
    seen.add(text);
    entries.push({ text, value: out !== undefined ? out : texts.length === 1 ? said : spokenForm(raw) });
  }
  if (entries.length === 0) problems.push(`${where} "${said}" has no words`);
  return entries;
}

export function compileList(name: string, definition: SlotListDefinition, problems: string[]): CompiledList {
  if ('range' in definition) {
    const { from, to, step = 1 } = definition.range;
    return { kind: 'range', name, from, to, step };
  }
  if ('wildcard' in definition) return { kind: 'wildcard', name };
  const byFirstWord = new Map<string, ValueEntry[]>();
  definition.values.forEach((value, i) => {
    for (const entry of valueEntries(value, `list "${name}", value ${i + 1}`, problems)) {
      const first = entry.text.split(' ', 1)[0];
      const bucket = byFirstWord.get(first);
      if (!bucket) byFirstWord.set(first, [entry]);
      else if (!bucket.some((e) => e.text === entry.text)) bucket.push(entry);
    }
  });
  return { kind: 'values', name, byFirstWord };
}

/** Whether `value` is one the range allows (within bounds, on a step from `from`). */
export function inRange(list: { from: number; to: number; step: number }, value: number): boolean {
  if (value < list.from || value > list.to) return false;
  const steps = (value - list.from) / list.step;
  return Math.abs(steps - Math.round(steps)) < 1e-9;
}
