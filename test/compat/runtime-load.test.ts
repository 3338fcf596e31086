// Loads the built package into a real Node-RED process (the one named by
// test/support/node-red-path.ts: Node-RED 4 normally, Node-RED 5 under
// scripts/test-compat.js) the way a user's install does, from <userDir>/node_modules,
// and checks that every node set of package.json loads without an error.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { nodeRedPackageDir, nodeRedVersion } from '../support/node-red-path';
import { findFreePort, startNodeRed, type RunningNodeRed } from '../../scripts/demo/node-red-process';
import { linkPackage, writeSettings } from '../../scripts/demo/user-dir';
import { packageName, projectRoot } from '../../scripts/demo/paths';

interface NodeSetInfo {
  id: string;
  name: string;
  module: string;
  types: string[];
  enabled: boolean;
  err?: string;
}

const manifest = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as {
  'node-red': { version: string; nodes: Record<string, string> };
};

/** One node of each type, wired as a user would; nothing in it opens a connection or a device. */
const everyNodeFlow = [
  { id: 'compat-tab', type: 'tab', label: 'compat' },
  { id: 'compat-account', type: 'assemblyai-account', name: '', region: 'edge', customUrl: '' },
  {
    id: 'compat-mic',
    type: 'assemblyai-microphone',
    z: 'compat-tab',
    device: 'default',
    frameMs: 50,
    startOnDeploy: false,
    wires: [['compat-transcriber'], []],
  },
  {
    id: 'compat-transcriber',
    type: 'assemblyai-transcriber',
    z: 'compat-tab',
    account: 'compat-account',
    policy: 'manual',
    wires: [['compat-filter'], []],
  },
  {
    id: 'compat-filter',
    type: 'assemblyai-turn-filter',
    z: 'compat-tab',
    stage: 'final',
    rules: [],
    otherwise: true,
    outputs: 1,
    wires: [['compat-intent']],
  },
  {
    id: 'compat-intent',
    type: 'assemblyai-intent',
    z: 'compat-tab',
    stage: 'final',
    intents: '[{"name":"On","sentences":["lights on"]}]',
    lists: '{}',
    expansionRules: '{}',
    wires: [[], []],
  },
];

describe(`package loads in Node-RED ${nodeRedVersion} (Node ${process.versions.node})`, function () {
  this.timeout(90000);
  let userDir: string;
  let nodeRed: RunningNodeRed | undefined;

  before(async function () {
    userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nr-compat-'));
    linkPackage(userDir);
    const port = await findFreePort();
    const settingsFile = writeSettings(userDir, { port, flowFile: 'flows.json', logLevel: 'info' });
    fs.writeFileSync(path.join(userDir, 'flows.json'), JSON.stringify(everyNodeFlow));
    // A key so the transcriber is usable; the manual policy opens no session without a start action.
    fs.writeFileSync(path.join(userDir, 'flows_cred.json'), JSON.stringify({ 'compat-account': { apiKey: 'compat-test-key' } }));
    nodeRed = await startNodeRed({
      userDir,
      settingsFile,
      port,
      redJs: path.join(nodeRedPackageDir, 'red.js'),
    });
  });

  after(async function () {
    if (nodeRed) await nodeRed.stop();
    fs.rmSync(userDir, { recursive: true, force: true });
  });

  it('draws no loader warning about the package (version range, missing files)', function () {
    // The loader logs a warning and skips the module when the range does not match.
    assert.doesNotMatch(nodeRed!.output(), new RegExp(`\\[${packageName}\\]`), nodeRed!.output());
  });

  it('loads every node set of package.json, enabled and without error', async function () {
    const response = await fetch(`${nodeRed!.url}/nodes`, { headers: { Accept: 'application/json' } });
    assert.equal(response.status, 200);
    const sets = ((await response.json()) as NodeSetInfo[]).filter((set) => set.module === packageName);
    const declared = Object.keys(manifest['node-red'].nodes).sort();
    assert.deepEqual(sets.map((set) => set.name).sort(), declared);
    for (const set of sets) {
      assert.equal(set.err, undefined, `${set.id}: ${JSON.stringify(set.err)}`);
      assert.equal(set.enabled, true, `${set.id} not enabled`);
    }
    assert.deepEqual(sets.flatMap((set) => set.types).sort(), declared);
  });

  it('starts a flow with every node type, and closes them on a deploy that removes them', async function () {
    const startLog = nodeRed!.output();
    assert.match(startLog, /Started flows/);
    assert.doesNotMatch(startLog, /Waiting for missing types|type not found|\[error\]/i, startLog);
    const stored = await fetch(`${nodeRed!.url}/flows`, { headers: { Accept: 'application/json' } });
    const types = ((await stored.json()) as Array<{ type: string }>).map((n) => n.type);
    for (const type of Object.keys(manifest['node-red'].nodes)) assert.ok(types.includes(type), `${type} not in the running flow`);

    // An empty flow makes every node close: their close handlers must finish in time.
    const logStart = startLog.length;
    const clear = await fetch(`${nodeRed!.url}/flows`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Node-RED-Deployment-Type': 'full' },
      body: JSON.stringify([]),
    });
    assert.ok([200, 204].includes(clear.status), `deploy answered ${clear.status}`);
    const log = nodeRed!.output().slice(logStart);
    assert.doesNotMatch(log, /Close timed out|\[error\]/i, log);
  });

  it('serves each node type editor definition and help', async function () {
    const response = await fetch(`${nodeRed!.url}/nodes`, { headers: { Accept: 'text/html' } });
    const html = await response.text();
    for (const type of Object.keys(manifest['node-red'].nodes)) {
      assert.match(html, new RegExp(`registerType\\(\\s*['"]${type}['"]`), `no registerType for ${type}`);
      assert.match(html, new RegExp(`data-help-name=["']${type}["']`), `no help for ${type}`);
    }
  });
});
