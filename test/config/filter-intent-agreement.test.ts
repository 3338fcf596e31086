// The turn filter's and the intent node's editors against their runtimes, beyond
// the field-by-field comparison of editor-agreement.test.ts: the semantics a
// user expects (whole word counts, blank is the default), the rule list's own
// checker, and what the intent editor leaves to its live check.
import assert from 'node:assert/strict';
import { compileConfig } from '../../src/filter/config';
import { tryConfig } from '../../src/nodes/assemblyai-intent/intent-endpoints';
import { builtEditorHtml, runEditorScripts } from './editor-sandbox';

describe('turn filter: the editor and the runtime read its settings alike', () => {
  const { def } = runEditorScripts(builtEditorHtml('assemblyai-turn-filter'));
  const validate = (name: string, value: unknown) => def.defaults[name].validate!.call({}, value) === true;
  const runtimeAccepts = (config: Record<string, unknown>) => {
    try {
      return compileConfig(config);
    } catch {
      return undefined;
    }
  };

  it('word counts are whole numbers, 0 or more, in the editor and at runtime', () => {
    for (const name of ['minWords', 'maxWords']) {
      for (const value of [2.5, '2.5', '1e-1', -1]) {
        assert.equal(validate(name, value), false, `${name} = ${value} in the editor`);
        assert.equal(runtimeAccepts({ [name]: value }), undefined, `${name} = ${value} at runtime`);
      }
      for (const value of [0, 3, '3', ' 4 ', '1e1']) {
        assert.equal(validate(name, value), true, `${name} = ${value} in the editor`);
        assert.ok(runtimeAccepts({ [name]: value }), `${name} = ${value} at runtime`);
      }
    }
  });

  it('a blank confidence (or word count, wake window, tolerance) is the default, in the editor and at runtime', () => {
    for (const blank of ['', '  ', undefined, null]) {
      for (const name of ['minConfidence', 'minWords', 'maxWords', 'wakeWindow', 'wakeThreshold'])
        assert.equal(validate(name, blank), true, `${name} blank`);
      const read = runtimeAccepts({
        minConfidence: blank,
        minWords: blank,
        maxWords: blank,
        wakeWord: 'jarvis',
        wakeWindow: blank,
        wakeThreshold: blank,
      });
      assert.ok(read, `blank ${JSON.stringify(blank)} refused at runtime`);
      assert.deepEqual([read.guards.minConfidence, read.guards.minWords, read.guards.maxWords], [0, 0, 0]);
      assert.deepEqual([read.wake?.windowMs, read.wake?.threshold], [8000, 0.8]);
    }
    // The form shows what a blank field means.
    const html = builtEditorHtml('assemblyai-turn-filter');
    assert.match(html, /<input placeholder="0" type="text" id="node-input-minConfidence"/);
    assert.match(html, /<input placeholder="8" type="text" id="node-input-wakeWindow"/);
  });

  /** Rule lists the dialog can save, and hand-written ones. */
  const RULE_LISTS: unknown[] = [
    [],
    [{ type: 'phrase', value: 'lights on' }],
    [{ type: 'phrase', value: 'lights on', threshold: '', cooldown: '', label: '' }],
    [{ type: 'phrase', value: '' }],
    [{ type: 'phrase', value: '   ' }],
    [{ type: 'loud', value: 'x' }],
    [{ value: 'x' }],
    [null],
    [5],
    [{ type: 'regex', value: '(' }],
    [{ type: 'regex', value: '/set (?<room>\\w+)/i' }],
    [{ type: 'regex', value: '/a/q' }],
    [{ type: 'fuzzy', value: 'turn off the lights', threshold: '0.9' }],
    [{ type: 'fuzzy', value: 'x', threshold: 0 }],
    [{ type: 'fuzzy', value: 'x', threshold: '1.5' }],
    [{ type: 'fuzzy', value: 'x', threshold: 'abc' }],
    [{ type: 'fuzzy', value: 'x', threshold: null }],
    [{ type: 'any', value: 'stop', cooldown: '2' }],
    [{ type: 'any', value: 'stop', cooldown: -1 }],
    [{ type: 'any', value: 'stop', cooldown: 'Infinity' }],
    [{ type: 'any', value: 'stop', cooldown: 'soon' }],
    [
      { type: 'exact', value: 'a' },
      { type: 'starts', value: '' },
    ],
    'not a list',
    {},
    '',
    undefined,
  ];

  it('the rules validator accepts exactly the rule lists the runtime compiles (but for wordless values, below)', () => {
    for (const rules of RULE_LISTS) {
      const editor = validate('rules', rules);
      const runtime = runtimeAccepts({ rules }) !== undefined;
      assert.equal(editor, runtime, `rules = ${JSON.stringify(rules)}: editor ${editor}, runtime ${runtime}`);
    }
    // The editor does not normalize text, so a value with no words (only punctuation) is refused at deploy only.
    assert.deepEqual(
      [validate('rules', [{ type: 'phrase', value: '?!' }]), runtimeAccepts({ rules: [{ type: 'phrase', value: '?!' }] })],
      [true, undefined],
    );
    // A new node's one empty rule asks to be filled in.
    assert.equal(validate('rules', def.defaults.rules.value), false);
  });
});

describe('intent: what the editor leaves to the live check', () => {
  it('a list of intents with a bad entry passes the validator and the dialog check names the problem', () => {
    const { def } = runEditorScripts(builtEditorHtml('assemblyai-intent'));
    assert.equal(def.defaults.intents.validate!.call({}, '[1]'), true);
    assert.deepEqual(tryConfig({ intents: '[1]', lists: {}, expansionRules: {} }).problems, [
      'intents[0] must be an object { name, sentences }',
    ]);
  });
});
