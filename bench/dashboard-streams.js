#!/usr/bin/env node
// Browser microphone streams into Node-RED: what they cost on the Node-RED side.
//
// Node-RED (child process) runs example 06 on the simulator with Dashboard 2.
// Phase "browser": N Chromium contexts (fake microphone playing an espeak-ng WAV)
// press Start and stream for the window. Phase "in-flow": the same N streams are
// produced inside Node-RED instead (a function node emitting 100 ms frames per
// stream key into the same transcriber), the path audio takes from any local source.
// Printed per phase: Node-RED CPU (user+system of its process, /proc) per
// stream-second, frames delivered vs expected and frames reported dropped, and for
// the browser phase the latency from the worklet's frame reaching the page
// (msg._sentAt, Date.now() in the page) to the transcriber's input (a function node
// wired beside the transcriber on the mic's output), p50/p99.
// A second latency starts at Node-RED's receipt of the frame (msg._receivedAt): the part
// Node-RED and this package add, apart from the browser and the socket.
//
// With --node-red-core N (Linux, taskset), Node-RED runs alone on core N and the browsers, the
// simulator and this process on the others: the nearest this one machine comes to phones that
// bring their own CPUs, and a server whose cores the browsers do not take.
//
// Usage: npm run build && node bench/dashboard-streams.js [--clients 10] [--seconds 20] [--browser-nice 10] [--node-red-core 0]
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
require('tsx/cjs');
const { findFreePort, startNodeRed } = require('../scripts/demo/node-red-process.ts');
const { linkPackage, writeSettings } = require('../scripts/demo/user-dir.ts');
const { linkDashboard } = require('../scripts/demo/dashboard-demo.ts');
const { readDemoScript } = require('../scripts/demo/simulator.ts');
const { CHROMIUM_ARGS, findChromium } = require('../test/e2e/support/chromium.ts');
const { startSimulator } = require('../src/sim');

const root = path.resolve(__dirname, '..');
const arg = (name, fallback) => {
  const at = process.argv.indexOf(name);
  return at > 0 && process.argv[at + 1] !== undefined ? Number(process.argv[at + 1]) : fallback;
};
const CLIENTS = arg('--clients', 10);
// The browsers run on the same two cores as Node-RED here, where on a real install they are phones and
// tablets: by default they run niced so Node-RED keeps its share (--browser-nice 0 to compare).
const BROWSER_NICE = arg('--browser-nice', 10);
const SECONDS = arg('--seconds', 20);
const NODE_RED_CORE = arg('--node-red-core', NaN);
const PINNED = Number.isInteger(NODE_RED_CORE);
// Counted once: after pinning, this process sees only its own cores.
const CORES = os.availableParallelism();
const OTHER_CORES = Array.from({ length: CORES }, (_, i) => i)
  .filter((i) => i !== NODE_RED_CORE)
  .join(',');

