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

  private constructor(private readonly intents: CompiledIntent[]) {}

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
    for (const intent of this.intents) {
      for (const sentence of intent.sentences) {
        const floor = best ? best.score : -1;
        if (sentence.maxScore <= floor) continue;
        if (!sentence.required.every((literal) => normalized.includes(literal))) continue;
        const found = this.matcher.match(sentence.pattern, input, floor);
        if (found) best = { score: found.score, intent, template: sentence.template, slots: found.slots };
      }
    }
    if (!best) return undefined;
    return { name: best.intent.name, slots: { ...best.intent.slots, ...best.slots }, text, sentence: best.template };
  }
}
