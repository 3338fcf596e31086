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
  loaded: boolean;
  err?: string;
}

const manifest = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as {
  'node-red': { version: string; nodes: Record<string, string> };
};

describe(`package loads in Node-RED ${nodeRedVersion} (Node ${process.versions.node})`, function () {
  this.timeout(90000);
  let userDir: string;
  let nodeRed: RunningNodeRed | undefined;

  before(async function () {
    userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nr-compat-'));
    linkPackage(userDir);
    const port = await findFreePort();
    const settingsFile = writeSettings(userDir, { port, flowFile: 'flows.json', logLevel: 'info' });
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
      assert.equal(set.loaded, true, `${set.id} not loaded`);
      assert.equal(set.enabled, true, `${set.id} not enabled`);
    }
    assert.deepEqual(sets.flatMap((set) => set.types).sort(), declared);
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
