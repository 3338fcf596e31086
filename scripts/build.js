#!/usr/bin/env node
// Compiles src/ to CommonJS in dist/ and places each node's editor assets
// (.html, locales/, icons/) beside its built .js, where Node-RED looks for them.
// Every .html goes through the compiled src/config/editor-html.js, which writes
// the shared field defaults, validators and model list into it (the source
// .html holds markers), so the editor and the runtime read one source.
'use strict';
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { buildStamp } = require('./build-stamp');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
const nodesSrc = path.join(root, 'src', 'nodes');
const nodesDist = path.join(dist, 'nodes');

// The workspace package of Dashboard 2 widgets (nodes + Vite UMD bundles) reads only its own
// sources, so it builds in a process of its own beside the main compile.
const widgetsBuild = path.join(root, 'packages', 'node-red-dashboard-2-assemblyai', 'build.js');
const widgets = fs.existsSync(widgetsBuild)
  ? new Promise((resolve) => {
      const child = spawn(process.execPath, [widgetsBuild], { stdio: 'inherit', cwd: root });
      child.on('error', (err) => {
        console.error(`build: widget package: ${err.message}`);
        resolve(1);
      });
      child.on('close', (code) => resolve(code ?? 1));
      // A failed main compile exits at once: the widget build does not run on without it.
      process.on('exit', () => child.kill());
    })
  : Promise.resolve(0);

// Everything the main compile and the asset copy read, and what they write.
const stamp = buildStamp({
  name: 'main',
  base: root,
  inputs: [
    'src',
    'scripts/build.js',
    'scripts/build-stamp.js',
    'tsconfig.base.json',
    'tsconfig.build.json',
    'package.json',
    'package-lock.json',
  ],
  outputs: ['dist'],
});

function buildMain() {
  fs.rmSync(dist, { recursive: true, force: true });
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json')], {
    stdio: 'inherit',
    cwd: root,
  });

  const { renderEditorHtml } = require(path.join(dist, 'config', 'editor-html.js'));

  /** Copies a node's asset, rendering every .html in it (the node's own and locale help files). */
  function copyAsset(type, from, to, main) {
    if (fs.statSync(from).isDirectory()) {
      fs.mkdirSync(to, { recursive: true });
      for (const entry of fs.readdirSync(from)) copyAsset(type, path.join(from, entry), path.join(to, entry), false);
    } else if (from.endsWith('.html')) {
      fs.mkdirSync(path.dirname(to), { recursive: true });
      try {
        fs.writeFileSync(to, renderEditorHtml(type, fs.readFileSync(from, 'utf8'), main));
      } catch (err) {
        console.error(`build: ${path.relative(root, from)}: ${err.message}`);
        process.exit(1);
      }
    } else {
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.copyFileSync(from, to);
    }
  }

  const isEditorAsset = (name) => name.endsWith('.html') || name === 'locales' || name === 'icons';
  if (fs.existsSync(nodesSrc)) {
    for (const nodeDir of fs.readdirSync(nodesSrc, { withFileTypes: true })) {
      if (!nodeDir.isDirectory()) continue;
      const from = path.join(nodesSrc, nodeDir.name);
      const to = path.join(nodesDist, nodeDir.name);
      for (const entry of fs.readdirSync(from)) {
        if (!isEditorAsset(entry)) continue;
        copyAsset(nodeDir.name, path.join(from, entry), path.join(to, entry), entry === `${nodeDir.name}.html`);
      }
    }
  }

  const cli = path.join(dist, 'sim', 'cli.js');
  if (fs.existsSync(cli)) fs.chmodSync(cli, 0o755);
}

if (stamp.upToDate()) {
  console.log('build: dist/ is already built from these sources (BUILD_FORCE=1 rebuilds it)');
} else {
  stamp.clear();
  buildMain();
  stamp.record();
}

void widgets.then((code) => {
  if (code !== 0) {
    console.error(`build: the widget package's build failed (exit ${code})`);
    process.exitCode = 1;
  }
});
