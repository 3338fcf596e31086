// Turns parsed templates into patterns the matcher walks: literal text
// normalized like turns are, word breaks as "soft spaces", rules inlined,
// permutations expanded and list references resolved. Every fault is
// reported with the template it is in and its position.
import { permutations, type CompiledList } from './lists';
import { parseTemplate, TemplateSyntaxError, type TemplateNode } from './template-parse';
import { literalPiece } from './text';

export type Pattern =
  /**
   * `words`: how many words the literal holds (its score when it starts a word);
   * `whole`: those of its words that are whole words in any turn it matches.
   */
  | { k: 'lit'; text: string; words: number; whole: string[] }
  /** A word break: one space in the turn, or nothing where a word already ends. */
  | { k: 'space' }
  | { k: 'seq'; items: Pattern[] }
  | { k: 'alt'; options: Pattern[] }
  | { k: 'slot'; list: CompiledList; slot: string };

export interface CompiledSentence {
  pattern: Pattern;
  /** Literal texts every match must contain: a turn without one of them is skipped at once. */
  required: string[];
  /** Whole words every match must contain (an index key). */
  requiredWords: string[];
  /** The most literal words any match can score. */
  maxScore: number;
}

/** A problem found while compiling; `where` names the template ("intent "X", sentence 2"). */
export class TemplateError extends Error {
  constructor(
    readonly where: string,
    readonly template: string,
    readonly position: number | undefined,
    readonly reason: string,
  ) {
    super(`${where} "${template}": ${reason}${position !== undefined ? ` at position ${position}` : ''}`);
    this.name = 'TemplateError';
  }
}

const UNUSABLE_RULE = 'expansion rule';
const SPACE: Pattern = { k: 'space' };
const EMPTY: Pattern = { k: 'seq', items: [] };

export class TemplateCompiler {
  private readonly rules = new Map<string, Pattern | 'failed'>();
  private readonly inProgress: string[] = [];

  constructor(
    private readonly lists: ReadonlyMap<string, CompiledList>,
    private readonly ruleTemplates: Readonly<Record<string, string>>,
    private readonly problems: string[],
  ) {}

  /** Compiles every expansion rule, so faults in unused rules are reported too. */
  compileRules(): void {
    for (const name of Object.keys(this.ruleTemplates)) this.rule(name);
  }

  /** The compiled sentence, or undefined after reporting why it cannot be. */
  sentence(template: string, where: string): CompiledSentence | undefined {
    const pattern = this.template(template, where);
    if (!pattern) return undefined;
    return {
      pattern,
      required: requiredLiterals(pattern),
      requiredWords: requiredOf(pattern, (lit) => lit.whole),
      maxScore: maxScore(pattern),
    };
  }

  private template(template: string, where: string): Pattern | undefined {
    let tree: TemplateNode;
    try {
      tree = parseTemplate(template);
    } catch (err) {
      if (!(err instanceof TemplateSyntaxError)) throw err;
      this.problems.push(new TemplateError(where, template, err.position, err.reason).message);
      return undefined;
    }
    let ok = true;
    const fail = (position: number | undefined, reason: string) => {
      // Inside a rule, a broken rule it uses was reported already: only sentences repeat it.
      if (this.inProgress.length === 0 || !reason.startsWith(UNUSABLE_RULE)) {
        this.problems.push(new TemplateError(where, template, position, reason).message);
      }
      ok = false;
    };
    const pattern = this.node(tree, fail);
    return ok ? pattern : undefined;
  }

  private rule(name: string): Pattern | undefined {
    const done = this.rules.get(name);
    if (done) return done === 'failed' ? undefined : done;
    const template = this.ruleTemplates[name];
    if (this.inProgress.includes(name)) {
      const chain = [...this.inProgress.slice(this.inProgress.indexOf(name)), name].map((r) => `<${r}>`).join(' -> ');
      this.problems.push(`expansion rule "${name}" refers to itself: ${chain}`);
      this.rules.set(name, 'failed');
      return undefined;
    }
    this.inProgress.push(name);
    const pattern = this.template(template, `expansion rule "${name}"`);
    this.inProgress.pop();
    if (!this.rules.has(name)) this.rules.set(name, pattern ?? 'failed');
    return this.rules.get(name) === 'failed' ? undefined : pattern;
  }

