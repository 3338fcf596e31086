// The editor and the runtime read one source (src/config/node-fields.ts, the
// model catalogue): the built .html carries exactly its defaults, its
// validators accept exactly what the runtime's settings readers accept, the
// source .html repeats none of it, and dist/ holds what the build renders.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import * as acorn from 'acorn';
import { readAccountSettings } from '../../src/config/account-settings';
import { renderEditorHtml } from '../../src/config/editor-html';
import { acceptsFieldValue, type FieldRule } from '../../src/config/field-rules';
import { NODE_FIELDS, TRANSCRIBER_PARAM_FIELDS } from '../../src/config/node-fields';
import { readIntentSettings } from '../../src/config/intent-settings';
import { readTranscriberSettings } from '../../src/config/transcriber-settings';
import { compileConfig } from '../../src/filter/config';
import { tryConfig } from '../../src/nodes/assemblyai-intent/intent-endpoints';
import { readStreamOptions } from '../../src/nodes/assemblyai-transcriber/stream-options';
import { parseMicrophoneSettings } from '../../src/nodes/assemblyai-microphone/microphone-settings';
import { CONNECTION_PARAMETERS } from '../../src/protocol/params';
import { SPEECH_MODEL_CATALOGUE } from '../../src/protocol/speech-models';
import { builtEditorHtml, editorScripts, nodesDistDir, nodesSrcDir, runEditorScripts, sourceEditorHtml } from './editor-sandbox';

const TYPES = Object.keys(NODE_FIELDS);

/**
 * Values valid in their content for one field, where the editor checks only the shape (JSON fields: their
 * members meet the runtime's own checks at deploy, and the intent dialog's live check runs that same code).
 */
const FIELD_SAMPLES: Record<string, Record<string, unknown[]>> = {
  'assemblyai-transcriber': { extraParams: ['{"filter_profanity": true}', { filter_profanity: true }] },
  'assemblyai-intent': {
    intents: ['[{"name": "Hello", "sentences": ["hello [there]"]}]', [{ name: 'Hello', sentences: ['hello'] }]],
    lists: ['{"area": ["kitchen", "hall"]}', { level: { range: { from: 0, to: 10 } } }],
    expansionRules: ['{"turn": "(turn|switch)"}', { greet: '(hi|hello)' }],
  },
};

/**
 * Values of the right shape whose content the runtime refuses: the editor lets them through, and the intent
 * dialog's live check (the admin endpoint, the runtime's own code) names the problem as they are typed.
 */
const CONTENT_ONLY: Record<string, Record<string, unknown[]>> = {
  'assemblyai-intent': { intents: ['[1]'] },
};

/** Values every rule meets, plus each rule's own edges (and the field's own samples). */
function corpus(rule: FieldRule | undefined, type = '', field = ''): unknown[] {
  const values: unknown[] = [
    '',
    '  ',
    undefined,
    null,
    0,
    '0',
    -1,
    '-1',
    1,
    '1',
    0.5,
    '0.5',
    '1e3',
    ' 7 ',
    'abc',
    true,
    false,
    'true',
    'false',
    {},
    [],
  ];
  if (!rule) return values;
  switch (rule.kind) {
    case 'number':
      for (const edge of [rule.min, rule.max]) {
        if (edge === undefined) continue;
        values.push(edge, String(edge), edge - 1, String(edge + 1), edge - 0.5, String(edge + 0.5), edge + 0.25);
      }
      values.push('Infinity', 'NaN', '12abc');
      break;
    case 'choice':
      for (const v of rule.values) values.push(v, ` ${v} `, v.toUpperCase());
      break;
    case 'pattern':
      values.push('universal-3-5-pro', ' u3-rt-pro ', 'Bad Name', 'universal-4-pro', 'a'.repeat(64), 'a'.repeat(65), '-x', 'x_y.z');
      break;
    case 'list':
      values.push('en, es', 'en\nes', 'multi', 'multi, en', 'EN', 'pt-BR', 'en,,es', ['en', 'es'], [1]);
      values.push(Array.from({ length: 10 }, (_, i) => `t${i}`).join(','), Array.from({ length: 11 }, (_, i) => `t${i}`).join(','));
      values.push(Array.from({ length: 100 }, (_, i) => `t${i}`).join('\n'), Array.from({ length: 101 }, (_, i) => `t${i}`).join('\n'));
      break;
    case 'text':
      if (rule.maxLength !== undefined) values.push('a'.repeat(rule.maxLength), 'a'.repeat(rule.maxLength + 1));
      break;
    case 'json-object':
    case 'json-array':
      values.push('{}', '[]', '[1]', 'null', '"x"', '{bad', '[{bad');
      break;
    case 'ws-url':
      values.push('ws://127.0.0.1:8765/v3/ws', 'wss://example.com', 'http://x/v3/ws', 'ws://u:p@host/v3/ws', 'ws://host/v3/ws?token=x');
      values.push('ws://host/v3/ws#frag', 'ws://[::1]:9/v3/ws', ' wss://host/v3/ws ', 'ws://', '${ASSEMBLYAI_SIM_URL}');
      break;
  }
  return [...values, ...(FIELD_SAMPLES[type]?.[field] ?? [])];
}

