'use strict';
// Rewrites docs/readme/benchmarks.md (a page linked from README.md) from a saved run (default: the latest),
// e.g. after editing bench/analysis.md, without measuring again.
//   node bench/tools/write-docs.js [bench/results/bench-<stamp>.json]
const path = require('node:path');
const fs = require('node:fs');
const { writeDocs } = require('../lib/docs');

const file = path.resolve(process.argv[2] || path.join(__dirname, '..', 'results', 'latest.json'));
const run = JSON.parse(fs.readFileSync(file, 'utf8'));
process.stdout.write(`${writeDocs(run)}\n`);
