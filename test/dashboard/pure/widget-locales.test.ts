// Every text a user of the Dashboard 2 widget nodes reads on the Node-RED side
// (status, errors, warnings) comes from the node's own locale files, complete
// in en-US and de: the keys the runtime uses exist in both, both have the same
// keys and placeholders, status texts stay short, and no status text, error or
// warning is an English literal. The widget package installs without the main
// package (its build copies the main package's node kit into src/kit, which
// test/nodes/locales.test.ts checks at its source), so its locale files get this
// test of their own, on the same rules as test/nodes/locales.test.ts. Pure: reads files.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { literalTexts } from '../../nodes/support/literal-texts';
import { WIDGET_NODES_DIR, widgetCatalog, widgetText } from '../widget-locale';

const LOCALES = ['en-US', 'de'];
const SRC_DIR = path.dirname(WIDGET_NODES_DIR);
const TYPES = fs.readdirSync(WIDGET_NODES_DIR);
/**
 * Code the page runs too (bundled by Vite): its texts are the page's, not on Node-RED's i18n
 * (mic-errors.ts: what the widget shows; drop-oldest-buffer.ts: a guard against a bad capacity in code).
 */
const BROWSER_TEXTS = new Set(['shared/mic-errors.ts', 'shared/drop-oldest-buffer.ts']);

function tsFiles(): string[] {
  return fs
    .readdirSync(SRC_DIR, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.join(e.parentPath, e.name))
    .map((file) => path.relative(SRC_DIR, file).split(path.sep).join('/'))
    .filter((file) => !BROWSER_TEXTS.has(file) && !file.startsWith('kit/'))
    .map((file) => path.join(SRC_DIR, file));
}

const code = (file: string) =>
  fs
    .readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '')
    .replace(/\s\/\/ .*$/gm, '');

function flatten(value: unknown, prefix = ''): Map<string, string> {
  const leaves = new Map<string, string>();
  if (typeof value === 'string') leaves.set(prefix, value);
  else if (typeof value === 'object' && value !== null) {
    for (const [name, child] of Object.entries(value))
      for (const [k, v] of flatten(child, prefix ? `${prefix}.${name}` : name)) leaves.set(k, v);
  }
  return leaves;
}

const placeholders = (text: string) => [...text.matchAll(/__([A-Za-z0-9_]+)__/g)].map((m) => m[1]).sort();

describe('dashboard/widget node locales', () => {
  it('each widget node has en-US and de catalogs', () => {
    assert.deepEqual(TYPES.sort(), ['ui-assemblyai-captions', 'ui-assemblyai-microphone']);
    for (const type of TYPES)
      for (const lang of LOCALES)
        assert.ok(fs.existsSync(path.join(WIDGET_NODES_DIR, type, 'locales', lang, `${type}.json`)), `${type} ${lang}`);
  });

  it('every key the runtime uses exists in en-US and de', () => {
    let count = 0;
    for (const file of tsFiles()) {
      for (const m of code(file).matchAll(/'((?:ui-assemblyai-[a-z-]+)(?:\.[A-Za-z0-9_-]+){2,})'/g)) {
        count++;
        for (const lang of LOCALES)
          assert.equal(typeof widgetText(m[1], lang), 'string', `${lang}: no text for ${m[1]} (${path.relative(SRC_DIR, file)})`);
      }
    }
    assert.ok(count >= 20, `found only ${count} keys`);
  });

  it('the runtime builds no key at run time', () => {
    for (const file of tsFiles()) {
      const built = code(file).match(/\b(?:t|translate|_)\(\s*`|\b(?:t|translate|_)\(\s*'[^']*'\s*\+/g);
      assert.equal(built, null, `${path.relative(SRC_DIR, file)} builds a key: ${built?.join(' ')}`);
    }
  });

  it('en-US and de have the same keys, with the same placeholders, none empty', () => {
    for (const type of TYPES) {
      const en = flatten(widgetCatalog(type, 'en-US'));
      const de = flatten(widgetCatalog(type, 'de'));
      assert.deepEqual([...de.keys()].sort(), [...en.keys()].sort(), type);
      for (const [key, text] of en) {
        assert.deepEqual(placeholders(de.get(key) ?? ''), placeholders(text), `${type}: ${key} placeholders`);
        assert.notEqual((de.get(key) ?? '').trim(), '', `${type}: ${key} empty in de`);
      }
    }
  });

  it('status texts stay short in every locale', () => {
    for (const type of TYPES) {
      for (const lang of LOCALES) {
        for (const [key, text] of flatten(widgetCatalog(type, lang))) {
          if (!key.startsWith(`${type}.status.`)) continue;
          const shown = text.replace(/__\w+__/g, 'NN');
          assert.ok(shown.length <= 24, `${lang} ${key} is ${shown.length} characters: "${shown}"`);
        }
      }
    }
  });

  it('no status text, error or warning of the widget nodes is an English literal', () => {
    const found: string[] = [];
    for (const file of tsFiles()) for (const finding of literalTexts(code(file))) found.push(`${path.relative(SRC_DIR, file)}:${finding}`);
    assert.deepEqual(found, []);
  });

  it('the build places the catalogs beside the built nodes (skipped before a build)', function () {
    const dist = path.join(path.dirname(SRC_DIR), 'dist', 'nodes');
    if (!fs.existsSync(dist)) {
      console.log('      skipped: the widget package is not built (node scripts/build.js)');
      this.skip();
    }
    for (const type of TYPES)
      for (const lang of LOCALES) assert.ok(fs.existsSync(path.join(dist, type, 'locales', lang, `${type}.json`)), `dist ${type} ${lang}`);
  });
});
