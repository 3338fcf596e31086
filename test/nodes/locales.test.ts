// Every text a user of the nodes reads comes from the locale files, complete in
// en-US and in German (de), the second locale that proves nothing is hard-coded:
// the keys the editor (.html) and the runtime (.ts) use exist in both, both have
// the same keys with the same placeholders, status texts stay short, and no
// status text, error or log line in src/nodes is written as an English literal.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { catalog, NODES_DIR } from './support/locale';
import { literalTexts } from './support/literal-texts';

const LOCALES = ['en-US', 'de'];
const nodeTypes = fs.readdirSync(NODES_DIR).filter((name) => fs.existsSync(path.join(NODES_DIR, name, 'locales')));

function filesUnder(dir: string, ext: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(ext))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** key -> text for every leaf of a catalog. */
function flatten(value: unknown, prefix = ''): Map<string, string> {
  const leaves = new Map<string, string>();
  if (typeof value === 'string') leaves.set(prefix, value);
  else if (typeof value === 'object' && value !== null) {
    for (const [name, child] of Object.entries(value))
      for (const [k, v] of flatten(child, prefix ? `${prefix}.${name}` : name)) leaves.set(k, v);
  }
  return leaves;
}

function valueIn(lang: string, key: string): unknown {
  const [type, ...rest] = key.split('.');
  if (!nodeTypes.includes(type)) return undefined;
  return [type, ...rest].reduce<unknown>(
    (at, part) => (typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[part] : undefined),
    catalog(type, lang),
  );
}

const placeholders = (text: string) => [...text.matchAll(/__([A-Za-z0-9_]+)__/g)].map((m) => m[1]).sort();

/** Source without comments, so a comment that mentions text: '...' or new Error('...') does not count. */
function code(file: string): string {
  return fs
    .readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '')
    .replace(/\s\/\/ .*$/gm, '');
}

/** The editor part of a node's .html: its script and form template, not the help text. */
function editorPart(html: string): string {
  return html.replace(/<script type="text\/html" data-help-name="[^"]+">[\s\S]*?<\/script>/g, '');
}

interface KeyUse {
  file: string;
  key: string;
  /** A key that ends in "." is completed at run time: it names a group of texts. */
  group: boolean;
}

