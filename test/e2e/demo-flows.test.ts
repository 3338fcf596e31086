// The flows `npm start` writes, checked against the nodes' own config readers,
// and the launcher's choice of mode.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { readAccountSettings } from '../../src/config/account-settings';
import { NODE_FIELDS } from '../../src/config/node-fields';
import { readTranscriberSettings } from '../../src/config/transcriber-settings';
import { TurnFilter } from '../../src/filter/turn-filter';
import { parseMicrophoneSettings } from '../../src/nodes/assemblyai-microphone/microphone-settings';
import { DemoEnv, liveDemoFlow, simulatorDemoFlow, type DemoFlow, type FlowNode } from '../../scripts/demo/demo-flows';
import { parseOptions } from '../../scripts/demo/launcher';
import { demoUserDir, projectRoot } from '../../scripts/demo/paths';

/** The property names of a node's editor `defaults` (what the edit dialog shows). */
function editorDefaults(type: string): string[] {
  // Generated into the built .html from the shared field table.
  if (NODE_FIELDS[type]) return Object.keys(NODE_FIELDS[type]);
  const html = fs.readFileSync(path.join(projectRoot, 'src', 'nodes', type, `${type}.html`), 'utf8');
  const open = html.indexOf('{', html.indexOf('defaults:'));
  let depth = 0;
  let end = open;
  for (; end < html.length; end += 1) {
    if (html[end] === '{') depth += 1;
    else if (html[end] === '}' && --depth === 0) break;
  }
  const block = html.slice(open + 1, end);
  const indent = /\n( +)[A-Za-z]+:/.exec(block)![1];
  return [...block.matchAll(new RegExp(`^${indent}([A-Za-z]+):`, 'gm'))].map((m) => m[1]);
}

const CORE_TYPES = new Set(['tab', 'comment', 'inject', 'file in', 'debug', 'trigger']);
const OUR_TYPES = new Set(['assemblyai-account', 'assemblyai-transcriber', 'assemblyai-turn-filter', 'assemblyai-microphone']);

/** What Node-RED does to a whole-value ${VAR} property at node construction. */
function withEnv(node: FlowNode, env: Record<string, string>): FlowNode {
  const out: FlowNode = { ...node };
  for (const [key, value] of Object.entries(out)) {
    const match = typeof value === 'string' ? /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(value) : null;
    if (match && env[match[1]] !== undefined) out[key] = env[match[1]];
  }
  return out;
}

function checkStructure(demo: DemoFlow): void {
  for (const node of demo.flows.filter((n) => OUR_TYPES.has(n.type))) {
    // A property missing from the flow shows as an empty, possibly invalid field in the editor.
    const missing = editorDefaults(node.type).filter((key) => !(key in node));
    assert.deepEqual(missing, [], `${node.id} lacks editor properties`);
  }
  for (const inject of demo.flows.filter((n) => n.type === 'inject' && n.once)) {
    assert.ok(Number(inject.onceDelay) <= 2, `${inject.id} fires ${String(inject.onceDelay)} s after deploy`);
  }
  const ids = demo.flows.map((n) => n.id);
  assert.equal(new Set(ids).size, ids.length, 'duplicate ids');
  const tab = demo.flows.find((n) => n.type === 'tab');
  assert.ok(tab);
  for (const node of demo.flows) {
    assert.ok(CORE_TYPES.has(node.type) || OUR_TYPES.has(node.type), `unexpected type ${node.type}`);
    if (node.type !== 'tab' && node.type !== 'assemblyai-account') assert.equal(node.z, tab.id, `${node.id} is not on the tab`);
    for (const port of (node.wires as string[][] | undefined) ?? []) {
      for (const target of port) assert.ok(ids.includes(target), `${node.id} wires to missing ${target}`);
    }
  }
  const filter = demo.flows.find((n) => n.type === 'assemblyai-turn-filter')!;
  assert.equal((filter.wires as string[][]).length, filter.outputs, 'the filter has a wire list per output');
  for (const values of Object.values(demo.credentials)) {
    for (const value of Object.values(values)) assert.match(value, /^\$\{[A-Z_]+\}$/, 'credentials hold only ${ENV} references');
  }
}

