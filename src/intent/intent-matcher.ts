// Matches turns against a set of intents: the one sentence, across all
// intents, that covers the whole turn with the most literal words wins; ties
// go to the intent (and sentence) listed first.
import { TemplateCompiler, type CompiledSentence } from './compile';
import { readIntentConfig, type RawIntentConfig } from './config';
import { compileList, type CompiledList } from './lists';
import { SentenceMatcher } from './match';
import { matchText } from './text';
import { IntentConfigError, type IntentConfig, type IntentMatch } from './types';

interface CompiledIntent {
  name: string;
  slots: Record<string, unknown>;
  sentences: Array<CompiledSentence & { template: string }>;
}

interface Candidate {
  intent: CompiledIntent;
  sentence: CompiledIntent['sentences'][number];
}

/**
 * Sentences by one whole word each must contain (the rarest of its words), so
 * a turn only tries the sentences whose key word it holds, plus those without
 * any whole word. Candidates keep their listed order: ties go to the first.
 */
class SentenceIndex {
  private readonly byWord = new Map<string, number[]>();
  private readonly keyless: number[] = [];
  readonly candidates: Candidate[] = [];

  constructor(intents: CompiledIntent[]) {
    for (const intent of intents) for (const sentence of intent.sentences) this.candidates.push({ intent, sentence });
    const frequency = new Map<string, number>();
    for (const { sentence } of this.candidates) {
      for (const word of sentence.requiredWords) frequency.set(word, (frequency.get(word) ?? 0) + 1);
    }
    this.candidates.forEach(({ sentence }, order) => {
      const key = sentence.requiredWords.reduce<string | undefined>(
        (best, word) => (best === undefined || (frequency.get(word) ?? 0) < (frequency.get(best) ?? 0) ? word : best),
        undefined,
      );
      if (key === undefined) this.keyless.push(order);
      else {
        const list = this.byWord.get(key);
        if (list) list.push(order);
        else this.byWord.set(key, [order]);
      }
    });
  }

  /** Orders of the sentences worth trying for a turn with these words, ascending. */
  lookup(words: Iterable<string>): number[] {
    const orders = [...this.keyless];
    for (const word of new Set(words)) {
      const list = this.byWord.get(word);
      if (list) for (const order of list) orders.push(order);
    }
    return orders.sort((a, b) => a - b);
  }
}

/** Compiles `config`; the problems list holds every fault, empty when all is well. */
export function compileIntents(config: IntentConfig): { intents: CompiledIntent[]; problems: string[] } {
  const problems: string[] = [];
  const lists = new Map<string, CompiledList>();
  for (const [name, definition] of Object.entries(config.lists)) lists.set(name, compileList(name, definition, problems));
  const compiler = new TemplateCompiler(lists, config.expansionRules, problems);
  compiler.compileRules();
  const intents = config.intents.map((intent): CompiledIntent => {
    const sentences: CompiledIntent['sentences'] = [];
    intent.sentences.forEach((template, i) => {
      const where = `intent "${intent.name}", sentence ${i + 1}`;
      const compiled = compiler.sentence(template, where);
      if (compiled) sentences.push({ ...compiled, template });
    });
    return { name: intent.name, slots: intent.slots ?? {}, sentences };
  });
  return { intents, problems };
}

export class IntentMatcher {
  private readonly matcher = new SentenceMatcher();
  private readonly index: SentenceIndex;

  private constructor(private readonly intents: CompiledIntent[]) {
    this.index = new SentenceIndex(intents);
  }

  /** Reads and compiles the node's properties; throws IntentConfigError listing every problem. */
  static fromRaw(raw: RawIntentConfig): IntentMatcher {
    const { config, problems } = readIntentConfig(raw);
    return IntentMatcher.build(config, problems);
  }

  /** The same as fromRaw for a config already in object form (its shape is still checked). */
  static fromConfig(config: IntentConfig): IntentMatcher {
    return IntentMatcher.fromRaw(config);
  }

  private static build(config: IntentConfig, shapeProblems: string[]): IntentMatcher {
    const { intents, problems } = compileIntents(config);
    const all = [...shapeProblems, ...problems];
    if (all.length > 0) throw new IntentConfigError(all);
    return new IntentMatcher(intents);
  }

  get intentCount(): number {
    return this.intents.length;
  }

  /** The best intent for `text`, or undefined when no sentence covers it. */
  match(text: string): IntentMatch | undefined {
    const input = matchText(text);
    const normalized = input.normalized;
    if (normalized === '') return undefined;
    let best: { score: number; intent: CompiledIntent; template: string; slots: Record<string, unknown> } | undefined;
    const candidates = this.index.candidates;
    for (const order of this.index.lookup(input.words.map((w) => w.text))) {
      const { intent, sentence } = candidates[order];
      const floor = best ? best.score : -1;
      if (sentence.maxScore <= floor) continue;
      if (!sentence.required.every((literal) => normalized.includes(literal))) continue;
      const found = this.matcher.match(sentence.pattern, input, floor);
      if (found) best = { score: found.score, intent, template: sentence.template, slots: found.slots };
    }
    if (!best) return undefined;
    return { name: best.intent.name, slots: { ...best.intent.slots, ...best.slots }, text, sentence: best.template };
  }
}