function htmlKeys(type: string): KeyUse[] {
  const file = path.join(NODES_DIR, type, `${type}.html`);
  const html = editorPart(fs.readFileSync(file, 'utf8'));
  const uses: KeyUse[] = [];
  for (const m of html.matchAll(/data-i18n="([^"]+)"/g)) {
    for (const part of m[1].split(';')) uses.push({ file, key: part.replace(/^\[[a-z]+\]/, ''), group: false });
  }
  for (const m of html.matchAll(/\b(?:this|node|RED)\._\(\s*'([^']+)'/g)) uses.push({ file, key: m[1], group: m[1].endsWith('.') });
  // The turn filter's editor has t(key) = node._('assemblyai-turn-filter.' + key).
  if (/var t = function \(key\) \{\s*return node\._\('assemblyai-turn-filter\.' \+ key\);/.test(html)) {
    for (const m of html.matchAll(/\bt\('([^']+)'/g)) uses.push({ file, key: `assemblyai-turn-filter.${m[1]}`, group: m[1].endsWith('.') });
  }
  return uses.filter((use) => !use.key.startsWith('node-red:'));
}

function runtimeKeys(): KeyUse[] {
  const uses: KeyUse[] = [];
  for (const file of filesUnder(NODES_DIR, '.ts')) {
    for (const m of code(file).matchAll(/'((?:assemblyai-[a-z-]+)(?:\.[A-Za-z0-9_-]+){2,})'/g))
      uses.push({ file, key: m[1], group: false });
  }
  return uses;
}

describe('locales of the nodes', () => {
  it('every node with an editor has en-US and de message catalogs', () => {
    // New nodes (the intent node, ...) join this list by having a locales/ folder, and must then have both catalogs.
    for (const type of ['assemblyai-account', 'assemblyai-microphone', 'assemblyai-transcriber', 'assemblyai-turn-filter']) {
      assert.ok(nodeTypes.includes(type), `${type} has no locales/`);
    }
    for (const type of nodeTypes) {
      for (const lang of LOCALES)
        assert.ok(fs.existsSync(path.join(NODES_DIR, type, 'locales', lang, `${type}.json`)), `${type}: no ${lang} catalog`);
    }
  });

  it('every key the editor uses exists in en-US and de', () => {
    let count = 0;
    for (const type of nodeTypes) {
      for (const use of htmlKeys(type)) {
        count++;
        for (const lang of LOCALES) {
          const value = valueIn(lang, use.group ? use.key.slice(0, -1) : use.key);
          if (use.group)
            assert.ok(
              typeof value === 'object' && value !== null && Object.keys(value).length > 0,
              `${lang}: no group ${use.key} (${use.file})`,
            );
          else assert.equal(typeof value, 'string', `${lang}: no text for ${use.key} (${use.file})`);
        }
      }
    }
    assert.ok(count > 140, `found only ${count} editor keys: has the markup changed?`);
  });

  it('the turn filter editor has a rule name and a placeholder for every rule type it lists', () => {
    const html = fs.readFileSync(path.join(NODES_DIR, 'assemblyai-turn-filter', 'assemblyai-turn-filter.html'), 'utf8');
    const types = /var RULE_TYPES = \[([^\]]+)\]/
      .exec(html)![1]
      .match(/'([a-z]+)'/g)!
      .map((s) => s.slice(1, -1));
    for (const lang of LOCALES) {
      for (const type of types) {
        assert.equal(typeof valueIn(lang, `assemblyai-turn-filter.ruleType.${type}`), 'string', `${lang}: ruleType.${type}`);
        assert.equal(typeof valueIn(lang, `assemblyai-turn-filter.placeholder.${type}`), 'string', `${lang}: placeholder.${type}`);
      }
    }
  });

  it('every key the runtime uses exists in en-US and de', () => {
    const uses = runtimeKeys();
    assert.ok(uses.length > 80, `found only ${uses.length} runtime keys`);
    for (const use of uses) {
      for (const lang of LOCALES)
        assert.equal(typeof valueIn(lang, use.key), 'string', `${lang}: no text for ${use.key} (${path.relative(NODES_DIR, use.file)})`);
    }
  });

  it('the runtime builds no key at run time, so the check above sees every one', () => {
    for (const file of filesUnder(NODES_DIR, '.ts')) {
      const source = code(file);
      const built = source.match(/\b(?:t|translate|_)\(\s*`|\b(?:t|translate|_)\(\s*'[^']*'\s*\+/g);
      assert.equal(built, null, `${path.relative(NODES_DIR, file)} builds a key: ${built?.join(' ')}`);
    }
  });

  it('en-US and de have the same keys, with the same placeholders', () => {
    for (const type of nodeTypes) {
      const en = flatten(catalog(type, 'en-US'));
      const de = flatten(catalog(type, 'de'));
      assert.deepEqual([...de.keys()].sort(), [...en.keys()].sort(), `${type}: de and en-US differ in keys`);
      for (const [key, text] of en) {
        assert.deepEqual(placeholders(de.get(key) ?? ''), placeholders(text), `${type}: ${key} has other placeholders in de`);
        assert.notEqual((de.get(key) ?? '').trim(), '', `${type}: ${key} is empty in de`);
      }
    }
  });

  it('a German help text, where there is one, covers what the English help does', () => {
    const count = (html: string, tag: string) => (html.match(new RegExp(`<${tag}[ >]`, 'g')) ?? []).length;
    let helps = 0;
    for (const type of nodeTypes) {
      const file = path.join(NODES_DIR, type, 'locales', 'de', `${type}.html`);
      if (!fs.existsSync(file)) continue;
      helps++;
      const de = fs.readFileSync(file, 'utf8');
      const en = /<script type="text\/html" data-help-name="[^"]+">[\s\S]*?<\/script>/.exec(
        fs.readFileSync(path.join(NODES_DIR, type, `${type}.html`), 'utf8'),
      )![0];
      assert.equal((de.match(/data-help-name="([^"]+)"/g) ?? []).join(), `data-help-name="${type}"`, `${type}: de help names another node`);
      for (const tag of ['h3', 'h4', 'dt', 'li', 'p'])
        assert.equal(count(de, tag), count(en, tag), `${type}: de help has another number of <${tag}>`);
    }
    assert.ok(helps >= 4, `only ${helps} German help texts`);
  });

  it('status texts stay short in every locale (a rule label is cut to 11 characters)', () => {
    for (const type of nodeTypes) {
      for (const lang of LOCALES) {
        for (const [key, text] of flatten(catalog(type, lang))) {
          if (!key.startsWith(`${type}.status.`)) continue;
          const shown = text.replace(/__rule__/g, 'x'.repeat(11)).replace(/__\w+__/g, 'NN');
          // The aim is under 20; the two "idle (waits for ...)" texts of en-US are the longest at 23.
          assert.ok(shown.length <= 24, `${lang} ${key} is ${shown.length} characters: "${shown}"`);
        }
      }
    }
  });

  it('no status text, error, warning or log line in src/nodes is an English literal', () => {
    const found: string[] = [];
    for (const file of filesUnder(NODES_DIR, '.ts')) {
      for (const finding of literalTexts(code(file))) found.push(`${path.relative(NODES_DIR, file)}:${finding}`);
    }
    assert.deepEqual(found, []);
  });

  it('the literal check finds each kind of hard-coded text it is meant to catch', () => {
    const samples = [
      `done(new Error('microphone: bad'));`,
      `throw new RangeError(\`frame \${ms}\`);`,
      `node.status({ fill: 'red', shape: 'ring', text: 'failed' });`,
      `return { kind: 'invalid', message: 'msg.payload must be audio' };`,
      `node.error(\`microphone: \${detail}\`, {});`,
      `node.warn('audio dropped');`,
      `setStatus(node, 'red', 'ring', 'failed');`,
      `failInput(node, done, 'it broke');`,
    ];
    for (const sample of samples) assert.equal(literalTexts(sample).length, 1, sample);
    assert.deepEqual(literalTexts(`done(new Error(t('assemblyai-microphone.errors.badAction')));`), []);
    assert.deepEqual(literalTexts(`setStatus(node, 'red', 'ring', t('assemblyai-turn-filter.status.error'));`), []);
  });
});

describe('locales in a real Node-RED runtime (settings.lang)', function () {
  this.timeout(60000);
  const child = path.join(__dirname, 'support', 'locale-child.js');
  const built = path.resolve(
    __dirname,
    '..',
    '..',
    'dist',
    'nodes',
    'assemblyai-microphone',
    'locales',
    'de',
    'assemblyai-microphone.json',
  );

  function run(lang: string): Promise<{ statuses: Record<string, string>; answer: string }> {
    return new Promise((resolve, reject) => {
      execFile(process.execPath, [child], { env: { ...process.env, NR_LANG: lang }, timeout: 45000 }, (error, stdout, stderr) => {
        if (error) reject(new Error(`locale child (${lang}) failed: ${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { statuses: Record<string, string>; answer: string });
      });
    });
  }

  before(function () {
    if (!fs.existsSync(built)) {
      console.log('      skipping: dist/ has no de catalog; run `npm run build` first (npm test does)');
      this.skip();
    }
  });

  it('statuses and errors are German with lang "de" and English with "en-US"', async () => {
    const [de, en] = await Promise.all([run('de'), run('en-US')]);
    assert.deepEqual(de.statuses, { mic: 'ungültig', tr: 'kein Konto', tf: 'ungültige Konfig.' });
    assert.equal(de.answer, 'Mikrofon: der Node ist nicht richtig konfiguriert');
    assert.deepEqual(en.statuses, { mic: 'invalid settings', tr: 'no account', tf: 'invalid config' });
    assert.equal(en.answer, 'microphone: the node is not configured correctly');
  });
});
