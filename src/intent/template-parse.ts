// Parses one hassil-style sentence template into a tree:
//   (a|b)      alternatives; `|` at the top level splits the whole sentence
//   [x]        optional, the same as (x|)
//   (a;b)      permutation: a and b in either order
//   {list}     a slot filled from a list; {list:slot} names the slot
//   <rule>     an expansion rule, replaced by its template
//   \x         the character x taken literally
// Text is kept raw here (spaces included); compile.ts normalizes it. Positions
// are 1-based character columns in the template, for error messages.

export type TemplateNode =
  | { kind: 'text'; text: string; position: number }
  | { kind: 'sequence'; items: TemplateNode[] }
  | { kind: 'alternative'; options: TemplateNode[]; optional: boolean; position: number }
  | { kind: 'permutation'; items: TemplateNode[]; position: number }
  | { kind: 'list'; list: string; slot: string; position: number }
  | { kind: 'rule'; rule: string; position: number };

export class TemplateSyntaxError extends Error {
  constructor(
    readonly template: string,
    /** 1-based column of the character at fault. */
    readonly position: number,
    readonly reason: string,
  ) {
    super(`${reason} at position ${position} of "${template}"`);
    this.name = 'TemplateSyntaxError';
  }
}

const CLOSERS: Record<string, string> = { '(': ')', '[': ']' };
const NAME = /^[\p{L}\p{N}_.\- ]+$/u;
/** Permutations grow factorially; more parts than this is surely a mistake. */
const MAX_PERMUTATION_ITEMS = 6;

class Parser {
  private i = 0;

  constructor(private readonly template: string) {}

  parse(): TemplateNode {
    const node = this.group(undefined, 0);
    return node;
  }

  private fail(index: number, reason: string): never {
    throw new TemplateSyntaxError(this.template, index + 1, reason);
  }

  /** Reads up to the closer of the group opened at `openIndex` (or the end when `opener` is undefined). */
  private group(opener: string | undefined, openIndex: number): TemplateNode {
    const closer = opener ? CLOSERS[opener] : undefined;
    const options: TemplateNode[][] = [[]];
    let separator: '|' | ';' | undefined;
    let text = '';
    let textStart = this.i;
    const flush = () => {
      if (text.length > 0) options[options.length - 1].push({ kind: 'text', text, position: textStart + 1 });
      text = '';
    };
    const t = this.template;
    while (this.i < t.length) {
      const c = t[this.i];
      if (c === '\\') {
        if (text.length === 0) textStart = this.i;
        if (this.i + 1 >= t.length) this.fail(this.i, 'a "\\" at the end escapes nothing');
        text += t[this.i + 1];
        this.i += 2;
        continue;
      }
      if (c === '(' || c === '[') {
        flush();
        const at = this.i;
        this.i++;
        options[options.length - 1].push(this.group(c, at));
        continue;
      }
      if (c === ')' || c === ']') {
        if (c !== closer) {
          if (opener === undefined) this.fail(this.i, `"${c}" has no matching "${c === ')' ? '(' : '['}"`);
          this.fail(this.i, `"${c}" closes the "${opener}" opened at position ${openIndex + 1}`);
        }
        flush();
        this.i++;
        return this.finish(opener, openIndex, options, separator);
      }
      if (c === '|' || c === ';') {
        if (separator && separator !== c) this.fail(this.i, 'one group cannot mix "|" (alternatives) and ";" (permutation)');
        if (c === ';' && opener !== '(') this.fail(this.i, '";" (permutation) belongs inside "( )"');
        separator = c;
        flush();
        options.push([]);
        this.i++;
        continue;
      }
      if (c === '{' || c === '<') {
        flush();
        options[options.length - 1].push(this.reference(c));
        continue;
      }
      if (c === '}' || c === '>') this.fail(this.i, `"${c}" has no matching "${c === '}' ? '{' : '<'}"`);
      if (text.length === 0) textStart = this.i;
      text += c;
      this.i++;
    }
    if (opener !== undefined) this.fail(openIndex, `"${opener}" is never closed`);
    flush();
    return this.finish(undefined, openIndex, options, separator);
  }

  private finish(opener: string | undefined, openIndex: number, options: TemplateNode[][], separator: '|' | ';' | undefined): TemplateNode {
    const sequences = options.map((items): TemplateNode => (items.length === 1 ? items[0] : { kind: 'sequence', items }));
    const position = openIndex + 1;
    if (separator === ';') {
      if (sequences.length > MAX_PERMUTATION_ITEMS) {
        this.fail(openIndex, `a permutation has at most ${MAX_PERMUTATION_ITEMS} parts`);
      }
      return { kind: 'permutation', items: sequences, position };
    }
    if (opener === '[') return { kind: 'alternative', options: sequences, optional: true, position };
    if (sequences.length === 1) return sequences[0];
    return { kind: 'alternative', options: sequences, optional: false, position };
  }

  private reference(opener: '{' | '<'): TemplateNode {
    const t = this.template;
    const closer = opener === '{' ? '}' : '>';
    const at = this.i;
    const end = t.indexOf(closer, at + 1);
    const nested = t.slice(at + 1, end < 0 ? t.length : end).search(/[{}<>()[\]|;]/);
    if (nested >= 0) this.fail(at + 1 + nested, `"${t[at + 1 + nested]}" inside "${opener}${closer}"`);
    if (end < 0) this.fail(at, `"${opener}" is never closed`);
    const body = t.slice(at + 1, end);
    this.i = end + 1;
    if (opener === '<') {
      const rule = body.trim();
      if (!NAME.test(rule)) this.fail(at, `"<${body}>" is not a rule name`);
      return { kind: 'rule', rule, position: at + 1 };
    }
    const colon = body.indexOf(':');
    const list = (colon < 0 ? body : body.slice(0, colon)).trim();
    const slot = (colon < 0 ? list : body.slice(colon + 1)).trim();
    if (!NAME.test(list)) this.fail(at, `"{${body}}" does not name a list`);
    if (!NAME.test(slot) || slot.includes(':')) this.fail(at, `"{${body}}" does not name a slot`);
    return { kind: 'list', list, slot, position: at + 1 };
  }
}

/** Parses `template`; throws TemplateSyntaxError naming the position of the fault. */
export function parseTemplate(template: string): TemplateNode {
  return new Parser(template).parse();
}
