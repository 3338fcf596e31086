// Home Assistant `custom_sentences` YAML (language, intents with data blocks
// of sentences and fixed slots, lists, expansion_rules) converted to the
// intent node's shape. Each data block becomes one intent entry, so blocks
// keep their own fixed slots; a block's local expansion rules join the global
// ones (renamed when another rule of that name differs). What has no
// counterpart here (contexts, skip words, responses, multipliers) is dropped
// with a note, and lists Home Assistant fills itself ({area}, {name}) are
// added empty with a note to fill them.
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { IntentConfig, IntentDefinition, ListValue, SlotListDefinition } from './types';

export interface HomeAssistantImport {
  config: IntentConfig;
  language?: string;
  /** What was changed or left out, for the user to read. */
  notes: string[];
}

export class HomeAssistantImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HomeAssistantImportError';
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const LIST_REFERENCE = /(?<!\\)\{\s*([^{}:]+?)\s*(?::[^{}]*)?\}/g;
const RULE_REFERENCE = /(?<!\\)<\s*([^<>]+?)\s*>/g;

function referencesIn(templates: readonly string[], pattern: RegExp): Set<string> {
  const names = new Set<string>();
  for (const template of templates) for (const m of template.matchAll(pattern)) names.add(m[1]);
  return names;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

class Converter {
  readonly notes: string[] = [];
  private readonly noted = new Set<string>();
  readonly rules: Record<string, string> = {};

  note(text: string): void {
    if (!this.noted.has(text)) {
      this.noted.add(text);
      this.notes.push(text);
    }
  }

  list(name: string, raw: unknown): SlotListDefinition | undefined {
    if (!isObject(raw)) {
      this.note(`list "${name}" is not a mapping and was left out`);
      return undefined;
    }
    if (Array.isArray(raw.values)) {
      const values: ListValue[] = [];
      for (const value of raw.values) {
        if (typeof value === 'string' || typeof value === 'number') values.push(String(value));
        else if (isObject(value) && (typeof value.in === 'string' || typeof value.in === 'number')) {
          values.push(value.out !== undefined ? { in: String(value.in), out: value.out } : { in: String(value.in) });
          if (value.context !== undefined || value.metadata !== undefined) {
            this.note(`list "${name}": value contexts and metadata are not used here`);
          }
        } else this.note(`list "${name}": a value without "in" was left out`);
      }
      return { values };
    }
    if (isObject(raw.range)) {
      const { from, to, step, multiplier } = raw.range;
      if (typeof from !== 'number' || typeof to !== 'number') {
        this.note(`list "${name}": a range without numbers "from" and "to" was left out`);
        return undefined;
      }
      if (multiplier !== undefined) this.note(`list "${name}": range multipliers are not supported; the spoken number is kept`);
      return { range: { from, to, ...(typeof step === 'number' ? { step } : {}) } };
    }
    if (raw.wildcard === true) return { wildcard: true };
    this.note(`list "${name}" has no values, range or wildcard and was left out`);
    return undefined;
  }

  /** Adds a block's local rules; returns its sentences with renamed rule references. */
  localRules(intent: string, rules: unknown, sentences: string[]): string[] {
    if (rules === undefined) return sentences;
    if (!isObject(rules)) {
      this.note(`intent "${intent}": expansion_rules is not a mapping and was left out`);
      return sentences;
    }
    let rewritten = sentences;
    for (const [name, template] of Object.entries(rules)) {
      if (typeof template !== 'string') continue;
      if (this.rules[name] === undefined || this.rules[name] === template) {
        this.rules[name] = template;
        continue;
      }
      let renamed = `${intent}_${name}`;
      for (let i = 2; this.rules[renamed] !== undefined && this.rules[renamed] !== template; i++) renamed = `${intent}_${name}_${i}`;
      this.rules[renamed] = template;
      const reference = new RegExp(`<\\s*${escapeRegExp(name)}\\s*>`, 'g');
      rewritten = rewritten.map((s) => s.replace(reference, `<${renamed}>`));
      this.note(`intent "${intent}": its local rule <${name}> differs from another one and is now <${renamed}>`);
    }
    return rewritten;
  }

  intents(raw: unknown): IntentDefinition[] {
    if (raw === undefined) return [];
    if (!isObject(raw)) throw new HomeAssistantImportError('"intents" must be a mapping of intent name -> { data: [...] }');
    const intents: IntentDefinition[] = [];
    for (const [name, intent] of Object.entries(raw)) {
      const data = isObject(intent) ? intent.data : undefined;
      if (!Array.isArray(data)) {
        this.note(`intent "${name}" has no "data" list and was left out`);
        continue;
      }
      for (const block of data) {
        if (!isObject(block) || !Array.isArray(block.sentences)) {
          this.note(`intent "${name}": a data block without "sentences" was left out`);
          continue;
        }
        const sentences = this.localRules(
          name,
          block.expansion_rules,
          block.sentences.filter((s): s is string => typeof s === 'string'),
        );
        if (sentences.length === 0) continue;
        for (const key of ['requires_context', 'excludes_context'] as const) {
          if (block[key] !== undefined) this.note(`intent "${name}": ${key} is not used here; its sentences match in any context`);
        }
        if (block.response !== undefined) this.note(`intent "${name}": responses are not used here`);
        const slots = isObject(block.slots) ? block.slots : undefined;
        intents.push({ name, sentences, ...(slots ? { slots } : {}) });
      }
    }
    return intents;
  }
}

/** Converts parsed YAML (an object) to the node's shape. */
export function convertHomeAssistant(document: unknown): HomeAssistantImport {
  if (!isObject(document))
    throw new HomeAssistantImportError('the file is not a YAML mapping with "intents", "lists" or "expansion_rules"');
  const converter = new Converter();
  const lists: Record<string, SlotListDefinition> = {};
  if (document.lists !== undefined) {
    if (!isObject(document.lists)) throw new HomeAssistantImportError('"lists" must be a mapping of list name -> list');
    for (const [name, raw] of Object.entries(document.lists)) {
      const list = converter.list(name, raw);
      if (list) lists[name] = list;
    }
  }
  if (document.expansion_rules !== undefined) {
    if (!isObject(document.expansion_rules))
      throw new HomeAssistantImportError('"expansion_rules" must be a mapping of rule name -> template');
    for (const [name, template] of Object.entries(document.expansion_rules)) {
      if (typeof template === 'string') converter.rules[name] = template;
      else converter.note(`expansion rule "${name}" is not a template string and was left out`);
    }
  }
  const intents = converter.intents(document.intents);
  if (document.skip_words !== undefined)
    converter.note('skip_words are not supported: put such words in [optional] parts of the sentences');

  const templates = [...intents.flatMap((i) => i.sentences), ...Object.values(converter.rules)];
  for (const name of referencesIn(templates, LIST_REFERENCE)) {
    if (lists[name] !== undefined) continue;
    lists[name] = { values: [] };
    converter.note(
      `list "${name}" is used but not defined (Home Assistant fills {area} and {name} itself): it was added empty, add its values`,
    );
  }
  for (const name of referencesIn(templates, RULE_REFERENCE)) {
    if (converter.rules[name] === undefined) {
      converter.note(`expansion rule <${name}> is used but not defined (perhaps from Home Assistant's own _common.yaml): add it`);
    }
  }
  const language = typeof document.language === 'string' ? document.language : undefined;
  if (language && !/^en\b/i.test(language)) converter.note(`language "${language}": numbers are read as English words`);
  return { config: { intents, lists, expansionRules: converter.rules }, ...(language ? { language } : {}), notes: converter.notes };
}

/** Parses a custom_sentences YAML file and converts it; throws HomeAssistantImportError with the line on bad YAML. */
export function importHomeAssistantYaml(text: string): HomeAssistantImport {
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (err) {
    if (err instanceof YAMLParseError) {
      const at = err.linePos?.[0];
      throw new HomeAssistantImportError(
        `not valid YAML${at ? ` (line ${at.line}, column ${at.col})` : ''}: ${err.message.split('\n')[0]}`,
      );
    }
    throw new HomeAssistantImportError(`not valid YAML: ${err instanceof Error ? err.message : String(err)}`);
  }
  return convertHomeAssistant(document);
}
