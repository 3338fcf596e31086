#!/usr/bin/env node
// Node-RED's scorecard (`node-red-dev validate`) for this package, runnable
// where only the npm registry is reachable. It runs node-red-dev's own checks
// (package, nodes, dependencies) in process. Two checks compare against the
// flow library's catalogue (catalogue.nodered.org): P08 similar package names
// and N01 node type names unique in the catalogue. When that host cannot be
// reached, they run against an empty catalogue and are reported as NOT CHECKED,
// never as passed. Writes the scorecard JSON to test-output/scorecard/.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const libs = path.join(path.dirname(require.resolve('node-red-dev/package.json')), 'src', 'libs');
const axios = require(require.resolve('axios', { paths: [libs] }));
const CATALOGUE = 'https://catalogue.nodered.org/catalogue.json';

const unreachable = [];
const realGet = axios.get.bind(axios);
axios.get = async (url, ...rest) => {
  try {
    return await realGet(url, ...rest);
  } catch (err) {
    if (url !== CATALOGUE) throw err;
    unreachable.push(`${url} (${err.code || err.message})`);
    return { data: { modules: [] } };
  }
};

const lines = [];
const warnings = [];
const errors = [];
const cli = {
  log: (text) => lines.push(String(text)),
  warn: (text) => {
    warnings.push(String(text));
    lines.push(`WARN ${text}`);
  },
  error: (err) => {
    errors.push(err instanceof Error ? err.message : String(err));
    lines.push(`ERROR ${err instanceof Error ? err.message : err}`);
  },
};

async function main() {
  const checkpackage = require(path.join(libs, 'checkpackage'));
  const checknodes = require(path.join(libs, 'checknodes'));
  const checkdeps = require(path.join(libs, 'checkdeps'));
  const scorecard = {};
  await checkpackage(root, cli, scorecard, false);
  await checknodes(root, cli, scorecard, false);
  await checkdeps(root, cli, scorecard, false);
  // checknodes starts its example check without waiting for it.
  await new Promise((resolve) => setTimeout(resolve, 500));

  const notChecked = unreachable.length > 0 ? ['P08', 'N01'] : [];
  for (const id of notChecked) if (scorecard[id]) scorecard[id] = { test: null, notChecked: 'catalogue.nodered.org unreachable' };
  const outDir = path.join(root, 'test-output', 'scorecard');
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'scorecard.json'), `${JSON.stringify(scorecard, null, 2)}\n`);

  const fromEmptyCatalogue = /No similar named packages found|Nodes all have unique names/;
  for (const line of lines) {
    console.log(notChecked.length > 0 && fromEmptyCatalogue.test(line) ? `NOT CHECKED (no catalogue): ${line.replace(/^✅ /, '')}` : line);
  }
  console.log('');
  const failed = Object.entries(scorecard)
    .filter(([id, r]) => /^[PND]\d+$/.test(id) && r && r.test === false)
    .map(([id]) => id);
  const passed = Object.entries(scorecard)
    .filter(([id, r]) => /^[PND]\d+$/.test(id) && r && r.test === true)
    .map(([id]) => id);
  console.log(`scorecard: passed ${passed.sort().join(' ') || '-'}`);
  console.log(`scorecard: failed ${failed.sort().join(' ') || '-'}`);
  if (notChecked.length > 0) console.log(`scorecard: NOT CHECKED ${notChecked.join(' ')}: no answer from ${unreachable[0]}`);
  console.log(`scorecard: ${warnings.length} warning(s), ${errors.length} error(s); JSON in test-output/scorecard/scorecard.json`);
  return failed.length > 0 || errors.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