/** Whether the runtime's reader accepts the value for the field (the other fields valid). */
const RUNTIME: Record<string, (field: string, value: unknown) => boolean> = {
  'assemblyai-transcriber': (field, value) => {
    // (extraParams: the editor checks the JSON's shape; its members meet the parameter table at deploy, so the corpus has valid ones.)
    if (field === 'streamKey' || field === 'maxStreams') {
      try {
        readStreamOptions({ [field]: value }, 10, (key) => key);
        return true;
      } catch {
        return false;
      }
    }
    return readTranscriberSettings({ speechModel: 'universal-3-5-pro', [field]: value }).ok;
  },
  'assemblyai-account': (field, value) => {
    if (field === 'customUrl') {
      // ${VAR} is resolved by Node-RED before the runtime reads it.
      const url = typeof value === 'string' && /^\s*\$\{\w+\}\s*$/.test(value) ? 'ws://127.0.0.1:9/v3/ws' : value;
      return readAccountSettings({ region: 'custom', customUrl: url }).ok;
    }
    if (field === 'region') return readAccountSettings({ region: value, customUrl: 'ws://127.0.0.1:9/v3/ws' }).ok;
    return readAccountSettings({ region: 'edge', useTemporaryTokens: true, [field]: value }).ok;
  },
  'assemblyai-intent': (field, value) => {
    if (field === 'stage') return readIntentSettings({ stage: value }).problems.length === 0;
    return tryConfig({ intents: [], lists: {}, expansionRules: {}, [field]: value }).problems.length === 0;
  },
  'assemblyai-turn-filter': (field, value) => {
    try {
      compileConfig({ [field]: value });
      return true;
    } catch {
      return false;
    }
  },
  'assemblyai-microphone': (field, value) => {
    try {
      parseMicrophoneSettings({ [field]: value });
      return true;
    } catch {
      return false;
    }
  },
};

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

