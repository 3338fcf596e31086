// The intent node's editor. First its file as the build writes it: every text
// it shows is in the en-US catalog, the fields the scorecard parses are inline
// literals, and the validators (from src/config/node-fields.ts) accept objects
// and JSON text. Then the real thing: a Node-RED
// child with the built package, the editor in headless Chromium, the live
// template check, "try a sentence" on the unsaved config, the Home Assistant
// import from a YAML file, and a deploy of what the dialog saved.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { findFreePort, startNodeRed, type RunningNodeRed } from '../../scripts/demo/node-red-process';
import { distDir } from '../../scripts/demo/paths';
import { linkPackage, writeSettings } from '../../scripts/demo/user-dir';
import { findChromium, launchChromium, type Browser } from '../e2e/support/chromium';
import { deploy, nodeStatus, openEditDialog, openEditor, screenshot } from '../e2e/support/editor';
import { nodeRedPackageDir } from '../support/node-red-path';
import { HOME } from './fixtures/home';
import { builtEditorHtml, runEditorScripts } from '../config/editor-sandbox';

const dir = path.resolve(__dirname, '../../src/nodes/assemblyai-intent');
const html = builtEditorHtml('assemblyai-intent');
const catalog = JSON.parse(fs.readFileSync(path.join(dir, 'locales/en-US/assemblyai-intent.json'), 'utf8')) as Record<string, unknown>;

function text(key: string): unknown {
  return key
    .split('.')
    .reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), catalog);
}

interface EditorDef {
  defaults: Record<string, { value: unknown; validate?: (v: unknown) => boolean }>;
  outputs: number;
  label(this: Record<string, unknown>): string;
  outputLabels(this: { _: (key: string) => string }, index: number): string;
}

function loadDefinition(): { type: string; def: EditorDef } {
  const { type, def } = runEditorScripts(html);
  return { type, def: def as unknown as EditorDef };
}

