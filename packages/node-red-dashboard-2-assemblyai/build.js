#!/usr/bin/env node
// Builds the widget package: the two Node-RED nodes (TypeScript -> dist/, with
// their editor .html beside them) and one Vite UMD bundle per widget in resources/.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { buildStamp } = require('../../scripts/build-stamp');

const here = __dirname;
const dist = path.join(here, 'dist');
const resources = path.join(here, 'resources');

// The node kit (status, errors, close handling, translator) has one source, the main package's
// src/nodes/kit. This package installs without the main package, so the build copies the kit into
// src/kit (git-ignored) and compiles it with the widget nodes into dist/kit.
const kitSource = path.join(here, '..', '..', 'src', 'nodes', 'kit');
const kitCopy = path.join(here, 'src', 'kit');

/** Brings src/kit up to date, writing only what changed, so a type check or lint reading it meanwhile sees whole files. */
function copyKit() {
  fs.mkdirSync(kitCopy, { recursive: true });
  const wanted = new Map();
  for (const file of fs.readdirSync(kitSource).filter((f) => f.endsWith('.ts'))) {
    const header = `// Copied by build.js from the main package's src/nodes/kit/${file}: edit that file, not this one.\n`;
    wanted.set(file, header + fs.readFileSync(path.join(kitSource, file), 'utf8'));
  }
  for (const file of fs.readdirSync(kitCopy)) if (!wanted.has(file)) fs.rmSync(path.join(kitCopy, file), { recursive: true, force: true });
  for (const [file, text] of wanted) {
    const target = path.join(kitCopy, file);
    if (!fs.existsSync(target) || fs.readFileSync(target, 'utf8') !== text) fs.writeFileSync(target, text);
  }
}

function buildNodes() {
  copyKit();
  fs.rmSync(dist, { recursive: true, force: true });
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(here, 'tsconfig.build.json')], {
    stdio: 'inherit',
    cwd: here,
  });
  const nodesSrc = path.join(here, 'src', 'nodes');
  for (const dir of fs.readdirSync(nodesSrc)) {
    for (const entry of fs.readdirSync(path.join(nodesSrc, dir))) {
      if (entry.endsWith('.html') || entry === 'locales' || entry === 'icons') {
        fs.cpSync(path.join(nodesSrc, dir, entry), path.join(dist, 'nodes', dir, entry), { recursive: true });
      }
    }
  }
}

function buildWidgets() {
  // the browser code is type-checked against the DOM before Vite bundles it
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(here, 'tsconfig.ui.json')], {
    stdio: 'inherit',
    cwd: here,
  });
  fs.rmSync(resources, { recursive: true, force: true });
  const vite = path.join(path.dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  for (const widget of ['ui-assemblyai-microphone', 'ui-assemblyai-captions']) {
    execFileSync(process.execPath, [vite, 'build', '--config', path.join(here, 'vite.config.mjs'), '--logLevel', 'warn'], {
      stdio: 'inherit',
      cwd: here,
      env: { ...process.env, WIDGET: widget },
    });
  }
}

// src/kit is this build's copy of the main package's src/nodes/kit, which is hashed in its place.
const stamp = buildStamp({
  name: 'widgets',
  base: here,
  inputs: [
    'build.js',
    'package.json',
    'tsconfig.build.json',
    'tsconfig.ui.json',
    'vite.config.mjs',
    'src',
    'ui',
    '../../src/nodes/kit',
    '../../scripts/build-stamp.js',
    '../../tsconfig.base.json',
    '../../package-lock.json',
  ],
  outputs: ['dist', 'resources'],
  skip: (rel) => rel === 'src/kit' || rel === 'ui/dist' || rel.endsWith('node_modules'),
});

// The kit copy is brought up to date either way: the type check and lint read it.
copyKit();
if (stamp.upToDate()) {
  console.log('build: the widget package is already built from these sources (BUILD_FORCE=1 rebuilds it)');
} else {
  stamp.clear();
  buildNodes();
  buildWidgets();
  stamp.record();
}
