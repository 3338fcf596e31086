'use strict';
// One contender at one N, in its own process (so its CPU figures are its own):
// open N real-time sessions against the simulator, wait until all have begun,
// warm up, measure a window, stop every session gracefully, report over IPC.
// The parent marks the simulator's CPU at the window's start and end.
const { monitorEventLoopDelay } = require('node:perf_hooks');
const { loadDemoAudio } = require('../lib/audio');
const { Pacer } = require('../lib/pacer');
const { Tracker, instrumentWs } = require('../lib/tracker');
const { startWindowProfile } = require('../lib/window-profiler');

const CONTENDERS = {
  'node-red': './contenders/node-red',
  session: './contenders/session',
  sdk: './contenders/sdk',
  ws: './contenders/ws',
};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function memory() {
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers };
}

function collectGarbage() {
  if (typeof global.gc === 'function') global.gc();
}

async function run(config) {
  const { contender: name, sessions, url, warmupMs, windowMs, rampPerSecond, openTimeoutMs, probe } = config;
  const audio = loadDemoAudio();
  const tracker = new Tracker(sessions);
  if (probe) instrumentWs(tracker);
  const { createContender, label } = require(CONTENDERS[name]);
  const contender = createContender({
    url,
    sessions,
    tracker,
    apiKey: 'bench-key',
    speechModel: config.speechModel,
    variant: config.variant,
  });

  await contender.setup();
  collectGarbage();
  const baseline = memory();
  const prepareStart = performance.now();
  await contender.prepare();
  const prepareMs = performance.now() - prepareStart;

  const rampBatch = Math.max(1, Math.round(rampPerSecond / 10));
  const pacer = new Pacer({
    sessions,
    frames: audio.loopFrames,
    frameMs: audio.frameMs,
    groups: 10,
    rampBatch,
    rampStepMs: 100,
    open: (i) => contender.open(i),
    frame: (i, frame, due) => {
      const start = performance.now();
      contender.frame(i, frame, due);
      tracker.account('sendCallMs', start, performance.now());
    },
  });
  const rampMs = pacer.rampMs();
  const maxRunMs = rampMs + openTimeoutMs + warmupMs + windowMs + 2000;
  pacer.start(maxRunMs);
  const openStart = performance.now();

  // All sessions begun (Begin received), bounded.
  const openDeadline = openStart + rampMs + openTimeoutMs;
  while (contender.state.begun < sessions && performance.now() < openDeadline) await sleep(50);
  const openedMs = performance.now() - openStart;
  const begunAtWindow = contender.state.begun;

  const windowStart = performance.now() + warmupMs;
  const windowEnd = windowStart + windowMs;
  tracker.setWindow(windowStart, windowEnd);
  await sleep(windowStart - performance.now());

  const profiler = config.profileFile ? await startWindowProfile() : undefined;
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  process.send({ type: 'window-start' });
  loopDelay.enable();
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  await sleep(windowEnd - performance.now());
  const cpu = process.cpuUsage(cpuStart);
  const wallMs = performance.now() - wallStart;
  loopDelay.disable();
  const atWindowEnd = memory();
  process.send({ type: 'window-end' });
  if (profiler) await profiler.stop(config.profileFile);

  // Let frames due just before the window's end reach the socket, then stop.
  await sleep(300);
  pacer.stop();
  const stopStart = performance.now();
  await contender.stopAll(20000);
  const stopMs = performance.now() - stopStart;
  await sleep(200);
  const summary = tracker.summary();
  const result = {
    contender: name,
    label,
    variant: config.variant,
    sessions,
    probe,
    begun: begunAtWindow,
    begunTotal: contender.state.begun,
    errors: contender.state.errors,
    closed: contender.state.closed,
    prepareMs,
    openedMs,
    stopMs,
    windowMs: wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    cpuUserMs: cpu.user / 1000,
    cpuSystemMs: cpu.system / 1000,
    cpuMsPerSessionSecond: (cpu.user + cpu.system) / 1000 / (sessions * (wallMs / 1000)),
    baseline,
    atWindowEnd,
    rssPerSessionBytes: (atWindowEnd.rss - baseline.rss) / sessions,
    loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
    loopDelayMaxMs: loopDelay.max / 1e6,
    pacerLateMaxMs: pacer.pacerLateMaxMs,
    profileFile: config.profileFile,
    ...summary,
  };
  await contender.teardown();
  return result;
}

async function main() {
  const config = JSON.parse(process.argv[2]);
  const hardStop = setTimeout(() => {
    process.stderr.write('contender: hard time limit reached\n');
    process.exit(3);
  }, config.hardLimitMs);
  hardStop.unref();
  const result = await run(config);
  process.send({ type: 'result', result }, () => process.exit(0));
}

main().catch((error) => {
  process.stderr.write(`contender: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
