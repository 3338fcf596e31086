import assert from 'node:assert/strict';
import { parseTemplate, TemplateSyntaxError, type TemplateNode } from '../../src/intent/template-parse';

/** The tree as a compact string: text in quotes, (a|b), [x], (a;b), {list:slot}, <rule>. */
function show(node: TemplateNode): string {
  switch (node.kind) {
    case 'text':
      return JSON.stringify(node.text);
    case 'sequence':
      return node.items.map(show).join(' ');
    case 'alternative':
      return node.optional ? `[${node.options.map(show).join('|')}]` : `(${node.options.map(show).join('|')})`;
    case 'permutation':
      return `(${node.items.map(show).join(';')})`;
    case 'list':
      return `{${node.list}:${node.slot}}`;
    case 'rule':
      return `<${node.rule}>`;
  }
}

function syntaxError(template: string): TemplateSyntaxError {
  try {
    parseTemplate(template);
  } catch (err) {
    assert.ok(err instanceof TemplateSyntaxError, `expected a TemplateSyntaxError, got ${String(err)}`);
    return err;
  }
  assert.fail(`"${template}" parsed without an error`);
}

describe('intent/template-parse', () => {
  it('reads plain text as one piece, spaces kept', () => {
    assert.equal(show(parseTemplate('turn on the lights')), '"turn on the lights"');
  });

  it('reads alternatives, optionals, lists and rules', () => {
    assert.equal(
      show(parseTemplate('<turn> on [the] (light|lights) in {area}')),
      '<turn> " on " ["the"] " " ("light"|"lights") " in " {area:area}',
    );
  });

  it('names the slot after the colon', () => {
    assert.equal(show(parseTemplate('from {area:source} to {area:target}')), '"from " {area:source} " to " {area:target}');
  });

  it('splits the whole sentence on a top-level "|"', () => {
    assert.equal(show(parseTemplate('lights on|turn on the lights')), '("lights on"|"turn on the lights")');
  });

  it('keeps alternatives inside a word (turn(s|ed), light[s])', () => {
    assert.equal(show(parseTemplate('turn(s|ed) light[s]')), '"turn" ("s"|"ed") " light" ["s"]');
  });

  it('allows empty alternatives and optional alternatives', () => {
    assert.equal(show(parseTemplate('(a|) [this|that]')), '("a"|) " " ["this"|"that"]');
  });

  it('reads permutations', () => {
    assert.equal(show(parseTemplate('(in {area};{name})')), '("in " {area:area};{name:name})');
  });

  it('nests groups', () => {
    assert.equal(show(parseTemplate('[(the|a) [big] ]light')), '[("the"|"a") " " ["big"] " "] "light"');
  });

  it('takes an escaped character literally', () => {
    assert.equal(show(parseTemplate('a \\(b\\) \\[c\\]')), '"a (b) [c]"');
  });

  it('records 1-based positions', () => {
    const tree = parseTemplate('set {area} to <level>');
    assert.equal(tree.kind, 'sequence');
    const items = (tree as { items: TemplateNode[] }).items;
    assert.deepEqual(
      items.filter((n) => n.kind !== 'text').map((n) => (n as { position: number }).position),
      [5, 15],
    );
  });

  describe('errors name the fault and its position', () => {
    const cases: Array<[string, number, RegExp]> = [
      ['set (the lights', 5, /"\(" is never closed/],
      ['set [the lights', 5, /"\[" is never closed/],
      ['set the) lights', 8, /"\)" has no matching "\("/],
      ['set the] lights', 8, /"\]" has no matching "\["/],
      ['set (the] lights', 9, /"\]" closes the "\(" opened at position 5/],
      ['set {area lights', 5, /"\{" is never closed/],
      ['set <rule lights', 5, /"<" is never closed/],
      ['set area} lights', 9, /"\}" has no matching "\{"/],
      ['set area> lights', 9, /">" has no matching "<"/],
      ['set {ar(ea} lights', 8, /"\(" inside "\{\}"/],
      ['set {} lights', 5, /does not name a list/],
      ['set {:slot} lights', 5, /does not name a list/],
      ['set {area:} lights', 5, /does not name a slot/],
      ['set <> lights', 5, /not a rule name/],
      ['(a|b;c)', 5, /cannot mix "\|" \(alternatives\) and ";"/],
      ['[a;b]', 3, /";" \(permutation\) belongs inside "\( \)"/],
      ['ends with \\', 11, /escapes nothing/],
    ];
    for (const [template, position, reason] of cases) {
      it(`"${template}"`, () => {
        const err = syntaxError(template);
        assert.equal(err.position, position);
        assert.match(err.reason, reason);
        assert.ok(err.message.includes(template), err.message);
        assert.ok(err.message.includes(`position ${position}`), err.message);
      });
    }
  });
});