describe('assemblyai-intent editor', () => {
  it('has a translation for every data-i18n key and every key the editor and the runtime ask for', () => {
    const runtime = fs.readFileSync(path.join(dir, 'assemblyai-intent.ts'), 'utf8');
    const keys = [
      ...[...html.matchAll(/data-i18n="(?:\[[a-z]+\])?([^"]+)"/g)].map((m) => m[1]),
      ...[...html.matchAll(/(?:node|this)\._\('([^']+)'/g)].map((m) => m[1]),
      ...[...runtime.matchAll(/\bt\('(assemblyai-intent\.[^']+)'/g)].map((m) => m[1]),
    ].filter((key) => !key.endsWith('.'));
    assert.ok(keys.length > 25, `only ${keys.length} keys found`);
    for (const key of keys) assert.equal(typeof text(key), 'string', `missing text for ${key}`);
  });

  it('keeps the registerType fields the scorecard reads inline, and has help', () => {
    const def = html.slice(html.indexOf("RED.nodes.registerType('assemblyai-intent', {"));
    assert.match(def, /\n\s{6}category: 'AssemblyAI',\n\s{6}color: '#[0-9A-Fa-f]{6}',\n\s{6}defaults: \{/);
    assert.match(def, /\n\s{6}inputs: 1,\n\s{6}outputs: 2,\n\s{6}icon: 'assemblyai-intent.svg',/);
    assert.ok(fs.existsSync(path.join(dir, 'icons', 'assemblyai-intent.svg')));
    const help = html.slice(html.indexOf('data-help-name="assemblyai-intent"'));
    for (const term of ['<dt>intent', '<dt>topic', '{list:slot}', 'wildcard', 'custom_sentences', 'Try a sentence', 'invalid config']) {
      assert.ok(help.includes(term.replace('{list:slot}', '{area:target}')), `help lacks ${term}`);
    }
  });

  it('has a form input for every property; validators take objects and JSON text and refuse the wrong shape', () => {
    const { type, def } = loadDefinition();
    assert.equal(type, 'assemblyai-intent');
    assert.deepEqual(Object.keys(def.defaults).sort(), ['expansionRules', 'intents', 'lists', 'name', 'stage']);
    for (const field of Object.keys(def.defaults)) assert.ok(html.includes(`id="node-input-${field}"`), `no input for ${field}`);
    const { intents, lists, expansionRules } = def.defaults;
    assert.equal(intents.validate!(HOME.intents), true);
    assert.equal(intents.validate!(JSON.stringify(HOME.intents)), true);
    assert.equal(intents.validate!('{"name": "x"}'), false);
    assert.equal(intents.validate!('[{'), false);
    assert.equal(lists.validate!(HOME.lists), true);
    assert.equal(lists.validate!('[]'), false);
    assert.equal(expansionRules.validate!(''), true);
    assert.equal(def.outputs, 2);
    const labels = [0, 1].map((i) => def.outputLabels.call({ _: (key) => `t:${key}` }, i));
    assert.deepEqual(labels, ['t:assemblyai-intent.outputs.intent', 't:assemblyai-intent.outputs.unmatched']);
  });

  describe('in a real editor (headless Chromium)', function () {
    this.timeout(180000);
    const chromiumPath = findChromium();
    let nodeRed: RunningNodeRed | undefined;
    let browser: Browser | undefined;
    let page: Page;
    let userDir = '';
    const pageErrors: string[] = [];

    before(async function () {
      if (!chromiumPath) {
        console.log('    skipped: no Chromium at /usr/bin/chromium (apt-get install chromium, or set CHROMIUM_PATH)');
        this.skip();
      }
      if (!fs.existsSync(path.join(distDir, 'nodes', 'assemblyai-intent', 'assemblyai-intent.js'))) {
        throw new Error('dist/ has no intent node: run node scripts/build.js first (npm test builds first)');
      }
      userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'intent-editor-'));
      linkPackage(userDir);
      const port = await findFreePort();
      const settingsFile = writeSettings(userDir, { port, flowFile: 'flows.json', logLevel: 'info' });
      const flow = [
        { id: 'intent-tab', type: 'tab', label: 'intent editor' },
        {
          id: 'intent-node',
          type: 'assemblyai-intent',
          z: 'intent-tab',
          name: '',
          stage: 'final',
          intents: JSON.stringify(HOME.intents, null, 2),
          lists: JSON.stringify(HOME.lists, null, 2),
          expansionRules: JSON.stringify(HOME.expansionRules),
          x: 300,
          y: 120,
          wires: [[], []],
        },
      ];
      fs.writeFileSync(path.join(userDir, 'flows.json'), JSON.stringify(flow));
      nodeRed = await startNodeRed({ userDir, settingsFile, port, redJs: path.join(nodeRedPackageDir, 'red.js') });
      browser = await launchChromium(chromiumPath);
      page = browser.context.pages()[0] ?? (await browser.context.newPage());
      page.on('pageerror', (err) => pageErrors.push(err.message));
      await openEditor(page, nodeRed.url);
    });

    after(async () => {
      await browser?.close();
      await nodeRed?.stop();
      if (userDir) fs.rmSync(userDir, { recursive: true, force: true });
    });

    afterEach(() => {
      assert.deepEqual(pageErrors.splice(0), [], 'the editor page threw');
    });

    async function resultText(): Promise<string> {
      return (await page.locator('#node-input-intent-result').textContent()) ?? '';
    }

    async function trySentence(sentence: string): Promise<string> {
      const before = await resultText();
      await page.fill('#node-input-intent-sentence', sentence);
      await page.click('#node-input-intent-try');
      await page.waitForFunction((old) => document.querySelector('#node-input-intent-result')?.textContent !== old, before, {
        timeout: 10000,
      });
      return resultText();
    }

    it('checks the templates, and matches a sentence against the unsaved config', async () => {
      await openEditDialog(page, { id: 'intent-node', type: 'assemblyai-intent', z: 'intent-tab' });
      await page.waitForSelector('#node-input-intent-problems .assemblyai-intent-ok', { timeout: 10000 });
      const found = JSON.parse(await trySentence('Set the bedroom lights to 40%.')) as { name: string; slots: unknown };
      assert.deepEqual([found.name, found.slots], ['LightBrightness', { area: 'bedroom', brightness: 40 }]);
      assert.equal(await trySentence('What is the weather like?'), text('assemblyai-intent.try.none'));

      // An unsaved edit counts at once: a new value in the area list.
      const lists = JSON.parse(await page.inputValue('#node-input-lists')) as typeof HOME.lists;
      (lists.area as { values: unknown[] }).values.push('garage');
      await page.fill('#node-input-lists', JSON.stringify(lists));
      const garage = JSON.parse(await trySentence('Turn on the garage lights.')) as { slots: unknown };
      assert.deepEqual(garage.slots, { state: 'ON', area: 'garage' });
      await screenshot(page, 'intent-01-try-a-sentence');
    });

    it('lists template problems as they are typed', async () => {
      const intents = await page.inputValue('#node-input-intents');
      await page.fill('#node-input-intents', JSON.stringify([{ name: 'Broken', sentences: ['set (the lights', 'turn on {room}'] }]));
      await page.waitForSelector('#node-input-intent-problems li', { timeout: 10000 });
      const problems = await page.locator('#node-input-intent-problems li').allTextContents();
      await screenshot(page, 'intent-02-template-problems');
      assert.deepEqual(problems, [
        'intent "Broken", sentence 1 "set (the lights": "(" is never closed at position 5',
        'intent "Broken", sentence 2 "turn on {room}": unknown list "{room}" at position 9',
      ]);
      await page.fill('#node-input-intents', intents);
      await page.waitForSelector('#node-input-intent-problems .assemblyai-intent-ok', { timeout: 10000 });
    });

    it('imports a Home Assistant custom_sentences file, lists what it left out, and deploys what it imported', async () => {
      const yamlFile = path.join(userDir, 'lights.yaml');
      fs.writeFileSync(
        yamlFile,
        [
          'language: "en"',
          'intents:',
          '  HassTurnOn:',
          '    data:',
          '      - sentences:',
          '          - "<turn> on [the] {area} (light | lights)"',
          '        slots:',
          '          domain: light',
          'lists:',
          '  area:',
          '    values:',
          '      - in: "(living|family) room"',
          '        out: living_room',
          'expansion_rules:',
          '  turn: "(turn | switch)"',
          'skip_words: [please]',
          '',
        ].join('\n'),
      );
      const dialogs: string[] = [];
      const onDialog = (dialog: { message(): string; accept(): Promise<void> }) => {
        dialogs.push(dialog.message());
        void dialog.accept();
      };
      page.on('dialog', onDialog);
      await page.setInputFiles('#node-input-intent-file', yamlFile);
      await page.waitForFunction(
        () => (document.querySelector('#node-input-intents') as HTMLTextAreaElement).value.includes('HassTurnOn'),
        undefined,
        {
          timeout: 10000,
        },
      );
      page.off('dialog', onDialog);
      assert.deepEqual(dialogs, [text('assemblyai-intent.import.replace')]);
      const notes = await page.locator('#node-input-intent-notes').innerText();
      assert.match(notes, /imported 1 intent entries/);
      assert.match(notes, /skip_words are not supported/);
      const found = JSON.parse(await trySentence('Switch on the family room lights.')) as { name: string; slots: unknown };
      assert.deepEqual([found.name, found.slots], ['HassTurnOn', { domain: 'light', area: 'living_room' }]);
      await screenshot(page, 'intent-03-home-assistant-import');

      await page.click('#node-dialog-ok');
      await page.waitForSelector('#node-dialog-ok', { state: 'detached', timeout: 10000 });
      await deploy(page);
      const flows = (await (await fetch(`${nodeRed!.url}/flows`)).json()) as Array<{ id: string; intents?: unknown }>;
      const saved = flows.find((n) => n.id === 'intent-node');
      assert.ok(typeof saved?.intents === 'string' && saved.intents.includes('HassTurnOn'), 'the deployed node holds the imported intents');
      assert.equal(await nodeStatus(page, 'intent-node'), '', 'a valid config shows no error status');
      assert.doesNotMatch(nodeRed!.output(), /\[error\]/i, nodeRed!.output());
    });
  });
});
