#!/usr/bin/env node
// npm start: Node-RED on http://127.0.0.1:1880 with this package and a demo
// flow (see scripts/demo/launcher.ts, and `npm start -- --help`).
'use strict';
require('tsx/cjs');
const { main } = require('./demo/launcher.ts');

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  },
);
