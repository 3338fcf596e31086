// The microphone's editor file: every text it shows exists in the en-US
// catalog, the fields the Node-RED scorecard parses are inline literals, each
// property has a form input, and its validators and labels behave (run in a
// sandbox with a stub RED).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { builtEditorHtml, runEditorScripts } from '../config/editor-sandbox';

const dir = path.resolve(__dirname, '../../src/nodes/assemblyai-microphone');
// As the build writes it: the shared defaults and validators filled in.
const html = builtEditorHtml('assemblyai-microphone');
const catalog = JSON.parse(fs.readFileSync(path.join(dir, 'locales/en-US/assemblyai-microphone.json'), 'utf8')) as Record<string, unknown>;

function text(key: string): unknown {
  return key
    .split('.')
    .reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), catalog);
}

interface EditorDef {
  category: string;
  defaults: Record<string, { value: unknown; validate?: (this: unknown, v: unknown, opt?: { label?: string }) => boolean | string }>;
  inputs: number;
  outputs: number;
  icon: string;
  paletteLabel(this: { _: (key: string) => string }): string;
  label(this: Record<string, unknown>): string;
  outputLabels(this: { _: (key: string) => string }, index: number): string;
}

function loadDefinition(): { type: string; def: EditorDef } {
  const { type, def } = runEditorScripts(html, { $: () => undefined });
  return { type, def: def as unknown as EditorDef };
}

describe('assemblyai-microphone editor', () => {
  it('has a translation for every data-i18n key and every key the editor script asks for', () => {
    const keys = [
      ...[...html.matchAll(/data-i18n="(?:\[[a-z]+\])?([^"]+)"/g)].map((m) => m[1]),
      ...[...html.matchAll(/(?:node|this|RED)\._\('([^']+)'/g)].map((m) => m[1]),
    ];
    assert.ok(keys.length > 15);
    for (const key of keys) assert.equal(typeof text(key), 'string', `missing text for ${key}`);
  });

  it('has a text for every status the runtime shows, with the placeholders it fills', () => {
    const source = fs.readFileSync(path.join(dir, 'microphone-status.ts'), 'utf8');
    const keys = [...source.matchAll(/'assemblyai-microphone\.status\.([a-zA-Z]+)'/g)].map((m) => m[1]);
    const faultKeys = [
      ...source.matchAll(/'(?:read-failed|device-not-found|open-failed)': 'assemblyai-microphone\.status\.([a-zA-Z]+)'/g),
    ].map((m) => m[1]);
    assert.deepEqual(faultKeys.sort(), ['notFound', 'openFailed', 'stalled']);
    for (const key of [...keys, ...faultKeys])
      assert.equal(typeof text(`assemblyai-microphone.status.${key}`), 'string', `no status text ${key}`);
    for (const key of faultKeys) assert.match(String(text(`assemblyai-microphone.status.${key}`)), /__seconds__/);
  });

  it('keeps the registerType fields the scorecard reads inline', () => {
    const def = html.slice(html.indexOf("RED.nodes.registerType('assemblyai-microphone', {"));
    assert.match(def, /\n\s{4}category: 'AssemblyAI',/);
    assert.match(def, /\n\s{4}color: '#[0-9A-Fa-f]{6}',/);
    assert.match(def, /\n\s{4}defaults: \{/);
    assert.match(def, /\n\s{4}inputs: 1,\n\s{4}outputs: 2,\n\s{4}icon: 'font-awesome\/fa-microphone',/);
    assert.ok(html.includes('data-template-name="assemblyai-microphone"'));
    assert.ok(html.includes('data-help-name="assemblyai-microphone"'));
  });

  it('has a form input for every property and help for both outputs', () => {
    const { type, def } = loadDefinition();
    assert.equal(type, 'assemblyai-microphone');
    assert.deepEqual(Object.keys(def.defaults).sort(), ['device', 'frameMs', 'name', 'record', 'recordPath', 'startOnDeploy']);
    for (const field of Object.keys(def.defaults)) assert.ok(html.includes(`id="node-input-${field}"`), `no input for ${field}`);
    const help = html.slice(html.indexOf('data-help-name'));
    for (const term of [
      'msg.payload',
      '<dt>action',
      '<dt>payload',
      '<dt>audio',
      '"recording"',
      'durationSeconds',
      'pcm_s16le',
      'recording_YYYYMMDD_HHMMSS.wav',
    ]) {
      assert.ok(help.includes(term), `help lacks ${term}`);
    }
  });

  it('validates the frame size and labels the node and its outputs', () => {
    const { def } = loadDefinition();
    const validate = def.defaults.frameMs.validate!;
    for (const good of [10, 50, '50', 1000]) assert.equal(validate.call({}, good), true, `rejected ${good}`);
    for (const bad of [5, 1001, 50.5, 'abc', '']) assert.equal(validate.call({}, bad), false, `accepted ${bad}`);
    assert.equal(validate.call({}, 5, { label: 'Frame size' }), 't:assemblyai-microphone.validation.frameMs');
    assert.equal(def.defaults.frameMs.value, 50);
    assert.equal(def.defaults.device.value, 'default');
    assert.equal(def.defaults.startOnDeploy.value, false);
    const t = { _: (key: string) => String(text(key)) };
    assert.equal(def.label.call({ name: '', device: 'default', ...t }), 'microphone');
    assert.equal(def.label.call({ name: '', device: 'USB Mic', ...t }), 'USB Mic');
    assert.equal(def.label.call({ name: 'desk', device: 'USB Mic', ...t }), 'desk');
    assert.equal(def.outputLabels.call(t, 0), 'audio (PCM s16le, 16 kHz, mono)');
    assert.equal(def.outputLabels.call(t, 1), 'saved recordings');
  });
});