  private node(node: TemplateNode, fail: (position: number | undefined, reason: string) => void): Pattern {
    switch (node.kind) {
      case 'text':
        return literal(node.text);
      case 'sequence':
        return seq(node.items.map((item) => this.node(item, fail)));
      case 'alternative': {
        const options = node.options.map((option) => this.node(option, fail));
        if (node.optional) options.push(EMPTY);
        return { k: 'alt', options };
      }
      case 'permutation': {
        const items = node.items.map((item) => this.node(item, fail));
        const orders = permutations(items.map((_, i) => i));
        return {
          k: 'alt',
          options: orders.map((order) => seq(order.flatMap((index, i) => (i === 0 ? [items[index]] : [SPACE, items[index]])))),
        };
      }
      case 'list': {
        const list = this.lists.get(node.list);
        if (!list) {
          fail(node.position, `unknown list "{${node.list}}"`);
          return EMPTY;
        }
        return { k: 'slot', list, slot: node.slot };
      }
      case 'rule': {
        if (!(node.rule in this.ruleTemplates)) {
          fail(node.position, `unknown expansion rule "<${node.rule}>"`);
          return EMPTY;
        }
        const pattern = this.rule(node.rule);
        if (!pattern) {
          fail(node.position, `${UNUSABLE_RULE} "<${node.rule}>" cannot be used (see its own error)`);
          return EMPTY;
        }
        return pattern;
      }
    }
  }
}

function literal(raw: string): Pattern {
  const piece = literalPiece(raw);
  const items: Pattern[] = [];
  if (piece.separatedBefore) items.push(SPACE);
  if (piece.text) {
    const words = piece.text.split(' ');
    // The first and last words may be glued to a neighbour ("light[s]") unless a separator bounds them.
    const whole = words.filter((_, i) => (i > 0 || piece.separatedBefore) && (i < words.length - 1 || piece.separatedAfter));
    items.push({ k: 'lit', text: piece.text, words: words.length, whole });
  }
  if (piece.separatedAfter && piece.text) items.push(SPACE);
  return items.length === 1 ? items[0] : seq(items);
}

function seq(items: Pattern[]): Pattern {
  const flat = items.flatMap((item) => (item.k === 'seq' ? item.items : [item]));
  // Two word breaks in a row are one.
  const merged = flat.filter((item, i) => !(item.k === 'space' && flat[i - 1]?.k === 'space'));
  return merged.length === 1 ? merged[0] : { k: 'seq', items: merged };
}

/** Literal texts present in every way through `pattern`. */
function requiredLiterals(pattern: Pattern): string[] {
  return requiredOf(pattern, (lit) => [lit.text]);
}

/** What `of` gives for the literals present in every way through `pattern`. */
function requiredOf(pattern: Pattern, of: (lit: Extract<Pattern, { k: 'lit' }>) => string[]): string[] {
  switch (pattern.k) {
    case 'lit':
      return of(pattern);
    case 'seq':
      return [...new Set(pattern.items.flatMap((item) => requiredOf(item, of)))];
    case 'alt': {
      const [first, ...rest] = pattern.options.map((option) => new Set(requiredOf(option, of)));
      if (!first) return [];
      return [...first].filter((text) => rest.every((set) => set.has(text)));
    }
    case 'space':
    case 'slot':
      return [];
  }
}

function maxScore(pattern: Pattern): number {
  switch (pattern.k) {
    case 'lit':
      return pattern.words;
    case 'seq':
      return pattern.items.reduce((sum, item) => sum + maxScore(item), 0);
    case 'alt':
      return Math.max(0, ...pattern.options.map(maxScore));
    case 'space':
    case 'slot':
      return 0;
  }
}
