'use strict';
// Summarizes a .cpuprofile (from node --cpu-prof): self time by function and by
// area (this package's dist/, node-red, ws, assemblyai SDK, Node internals, GC).
//   node bench/tools/profile-summary.js <file.cpuprofile> [top=25]
const fs = require('node:fs');
const path = require('node:path');

function area(url) {
  if (!url) return 'native/(gc, idle, program)';
  if (url.includes('/work/main/dist/') || url.includes('/dist/session/') || url.includes('/dist/nodes/') || url.includes('/dist/filter/'))
    return 'this package (dist)';
  if (url.includes('/bench/')) return 'bench instrumentation/driver';
  if (url.includes('node_modules/@node-red') || url.includes('node_modules/node-red')) return 'node-red';
  if (url.includes('node_modules/ws/')) return 'ws';
  if (url.includes('node_modules/assemblyai')) return 'assemblyai SDK';
  if (url.startsWith('node:')) return 'node internals';
  if (url.includes('node_modules/')) return `other: ${url.split('node_modules/').pop().split('/')[0]}`;
  return 'other';
}

function summarize(file, top = 25) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map();
  const deltas = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    selfUs.set(id, (selfUs.get(id) || 0) + (deltas[i] || 0));
  }
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const byFunction = new Map();
  const byArea = new Map();
  for (const [id, us] of selfUs) {
    const { callFrame } = byId.get(id);
    const name = callFrame.functionName || '(anonymous)';
    if (name === '(idle)') continue;
    const where = callFrame.url ? `${path.basename(callFrame.url)}:${callFrame.lineNumber + 1}` : '';
    const key = `${name} ${where}`;
    byFunction.set(key, (byFunction.get(key) || 0) + us);
    const a = name === '(garbage collector)' ? 'garbage collector' : area(callFrame.url);
    byArea.set(a, (byArea.get(a) || 0) + us);
  }
  const idle = [...selfUs].filter(([id]) => byId.get(id).callFrame.functionName === '(idle)').reduce((a, [, us]) => a + us, 0);
  const busy = total - idle;
  const pct = (us) => `${((100 * us) / busy).toFixed(1)}%`;
  const lines = [
    `${file}: busy ${(busy / 1000).toFixed(0)} ms of ${(total / 1000).toFixed(0)} ms sampled`,
    '',
    'by area (share of busy time):',
  ];
  for (const [a, us] of [...byArea].sort((x, y) => y[1] - x[1])) lines.push(`  ${pct(us).padStart(6)}  ${a}`);
  lines.push('', `top ${top} functions by self time:`);
  for (const [key, us] of [...byFunction].sort((x, y) => y[1] - x[1]).slice(0, top)) lines.push(`  ${pct(us).padStart(6)}  ${key}`);
  return lines.join('\n');
}

if (require.main === module) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: node bench/tools/profile-summary.js <file.cpuprofile> [top]\n');
    process.exit(2);
  }
  process.stdout.write(`${summarize(file, Number(top) || 25)}\n`);
}

module.exports = { summarize };