/** Moves a process and all its threads onto the given cores (taskset, util-linux). */
function pin(pid, cores) {
  execFileSync('taskset', ['-a', '-p', '-c', String(cores), String(pid)], { stdio: 'ignore' });
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function cpuSeconds(pid) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // utime + stime in clock ticks (USER_HZ, 100 on Linux)
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function percentile(values, p) {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function benchFlow(simUrl) {
  const flow = JSON.parse(fs.readFileSync(path.join(root, 'examples', '06-dashboard-voice.json'), 'utf8'));
  const account = flow.find((n) => n.type === 'assemblyai-account');
  account.customUrl = simUrl;
  const mic = flow.find((n) => n.type === 'ui-assemblyai-microphone');
  const transcriber = flow.find((n) => n.type === 'assemblyai-transcriber');
  transcriber.maxStreams = CLIENTS + 5;
  transcriber.streamKey = 'benchStream';
  const z = mic.z;
  const probe = {
    id: 'bench-probe',
    type: 'function',
    z,
    name: 'latency probe',
    outputs: 0,
    x: 390,
    y: 300,
    wires: [],
    func: "const s = global.get('bench') || { lat: [], node: [], frames: 0 }; s.frames++; const now = Date.now(); if (typeof msg._sentAt === 'number') s.lat.push(now - msg._sentAt); if (typeof msg._receivedAt === 'number') s.node.push(now - msg._receivedAt); global.set('bench', s); return null;",
  };
  mic.wires = [[transcriber.id, 'bench-probe']];
  const source = {
    id: 'bench-source',
    type: 'function',
    z,
    name: 'in-flow streams',
    outputs: 1,
    x: 150,
    y: 360,
    wires: [[transcriber.id, 'bench-count']],
    func: [
      'if (msg.payload && msg.payload.action === "stop") { clearInterval(context.get("timer")); return null; }',
      'const n = msg.payload.streams; const frame = Buffer.alloc(3200);',
      'for (let i = 0; i < frame.length; i += 2) frame.writeInt16LE(Math.round(8000 * Math.sin(i / 9)), i);',
      'const timer = setInterval(() => { for (let k = 0; k < n; k++) node.send({ payload: Buffer.from(frame), audio: { sampleRate: 16000, encoding: "pcm_s16le", channels: 1 }, benchStream: "s" + k }); }, 100);',
      'context.set("timer", timer); return null;',
    ].join('\n'),
  };
  const count = {
    ...probe,
    id: 'bench-count',
    name: 'in-flow count',
    func: "const s = global.get('flowBench') || { frames: 0 }; s.frames++; global.set('flowBench', s); return null;",
  };
  const httpIn = { id: 'bench-http', type: 'http in', z, url: '/bench', method: 'get', x: 150, y: 420, wires: [['bench-read']] };
  const read = {
    id: 'bench-read',
    type: 'function',
    z,
    outputs: 1,
    x: 300,
    y: 420,
    wires: [['bench-res']],
    func: "msg.payload = { browser: global.get('bench') || { lat: [], node: [], frames: 0 }, inflow: global.get('flowBench') || { frames: 0 } }; if (msg.req.query.reset) { global.set('bench', undefined); global.set('flowBench', undefined); } return msg;",
  };
  const res = { id: 'bench-res', type: 'http response', z, x: 450, y: 420, wires: [] };
  const ctl = {
    id: 'bench-ctl',
    type: 'http in',
    z,
    url: '/bench/source',
    method: 'post',
    x: 150,
    y: 480,
    wires: [['bench-source', 'bench-res']],
  };
  flow.push(probe, source, count, httpIn, read, res, ctl);
  return { flow, account };
}

async function main() {
  const chromiumPath = findChromium();
  if (!chromiumPath) throw new Error('no Chromium at /usr/bin/chromium (set CHROMIUM_PATH)');
  const { chromium } = require('playwright-core');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-dashboard-'));
  const wav = path.join(tmp, 'speech.wav');
  const script = readDemoScript();
  execFileSync('espeak-ng', ['-s', '150', '-w', wav, script.join(' ')]);
  const userDir = path.join(tmp, 'user');
  fs.mkdirSync(userDir);
  linkPackage(userDir);
  if (!linkDashboard(userDir)) throw new Error('Dashboard 2 or the widget build is missing: npm install && npm run build');
  const simulator = await startSimulator({ port: 0, host: '127.0.0.1', keys: ['bench-key'], script });
  simulator.setScript(script, { loop: true });
  const { flow, account } = benchFlow(simulator.url);
  fs.writeFileSync(path.join(userDir, 'flows.json'), JSON.stringify(flow));
  fs.writeFileSync(path.join(userDir, 'flows_cred.json'), JSON.stringify({ [account.id]: { apiKey: 'bench-key' } }));
  const port = await findFreePort();
  const settingsFile = writeSettings(userDir, { port, flowFile: 'flows.json', logLevel: 'info' });
  let dropWarnings = 0;
  const nodeRed = await startNodeRed({
    userDir,
    settingsFile,
    port,
    onLine: (l) => {
      if (/dropp/.test(l)) dropWarnings++;
    },
  });
  if (PINNED) {
    if (CORES < 2) throw new Error('--node-red-core needs at least 2 cores');
    pin(nodeRed.child.pid, NODE_RED_CORE);
    pin(process.pid, OTHER_CORES);
  }
  const base = nodeRed.url;
  const getStats = async (reset) => (await fetch(`${base}/bench${reset ? '?reset=1' : ''}`)).json();
  const results = [];
  let browser;
  try {
    const launcher = path.join(tmp, 'chromium-niced.sh');
    const pinning = PINNED ? `taskset -c ${OTHER_CORES} ` : '';
    fs.writeFileSync(launcher, `#!/bin/sh\nexec ${pinning}nice -n ${BROWSER_NICE} "${chromiumPath}" "$@"\n`, { mode: 0o755 });
    browser = await chromium.launch({
      executablePath: (BROWSER_NICE > 0 || PINNED) && process.platform === 'linux' ? launcher : chromiumPath,
      headless: true,
      timeout: 60000,
      args: [
        ...CHROMIUM_ARGS,
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
        `--use-file-for-fake-audio-capture=${wav}`,
      ],
    });
    const pages = [];
    for (let i = 0; i < CLIENTS; i++) {
      const page = await (await browser.newContext()).newPage();
      page.setDefaultTimeout(180000); // ten pages capturing at once on a small machine are slow to answer
      await page.goto(`${base}/dashboard/voice`);
      await page.getByRole('button', { name: 'Start microphone' }).waitFor({ timeout: 60000 });
      pages.push(page);
    }
    for (const page of pages) await page.getByRole('button', { name: 'Start microphone' }).click();
    await sleep(3000); // sessions open, frames flowing
    await getStats(true);
    const drops0 = dropWarnings;
    const cpu0 = cpuSeconds(nodeRed.child.pid);
    const t0 = Date.now();
    await sleep(SECONDS * 1000);
    const cpu1 = cpuSeconds(nodeRed.child.pid);
    const wall = (Date.now() - t0) / 1000;
    const stats = (await getStats(true)).browser;
    results.push({
      phase: `browser (${CLIENTS} Chromium clients)`,
      cpuMsPerStreamSecond: ((cpu1 - cpu0) * 1000) / (CLIENTS * wall),
      framesExpected: Math.round(CLIENTS * wall * 10),
      framesDelivered: stats.frames,
      dropWarnings: dropWarnings - drops0,
      p50: percentile(stats.lat, 50),
      p99: percentile(stats.lat, 99),
      nodeP50: percentile(stats.node, 50),
      nodeP99: percentile(stats.node, 99),
    });
    for (const page of pages)
      await page
        .getByRole('button', { name: 'Stop microphone' })
        .click()
        .catch(() => undefined);
    await browser.close();
    browser = undefined;
    await sleep(3000);

    await fetch(`${base}/bench/source`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ streams: CLIENTS }),
    });
    await sleep(3000);
    await getStats(true);
    const c0 = cpuSeconds(nodeRed.child.pid);
    const s0 = Date.now();
    await sleep(SECONDS * 1000);
    const c1 = cpuSeconds(nodeRed.child.pid);
    const w = (Date.now() - s0) / 1000;
    const inflow = (await getStats(true)).inflow;
    await fetch(`${base}/bench/source`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'stop' }),
    });
    results.push({
      phase: `in-flow source (${CLIENTS} keyed streams)`,
      cpuMsPerStreamSecond: ((c1 - c0) * 1000) / (CLIENTS * w),
      framesExpected: Math.round(CLIENTS * w * 10),
      framesDelivered: inflow.frames,
      dropWarnings: 0,
      p50: NaN,
      p99: NaN,
      nodeP50: NaN,
      nodeP99: NaN,
    });
  } catch (err) {
    console.error(`failed: ${err instanceof Error ? err.message : err}\nNode-RED output (last part):\n${nodeRed.output().slice(-4000)}`);
    throw err;
  } finally {
    console.log(JSON.stringify(results));
    await browser?.close().catch(() => undefined);
    await nodeRed.stop();
    await simulator.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log(
    `\nDashboard streams: ${CLIENTS} streams, ${SECONDS} s window, ${os.cpus().length} cores, Node ${process.version}, browsers at nice ${BROWSER_NICE}${
      PINNED ? `, Node-RED alone on core ${NODE_RED_CORE}, browsers and simulator on ${OTHER_CORES}` : ''
    }`,
  );
  console.log(
    '| path | Node-RED CPU ms per stream-second | frames delivered / expected | drop warnings | page frame -> transcriber p50 / p99 ms | Node-RED receipt -> transcriber p50 / p99 ms |',
  );
  console.log('|---|---|---|---|---|---|');
  const pair = (a, b) => (Number.isNaN(b) ? 'n/a' : `${a} / ${b}`);
  for (const r of results) {
    console.log(
      `| ${r.phase} | ${r.cpuMsPerStreamSecond.toFixed(2)} | ${r.framesDelivered} / ${r.framesExpected} | ${r.dropWarnings} | ${pair(r.p50, r.p99)} | ${pair(r.nodeP50, r.nodeP99)} |`,
    );
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exitCode = 1;
});
