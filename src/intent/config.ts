// Reads the node's three properties (each the object or its JSON text) into
// an IntentConfig, collecting every shape problem with the path to it.
import type { IntentConfig, IntentDefinition, ListValue, SlotListDefinition } from './types';

export interface RawIntentConfig {
  intents?: unknown;
  lists?: unknown;
  expansionRules?: unknown;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object itself, or the JSON it is written as; '' and undefined give `empty`. */
function parsed(value: unknown, what: string, empty: unknown, problems: string[]): unknown {
  if (value === undefined || value === null) return empty;
  if (typeof value !== 'string') return value;
  if (value.trim() === '') return empty;
  try {
    return JSON.parse(value) as unknown;
  } catch (err) {
    problems.push(`${what} is not valid JSON: ${(err as Error).message}`);
    return empty;
  }
}

function readIntents(value: unknown, problems: string[]): IntentDefinition[] {
  if (!Array.isArray(value)) {
    problems.push('intents must be a list of { name, sentences }');
    return [];
  }
  const intents: IntentDefinition[] = [];
  value.forEach((item, i) => {
    const where = `intents[${i}]`;
    if (!isObject(item)) {
      problems.push(`${where} must be an object { name, sentences }`);
      return;
    }
    const { name, sentences, slots } = item;
    let ok = true;
    if (typeof name !== 'string' || name.trim() === '') {
      problems.push(`${where}.name must be a non-empty string`);
      ok = false;
    }
    const label = typeof name === 'string' && name ? `intent "${name}"` : where;
    if (!Array.isArray(sentences) || sentences.length === 0 || !sentences.every((s) => typeof s === 'string')) {
      problems.push(`${label}: sentences must be a non-empty list of strings`);
      ok = false;
    }
    if (slots !== undefined && !isObject(slots)) {
      problems.push(`${label}: slots must be an object of slot name -> value`);
      ok = false;
    }
    if (ok) {
      intents.push({
        name: name as string,
        sentences: sentences as string[],
        ...(slots ? { slots: slots as Record<string, unknown> } : {}),
      });
    }
  });
  return intents;
}

function readValue(value: unknown, where: string, problems: string[]): ListValue | undefined {
  if (typeof value === 'string') return value;
  if (isObject(value) && typeof value.in === 'string') return { in: value.in, out: value.out };
  problems.push(`${where} must be a string or { in, out }`);
  return undefined;
}

function finite(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function readList(name: string, value: unknown, problems: string[]): SlotListDefinition | undefined {
  const where = `list "${name}"`;
  // A bare array is shorthand for { values: [...] }.
  const list = Array.isArray(value) ? { values: value } : value;
  if (!isObject(list)) {
    problems.push(`${where} must be { values }, { range } or { wildcard: true }`);
    return undefined;
  }
  if (Array.isArray(list.values)) {
    const values: ListValue[] = [];
    list.values.forEach((v, i) => {
      const read = readValue(v, `${where}: value ${i + 1}`, problems);
      if (read !== undefined) values.push(read);
    });
    return { values };
  }
  if (isObject(list.range)) {
    const { from, to, step } = list.range;
    if (!finite(from) || !finite(to)) {
      problems.push(`${where}: range needs numbers "from" and "to"`);
      return undefined;
    }
    if (from > to) {
      problems.push(`${where}: range "from" (${from}) is above "to" (${to})`);
      return undefined;
    }
    if (step !== undefined && (!finite(step) || step <= 0)) {
      problems.push(`${where}: range "step" must be a number above 0`);
      return undefined;
    }
    return { range: { from, to, ...(step !== undefined ? { step } : {}) } };
  }
  if (list.wildcard === true) return { wildcard: true };
  problems.push(`${where} must be { values }, { range } or { wildcard: true }`);
  return undefined;
}

function readLists(value: unknown, problems: string[]): Record<string, SlotListDefinition> {
  if (!isObject(value)) {
    problems.push('lists must be an object of list name -> list');
    return {};
  }
  const lists: Record<string, SlotListDefinition> = {};
  for (const [name, list] of Object.entries(value)) {
    const read = readList(name, list, problems);
    if (read) lists[name] = read;
  }
  return lists;
}

function readRules(value: unknown, problems: string[]): Record<string, string> {
  if (!isObject(value)) {
    problems.push('expansionRules must be an object of rule name -> template');
    return {};
  }
  const rules: Record<string, string> = {};
  for (const [name, template] of Object.entries(value)) {
    if (typeof template === 'string') rules[name] = template;
    else problems.push(`expansion rule "${name}" must be a template string`);
  }
  return rules;
}

/** The config and the shape problems found; templates are checked later, when compiled. */
export function readIntentConfig(raw: RawIntentConfig): { config: IntentConfig; problems: string[] } {
  const problems: string[] = [];
  const config: IntentConfig = {
    intents: readIntents(parsed(raw.intents, 'intents', [], problems), problems),
    lists: readLists(parsed(raw.lists, 'lists', {}, problems), problems),
    expansionRules: readRules(parsed(raw.expansionRules, 'expansionRules', {}, problems), problems),
  };
  return { config, problems };
}
