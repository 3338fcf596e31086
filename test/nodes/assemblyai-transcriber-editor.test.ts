// The editor files agree with the runtime: every translated text exists, the
// model list matches, every runtime field has an editor default, and the
// registerType fields the Node-RED scorecard parses are inline literals.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { EDITOR_SPEECH_MODELS } from '../../src/config/model-fields';
import { builtEditorHtml, runEditorScripts } from '../config/editor-sandbox';

const nodesDir = path.join(__dirname, '..', '..', 'src', 'nodes');

/** The .html as the build writes it (shared defaults and models filled in); other files as they are. */
function read(type: string, file: string): string {
  if (file === `${type}.html`) return builtEditorHtml(type);
  return fs.readFileSync(path.join(nodesDir, type, file), 'utf8');
}

function lookup(catalog: unknown, key: string): unknown {
  return key
    .split('.')
    .reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), catalog);
}

for (const type of ['assemblyai-account', 'assemblyai-transcriber']) {
  describe(`${type} editor`, () => {
    const html = read(type, `${type}.html`);
    const catalog = JSON.parse(read(type, `locales/en-US/${type}.json`)) as unknown;

    it('has a translation for every data-i18n key', () => {
      const keys = [...html.matchAll(/data-i18n="(?:\[[a-z]+\])?([^"]+)"/g)].map((m) => m[1]);
      assert.ok(keys.length > 10);
      for (const key of keys) assert.equal(typeof lookup(catalog, key), 'string', `missing text for ${key}`);
    });

    it('keeps the registerType fields the scorecard reads inline', () => {
      const start = html.indexOf(`RED.nodes.registerType('${type}', {`);
      assert.ok(start >= 0);
      const def = html.slice(start);
      assert.match(def, /\n\s{4}category: '[^']+',/);
      assert.match(def, /\n\s{4}defaults: \{/);
      assert.match(def, /\n\s{4}credentials: \{|\n\s{4}inputs: 1,/);
      assert.ok(html.includes(`data-template-name="${type}"`));
      assert.ok(html.includes(`data-help-name="${type}"`));
    });
  });
}

describe('assemblyai-account editor: the key is a credential', () => {
  it('declares apiKey as a password credential and never as a flow property', () => {
    const html = read('assemblyai-account', 'assemblyai-account.html');
    const defaults = html.slice(html.indexOf('defaults: {'), html.indexOf('credentials: {'));
    assert.ok(!defaults.includes('apiKey'));
    assert.match(html, /credentials: \{\n\s+apiKey: \{ type: 'password' \},\n\s+\}/);
    assert.match(html, /<input type="password" id="node-config-input-apiKey"/);
  });
});

describe('assemblyai-transcriber editor: runtime agreement', () => {
  const html = read('assemblyai-transcriber', 'assemblyai-transcriber.html');
  const catalog = JSON.parse(read('assemblyai-transcriber', 'locales/en-US/assemblyai-transcriber.json')) as unknown;

  it('offers exactly the models the runtime lists', () => {
    const options = [...html.matchAll(/<option value="([a-z0-9.-]+)">\1<\/option>/g)]
      .map((m) => m[1])
      .filter((v) => !['balanced', 'min_latency', 'max_accuracy'].includes(v));
    assert.deepEqual(options, [...EDITOR_SPEECH_MODELS]);
  });

  it('has an editor default and a form input for every field the runtime reads', () => {
    const fields = [
      'account',
      'speechModel',
      'sampleRate',
      'encoding',
      'frameMs',
      'formatTurns',
      'endOfTurnConfidenceThreshold',
      'minTurnSilence',
      'maxTurnSilence',
      'vadThreshold',
      'keyterms',
      'prompt',
      'languageDetection',
      'languageCodes',
      'speakerLabels',
      'maxSpeakers',
      'inactivityTimeout',
      'mode',
      'extraParams',
      'policy',
      'idleSeconds',
      'wavPace',
      'openOn',
      'speechThresholdDbfs',
      'preRollMs',
      'turnUpdates',
    ];
    for (const field of fields) {
      assert.match(html, new RegExp(`\\n\\s{6}${field}: \\{`), `no default for ${field}`);
      assert.ok(html.includes(`id="node-input-${field}"`), `no input for ${field}`);
    }
    assert.match(html, /\n\s{4}inputs: 1,\n\s{4}outputs: 2,\n\s{4}icon: 'assemblyai-transcriber.svg',/);
    assert.ok(fs.existsSync(path.join(nodesDir, 'assemblyai-transcriber', 'icons', 'assemblyai-transcriber.svg')));
  });

  it('has a status text for every status key the runtime shows', () => {
    const source = fs.readFileSync(path.join(nodesDir, 'assemblyai-transcriber', 'transcriber-status.ts'), 'utf8');
    const keys = new Set<string>();
    for (const m of source.matchAll(/'assemblyai-transcriber\.status\.([a-zA-Z]+)'/g)) keys.add(m[1]);
    for (const kind of ['missingKey', 'noAccount', 'invalidConfig', 'idle', 'idleAuto', 'idleSpeech', 'failedLocal']) keys.add(kind);
    assert.ok(keys.size >= 15);
    for (const key of keys) {
      const text = lookup(catalog, `assemblyai-transcriber.status.${key}`);
      assert.equal(typeof text, 'string', `no status text for ${key}`);
      assert.ok((text as string).replace(/__\w+__/g, 'NN').length <= 24, `status text for ${key} is long`);
    }
  });
});

type Validator = { value: unknown; validate?: (this: Record<string, unknown>, v: unknown) => boolean };

/** Runs the editor scripts with a stand-in RED and returns the registered definition's defaults. */
function editorDefaults(type: string): Record<string, Validator> {
  return runEditorScripts(read(type, `${type}.html`)).def.defaults as Record<string, Validator>;
}

function valid(defaults: Record<string, Validator>, name: string, value: unknown, node: Record<string, unknown> = {}): boolean {
  const validate = defaults[name].validate;
  return validate ? validate.call(node, value) : true;
}

describe('editor validators', () => {
  for (const type of ['assemblyai-account', 'assemblyai-transcriber']) {
    it(`${type}: every default value and every missing value is valid (flows written by hand)`, () => {
      const defaults = editorDefaults(type);
      for (const name of Object.keys(defaults)) {
        if (name === 'account') continue;
        assert.ok(valid(defaults, name, defaults[name].value), `default of ${name}`);
        assert.ok(valid(defaults, name, undefined), `missing ${name}`);
        assert.ok(valid(defaults, name, null), `null ${name} (an empty select)`);
        assert.ok(valid(defaults, name, ''), `blank ${name}`);
      }
    });
  }

  it('assemblyai-transcriber: refuses out-of-range values and accepts 0 where 0 is a setting', () => {
    const d = editorDefaults('assemblyai-transcriber');
    const cases: Array<[string, unknown, boolean]> = [
      ['endOfTurnConfidenceThreshold', '0', true],
      ['endOfTurnConfidenceThreshold', '1.2', false],
      ['vadThreshold', 0, true],
      ['vadThreshold', '-0.1', false],
      ['minTurnSilence', '40', false],
      ['minTurnSilence', '160', true],
      ['maxTurnSilence', '12.5', false],
      ['maxSpeakers', '11', false],
      ['inactivityTimeout', '4', false],
      ['inactivityTimeout', '3600', true],
      ['frameMs', '49', false],
      ['frameMs', '1000', true],
      ['sampleRate', '7999', false],
      ['sampleRate', '8000', true],
      ['idleSeconds', '0', false],
      ['languageCodes', 'multi, en', false],
      ['languageCodes', 'en, es', true],
      ['speechModel', 'Bad Name', false],
      ['speechModel', 'universal-4-pro', true],
      ['extraParams', '[1]', false],
      ['extraParams', '{"filter_profanity": true}', true],
      ['formatTurns', 'yes', false],
      ['policy', 'sometimes', false],
      ['openOn', 'noise', false],
      ['speechThresholdDbfs', '-91', false],
      ['speechThresholdDbfs', '-45', true],
      ['preRollMs', '10001', false],
    ];
    for (const [name, value, expected] of cases) assert.equal(valid(d, name, value), expected, `${name} = ${JSON.stringify(value)}`);
  });

  it('assemblyai-account: checks the custom URL only for the custom region, and the token ranges', () => {
    const d = editorDefaults('assemblyai-account');
    assert.equal(valid(d, 'customUrl', 'http://x/v3/ws', { region: 'custom' }), false);
    assert.equal(valid(d, 'customUrl', 'ws://127.0.0.1:8765/v3/ws', { region: 'custom' }), true);
    assert.equal(valid(d, 'customUrl', '', { region: 'eu' }), true);
    assert.equal(valid(d, 'customUrl', '${ASSEMBLYAI_SIM_URL}', { region: 'custom' }), true);
    assert.equal(valid(d, 'tokenExpiresIn', '601'), false);
    assert.equal(valid(d, 'tokenMaxSessionSeconds', '59'), false);
    assert.equal(valid(d, 'region', 'mars'), false);
  });
});