function checkNodeConfigs(demo: DemoFlow, env: Record<string, string>): void {
  for (const raw of demo.flows) {
    const node = withEnv(raw, env);
    if (node.type === 'assemblyai-transcriber') {
      const result = readTranscriberSettings(node as never);
      assert.ok(result.ok, JSON.stringify(result));
      assert.deepEqual(result.warnings, []);
      assert.equal(result.settings.sampleRate, 16000);
      assert.equal(result.settings.encoding, 'pcm_s16le');
    }
    if (node.type === 'assemblyai-account') {
      const result = readAccountSettings(node as never);
      assert.ok(result.ok, JSON.stringify(result));
    }
    if (node.type === 'assemblyai-turn-filter') assert.doesNotThrow(() => new TurnFilter(node as never));
    if (node.type === 'assemblyai-microphone') assert.doesNotThrow(() => parseMicrophoneSettings(node as never));
  }
}

describe('demo flows of npm start', function () {
  it('simulator flow: a WAV on a loop into the transcriber, the account pointed at ${ASSEMBLYAI_SIM_URL}', function () {
    const demo = simulatorDemoFlow();
    checkStructure(demo);
    const account = demo.flows.find((n) => n.type === 'assemblyai-account')!;
    assert.equal(account.region, 'custom');
    assert.equal(account.customUrl, `\${${DemoEnv.simulatorUrl}}`);
    assert.deepEqual(Object.values(demo.credentials), [{ apiKey: `\${${DemoEnv.simulatorKey}}` }]);
    const file = demo.flows.find((n) => n.type === 'file in')!;
    assert.deepEqual([file.filename, file.filenameType, file.format], [DemoEnv.wav, 'env', '']);
    const inject = demo.flows.find((n) => n.type === 'inject')!;
    assert.equal(inject.once, true);
    assert.ok(Number(inject.repeat) > 14, 'the loop period is longer than the 14 s sample');
    checkNodeConfigs(demo, { [DemoEnv.simulatorUrl]: 'ws://127.0.0.1:40000/v3/ws' });
  });

  it('live flow: microphone -> transcriber with the key from ${ASSEMBLYAI_API_KEY}, stopped after a while', function () {
    const demo = liveDemoFlow();
    checkStructure(demo);
    const mic = demo.flows.find((n) => n.type === 'assemblyai-microphone')!;
    const transcriber = demo.flows.find((n) => n.type === 'assemblyai-transcriber')!;
    assert.deepEqual((mic.wires as string[][])[0], [transcriber.id]);
    assert.deepEqual(Object.values(demo.credentials), [{ apiKey: `\${${DemoEnv.apiKey}}` }]);
    const account = demo.flows.find((n) => n.type === 'assemblyai-account')!;
    assert.equal(account.region, 'edge');
    const timer = demo.flows.find((n) => n.type === 'trigger')!;
    assert.deepEqual((timer.wires as string[][])[0], [mic.id]);
    assert.equal(timer.op2, 'stop');
    checkNodeConfigs(demo, {});
  });

  it('runs the simulator without a key, live with one, and the simulator when asked with --sim', function () {
    assert.equal(parseOptions([], {})?.mode, 'simulator');
    assert.equal(parseOptions([], { ASSEMBLYAI_API_KEY: '  ' })?.mode, 'simulator');
    assert.equal(parseOptions([], { ASSEMBLYAI_API_KEY: 'k' })?.mode, 'live');
    assert.equal(parseOptions(['--sim'], { ASSEMBLYAI_API_KEY: 'k' })?.mode, 'simulator');
    const options = parseOptions(['--reset'], { PORT: '1999' });
    assert.deepEqual([options?.port, options?.reset, options?.userDir], [1999, true, demoUserDir]);
    assert.equal(parseOptions([], {})?.port, 1880);
    assert.throws(() => parseOptions([], { PORT: 'eighty' }), /PORT/);
  });
});