describe('editor and runtime: one source of fields and models', () => {
  for (const type of TYPES) {
    describe(type, () => {
      const { def } = runEditorScripts(builtEditorHtml(type));
      const fields = NODE_FIELDS[type];

      it('the built defaults are the shared table: names, order, values, types and required flags', () => {
        assert.deepEqual(Object.keys(def.defaults), Object.keys(fields));
        for (const [name, field] of Object.entries(fields)) {
          const d = def.defaults[name] as Record<string, unknown>;
          // (JSON: an array made in the sandbox has the sandbox's prototype.)
          assert.deepEqual(JSON.parse(JSON.stringify(d.value)), field.value, `${name} value`);
          assert.equal(d.type, field.type, `${name} type`);
          assert.equal(d.required, field.required, `${name} required`);
          assert.equal(typeof d.validate, field.rule || field.check ? 'function' : 'undefined', `${name} validate`);
        }
      });

      it("each editor validator accepts exactly what the runtime's reader accepts", () => {
        let compared = 0;
        for (const [name, field] of Object.entries(fields)) {
          if (!field.rule) continue;
          const node = field.onlyWhen ? { [field.onlyWhen.field]: field.onlyWhen.value } : {};
          for (const value of corpus(field.rule, type, name)) {
            const editor = def.defaults[name].validate!.call(node, value) === true;
            // A required field's blank is the editor's to refuse (the runtime reads it as the default).
            if (field.required && isBlank(value)) {
              assert.equal(editor, false, `${name} = ${JSON.stringify(value)}: a required field refuses blank`);
              continue;
            }
            const runtime = RUNTIME[type](name, value);
            if (CONTENT_ONLY[type]?.[name]?.includes(value)) {
              assert.deepEqual(
                [editor, runtime],
                [true, false],
                `${name} = ${JSON.stringify(value)}: checked at deploy, not by the validator`,
              );
              continue;
            }
            assert.equal(editor, runtime, `${name} = ${JSON.stringify(value)}: editor ${editor}, runtime ${runtime}`);
            compared += 1;
          }
        }
        assert.ok(compared > 30, `only ${compared} comparisons`);
      });

      it('every default value and every blank value is valid in the editor (flows written by hand)', () => {
        for (const [name, field] of Object.entries(fields)) {
          const validate = def.defaults[name].validate;
          // A checked list (the turn filter's rules) has its own test below.
          if (!validate || field.check) continue;
          const node = field.onlyWhen ? { [field.onlyWhen.field]: field.onlyWhen.value } : {};
          if (!field.onlyWhen) assert.equal(validate.call(node, field.value), true, `default of ${name}`);
          if (!field.required && !field.onlyWhen)
            for (const blank of ['', undefined, null]) assert.equal(validate.call(node, blank), true, `blank ${name}`);
        }
      });

      it('keeps what the Node-RED scorecard parses inline (acorn, as node-red-dev reads it)', () => {
        let found = false;
        for (const script of editorScripts(builtEditorHtml(type))) {
          const ast = acorn.parse(script, { ecmaVersion: 'latest' }) as unknown as { body: unknown[] };
          const text = JSON.stringify(ast);
          if (!text.includes('"registerType"')) continue;
          found = true;
          const call = findRegisterType(ast);
          const props = call.arguments[1].properties as Array<{
            key: { name: string };
            value: { type: string; properties?: Array<{ key: { name: string } }> };
          }>;
          const byName = Object.fromEntries(props.map((p) => [p.key.name, p.value]));
          assert.equal(byName.defaults.type, 'ObjectExpression');
          assert.deepEqual(
            byName.defaults.properties!.map((p) => p.key.name),
            Object.keys(fields),
          );
          for (const key of ['category', 'color', 'icon', 'inputs', 'outputs'])
            if (byName[key]) assert.equal(byName[key].type, 'Literal', key);
        }
        assert.ok(found, 'no registerType');
      });

      it('the source .html repeats none of it: the defaults are a marker and no model name appears', () => {
        const source = sourceEditorHtml(type);
        assert.match(source, /^\s*defaults: \{ \/\* @generated defaults \*\/ \},$/m);
        assert.ok(!/validate\s*:/.test(source), 'a validator written in the source .html');
        assert.ok(!/<(input|textarea)\b[^>]*\s(min|max|maxlength)="/.test(source), 'a range written on a source .html input');
        for (const model of SPEECH_MODEL_CATALOGUE) assert.ok(!source.includes(model.name), `${model.name} written in the source .html`);
      });

      it('has an en-US text for every message key a validator shows', () => {
        const catalog = JSON.parse(fs.readFileSync(path.join(nodesSrcDir, type, 'locales', 'en-US', `${type}.json`), 'utf8')) as unknown;
        for (const field of Object.values(fields)) {
          if (field.messageKey) assert.equal(typeof lookup(catalog, field.messageKey), 'string', field.messageKey);
        }
      });
    });
  }

  it('the built form inputs carry the ranges and placeholders of the table', () => {
    let checked = 0;
    for (const type of TYPES) {
      const html = builtEditorHtml(type);
      for (const [name, field] of Object.entries(NODE_FIELDS[type])) {
        const tag = new RegExp(`<(input|textarea)\\b[^>]*\\bid="node-(?:config-)?input-${name}"[^>]*>`).exec(html)?.[0];
        if (!tag || !field.rule) continue;
        const rule = field.rule;
        if (rule.kind === 'number' && /type="number"/.test(tag)) {
          assert.ok(tag.includes(`min="${rule.min}"`) && tag.includes(`max="${rule.max}"`), tag);
          checked += 1;
        }
        if (rule.kind === 'text' && rule.maxLength !== undefined) assert.ok(tag.includes(`maxlength="${rule.maxLength}"`), tag);
        if (field.placeholder !== undefined) assert.ok(tag.includes(`placeholder="${field.placeholder}"`), tag);
      }
    }
    assert.ok(checked >= 10, `${checked} inputs`);
  });

  it('dist/ holds what the build renders from the source (skipped before a build)', function () {
    if (!fs.existsSync(nodesDistDir)) {
      console.log('      skipped: no dist/ (run node scripts/build.js)');
      this.skip();
    }
    let checked = 0;
    for (const type of fs.readdirSync(nodesSrcDir)) {
      for (const file of htmlFiles(path.join(nodesSrcDir, type))) {
        const rel = path.relative(path.join(nodesSrcDir, type), file);
        const built = path.join(nodesDistDir, type, rel);
        assert.ok(fs.existsSync(built), `dist lacks ${type}/${rel}`);
        const main = rel === `${type}.html`;
        const expected = renderEditorHtml(type, fs.readFileSync(file, 'utf8'), main);
        const html = fs.readFileSync(built, 'utf8');
        // The checker's text is the compiler's (tsc there, esbuild here): compare the rest, and its behaviour.
        assert.equal(withoutChecker(html), withoutChecker(expected), `dist/nodes/${type}/${rel} is stale: run node scripts/build.js`);
        if (main && NODE_FIELDS[type]) {
          const { context } = runEditorScripts(html);
          const accepts = vm.runInContext('LivevoiceAssemblyAI.accepts', context) as typeof acceptsFieldValue;
          for (const field of Object.values(NODE_FIELDS[type])) {
            if (!field.rule) continue;
            for (const value of corpus(field.rule)) assert.equal(accepts(field.rule, value), acceptsFieldValue(field.rule, value));
          }
        }
        checked += 1;
      }
    }
    assert.ok(checked >= 4);
  });

  it("the editor's checker is field-rules.ts's own function, self-contained", () => {
    const context = vm.createContext({});
    const accepts = vm.runInContext(`(${acceptsFieldValue.toString()})`, context) as typeof acceptsFieldValue;
    const rules: FieldRule[] = [
      { kind: 'number', min: 1, max: 3, integer: true },
      { kind: 'choice', values: ['a'], trim: true },
      { kind: 'pattern', pattern: '^a$' },
      { kind: 'list', maxItems: 2, itemPattern: '^[a-z]+$', alone: 'multi' },
      { kind: 'text', maxLength: 2 },
      { kind: 'json-object' },
      { kind: 'ws-url' },
    ];
    for (const rule of rules) {
      for (const value of corpus(rule))
        assert.equal(accepts(rule, value), acceptsFieldValue(rule, value), `${rule.kind} ${JSON.stringify(value)}`);
    }
  });

  it('the transcriber dialog knows which options apply to which family, from the parameter table', () => {
    const { context } = runEditorScripts(builtEditorHtml('assemblyai-transcriber'));
    const data = JSON.parse(vm.runInContext('JSON.stringify(LivevoiceAssemblyAI.transcriber)', context) as string) as {
      models: Array<{ name: string; family: string }>;
      fieldFamilies: Record<string, string>;
      defaultModel: string;
      unsavedModel: string;
    };
    assert.deepEqual(data.fieldFamilies, {
      formatTurns: 'universal-streaming',
      endOfTurnConfidenceThreshold: 'universal-streaming',
      prompt: 'u3',
      languageCodes: 'u3',
      mode: 'u3',
    });
    for (const [field, family] of Object.entries(data.fieldFamilies)) {
      assert.equal(CONNECTION_PARAMETERS[TRANSCRIBER_PARAM_FIELDS[field as keyof typeof TRANSCRIBER_PARAM_FIELDS]].models, family);
    }
    assert.equal(data.defaultModel, 'universal-3-5-pro');
    assert.equal(data.unsavedModel, 'universal-streaming-english');
    const catalog = JSON.parse(
      fs.readFileSync(path.join(nodesSrcDir, 'assemblyai-transcriber', 'locales', 'en-US', 'assemblyai-transcriber.json'), 'utf8'),
    ) as unknown;
    for (const key of ['u3', 'universal-streaming', 'otherFamily', 'unsaved', 'notApplied']) {
      assert.equal(typeof lookup(catalog, `assemblyai-transcriber.model.${key}`), 'string', `model.${key}`);
    }
    for (const field of Object.keys(data.fieldFamilies))
      assert.equal(typeof lookup(catalog, `assemblyai-transcriber.label.${field}`), 'string', field);
  });
});

function withoutChecker(html: string): string {
  const start = html.indexOf('kit.accepts = ');
  return start < 0 ? html : html.slice(0, start) + html.slice(html.indexOf('\n    kit.check = ', start));
}

function lookup(catalog: unknown, key: string): unknown {
  return key
    .split('.')
    .reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), catalog);
}

function htmlFiles(dir: string): string[] {
  if (!fs.statSync(dir).isDirectory()) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? htmlFiles(full) : e.name.endsWith('.html') ? [full] : [];
  });
}

type Call = { type: string; callee: { property?: { name: string } }; arguments: Array<{ properties: unknown[] }> };

function findRegisterType(node: unknown): Call {
  let found: Call | undefined;
  const visit = (n: unknown): void => {
    if (found || !n || typeof n !== 'object') return;
    const c = n as Call;
    if (c.type === 'CallExpression' && c.callee?.property?.name === 'registerType') {
      found = c;
      return;
    }
    for (const v of Object.values(n)) visit(v);
  };
  visit(node);
  if (!found) throw new Error('no registerType call');
  return found;
}
