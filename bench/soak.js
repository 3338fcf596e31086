'use strict';
// Soak: many transcriber nodes in a real (embedded) Node-RED stream audio in
// real time to the local simulator for a long time, with a fault injected
// every minute. Not part of npm test. Needs a build first (npm run build).
//
//   node --expose-gc bench/soak.js                 # 50 sessions, 30 minutes
//   node --expose-gc bench/soak.js --minutes 3     # a quick run
//   options: --sessions N --minutes M --fault-every S (seconds, default 60) --out FILE (JSON report)
//
// The simulator runs in a child process (this file, forked with --sim-child),
// so a "simulator restart" is a real process restart on the same port.
// Reports: crashes (errors that escaped to the process: must be 0), leaked
// sessions (open at the simulator after undeploy: must be 0), audio lost
// (written to a node but never received by a simulator; faults here are
// shorter than the 30 s buffer window, so any loss is outside it: audio in
// flight on a connection the server dropped), turns, and memory over time.
const { fork } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');

// ---- simulator child --------------------------------------------------------

function runSimChild() {
  const { startSimulator } = require(path.join(ROOT, 'dist', 'sim'));
  let sim;
  process.on('message', async ({ id, cmd, args }) => {
    try {
      let result;
      if (cmd === 'start') {
        sim = await startSimulator({ port: args.port });
        sim.setScript(['Turn on the kitchen lights.', 'Set a timer for ten minutes.', 'What is the weather like today?'], { loop: true });
        result = { url: sim.url, port: sim.port };
      } else if (cmd === 'faults') {
        sim.setFaults(args);
      } else if (cmd === 'stats') {
        result = sim.stats();
      } else if (cmd === 'shutdown') {
        await sim.close();
        result = sim.stats();
      }
      process.send({ id, result });
      if (cmd === 'shutdown') setImmediate(() => process.exit(0));
    } catch (error) {
      process.send({ id, error: String(error && error.stack ? error.stack : error) });
    }
  });
}

class SimHandle {
  constructor() {
    this.child = fork(__filename, ['--sim-child'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.pending = new Map();
    this.nextId = 1;
    this.child.on('message', (message) => {
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      if (message.error) waiter.reject(new Error(message.error));
      else waiter.resolve(message.result);
    });
    this.exited = new Promise((resolve) => this.child.once('exit', resolve));
  }

  call(cmd, args = {}) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ id, cmd, args });
    });
  }
}

/** The simulator across restarts: stats of every finished incarnation are kept. */
class SimFarm {
  constructor() {
    this.finished = [];
    this.current = undefined;
    this.port = 0;
    this.restarts = 0;
  }

  async start(faults) {
    this.current = new SimHandle();
    const { url, port } = await this.current.call('start', { port: this.port });
    this.port = port;
    this.url = url;
    if (faults) await this.current.call('faults', faults);
  }

  async stop() {
    const stats = await this.current.call('shutdown');
    await this.current.exited;
    this.finished.push(stats);
    this.current = undefined;
  }

  async restart(downMs, faults) {
    this.restarts++;
    await this.stop();
    await sleep(downMs);
    await this.start(faults);
  }

  faults(faults) {
    return this.current.call('faults', faults);
  }

  async totals() {
    const all = [...this.finished];
    if (this.current) all.push(await this.current.call('stats'));
    const sum = (key) => all.reduce((n, s) => n + s[key], 0);
    return {
      sessionsOpened: sum('sessionsOpened'),
      openNow: this.current ? all[all.length - 1].openNow : 0,
      terminatedCleanly: sum('terminatedCleanly'),
      samplesReceived: sum('samplesReceived'),
      framesRejected: sum('framesRejected'),
      finalTurnsSent: sum('finalTurnsSent'),
      authFailures: sum('authFailures'),
    };
  }
}

// ---- the soak -----------------------------------------------------------------

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function parseArgs(argv) {
  const options = { sessions: 50, minutes: 30, faultEvery: 60, out: undefined };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i];
    const value = argv[i + 1];
    if (name === '--sessions') options.sessions = Number(value);
    else if (name === '--minutes') options.minutes = Number(value);
    else if (name === '--fault-every') options.faultEvery = Number(value);
    else if (name === '--out') options.out = value;
    else continue;
    i++;
  }
  if (!(options.sessions > 0 && options.minutes > 0 && options.faultEvery > 0)) throw new Error('bad options');
  return options;
}

const SAMPLE_RATE = 16000;
const CHUNK_MS = 100;
const CHUNK_SAMPLES = (SAMPLE_RATE * CHUNK_MS) / 1000;
const KEY = 'soak-key-0d8e3b52a1f7';

/** 1 s of tone, 2 s of silence, repeated: a turn every 3 s. */
function chunkAt(index) {
  const bytes = Buffer.alloc(CHUNK_SAMPLES * 2);
  if (index % 30 < 10) {
    for (let i = 0; i < CHUNK_SAMPLES; i++) {
      const t = index * CHUNK_SAMPLES + i;
      bytes.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * t) / SAMPLE_RATE)), i * 2);
    }
  }
  return bytes;
}

function flowFor(url, sessions, generation) {
  const nodes = [
    { id: 'soak', type: 'tab', label: 'soak' },
    { id: 'acc', type: 'assemblyai-account', name: '', region: 'custom', customUrl: url },
  ];
  for (let i = 0; i < sessions; i++) {
    nodes.push({
      id: `tr${i}`,
      type: 'assemblyai-transcriber',
      z: 'soak',
      name: `soak ${i} gen ${generation[i] || 0}`,
      account: 'acc',
      speechModel: 'universal-streaming-english',
      policy: i % 2 === 0 ? 'always' : 'auto',
      idleSeconds: 10,
      maxTurnSilence: '800',
      wires: [['turns'], ['events']],
    });
  }
  nodes.push({ id: 'turns', type: 'junction', z: 'soak', wires: [] });
  nodes.push({ id: 'events', type: 'junction', z: 'soak', wires: [] });
  return nodes;
}

/** The faults, one per interval, in turn. Each returns when its effect has been set up and cleared. */
function faultPlan(farm, ctx) {
  const hold = 5000;
  return [
    { name: 'simulator process restart (2 s down)', run: () => farm.restart(2000) },
    {
      name: 'slow server (slowReads) for 5 s',
      run: async () => {
        await farm.faults({ slowReads: true });
        await sleep(hold);
        await farm.faults({ slowReads: false });
      },
    },
    {
      name: 'restart, then 3009 too many sessions for 5 s',
      run: async () => {
        await farm.restart(500, { tooManySessions: { fromSession: 1, code: 3009 } });
        await sleep(hold);
        await farm.faults({ tooManySessions: null });
      },
    },
    {
      name: 'restart, then stalled (no Begin) for 5 s',
      run: async () => {
        await farm.restart(500, { stall: true });
        await sleep(hold);
        await farm.faults({ stall: false });
      },
    },
    {
      name: 'restart, then 3005 one second after each Begin for 5 s',
      run: async () => {
        await farm.restart(500, { closeAfter: { afterMs: 1000, code: 3005, reason: 'Session Cancelled: An error occurred' } });
        await sleep(hold);
        await farm.faults({ closeAfter: null });
      },
    },
    {
      name: 'restart, then 3008 expiry two seconds after each Begin for 5 s',
      run: async () => {
        await farm.restart(500, {
          closeAfter: { afterMs: 2000, code: 3008, reason: 'Session Expired: Maximum session duration exceeded' },
        });
        await sleep(hold);
        await farm.faults({ closeAfter: null });
      },
    },
    {
      name: 'no Termination + redeploy of a quarter of the nodes',
      run: async () => {
        await farm.faults({ noTermination: true });
        await ctx.redeployQuarter();
        await sleep(1000);
        await farm.faults({ noTermination: false });
      },
    },
    {
      name: 'restart, then every socket destroyed 1.5 s after Begin for 5 s',
      run: async () => {
        await farm.restart(500, { destroyAfterMs: 1500 });
        await sleep(hold);
        await farm.faults({ destroyAfterMs: null });
      },
    },
  ];
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const gc = typeof global.gc === 'function' ? global.gc : undefined;
  const escaped = [];
  process.on('uncaughtException', (error) => escaped.push(`uncaughtException: ${error && error.stack}`));
  process.on('unhandledRejection', (reason) => escaped.push(`unhandledRejection: ${reason && reason.stack ? reason.stack : reason}`));

  const farm = new SimFarm();
  await farm.start();
  const { startNodeRed } = require(path.join(ROOT, 'test', 'reliability', 'fixtures', 'embedded-node-red.js'));
  const nr = await startNodeRed({
    logLevel: 'error',
    settings: { assemblyaiTranscriber: { connectTimeoutMs: 3000, retry: { initialDelayMs: 250, maxDelayMs: 4000 } } },
  });
  const generation = [];
  const credentials = { acc: { apiKey: KEY } };
  await nr.deploy(flowFor(farm.url, options.sessions, generation), credentials);

  let sentSamples = 0;
  let chunkIndex = 0;
  const ids = Array.from({ length: options.sessions }, (_, i) => `tr${i}`);
  const started = Date.now();
  const pace = setInterval(() => {
    const due = Math.floor((Date.now() - started) / CHUNK_MS);
    while (chunkIndex <= due) {
      const chunk = chunkAt(chunkIndex++);
      for (const id of ids) {
        const node = nr.RED.nodes.getNode(id);
        if (!node) continue;
        node.receive({ payload: chunk });
        sentSamples += CHUNK_SAMPLES;
      }
    }
  }, CHUNK_MS);

  const ctx = {
    async redeployQuarter() {
      for (let i = 0; i < options.sessions; i += 4) generation[i] = (generation[i] || 0) + 1;
      await nr.deploy(flowFor(farm.url, options.sessions, generation), credentials, 'nodes');
    },
  };
  const plan = faultPlan(farm, ctx);
  const faults = [];
  const memory = [];
  const sample = async (minute) => {
    if (gc) gc();
    const m = process.memoryUsage();
    const totals = await farm.totals();
    memory.push({
      minute,
      rssMiB: +(m.rss / 1048576).toFixed(1),
      heapUsedMiB: +(m.heapUsed / 1048576).toFixed(1),
      sent: sentSamples,
      received: totals.samplesReceived,
    });
    process.stderr.write(
      `soak ${minute.toFixed(1)} min: rss ${memory[memory.length - 1].rssMiB} MiB, heap ${memory[memory.length - 1].heapUsedMiB} MiB, lag ${((sentSamples - totals.samplesReceived) / SAMPLE_RATE).toFixed(1)} s of audio\n`,
    );
  };

  const endAt = started + options.minutes * 60000;
  await sample(0);
  for (let k = 1; Date.now() + 1000 < endAt; k++) {
    const faultAt = started + k * options.faultEvery * 1000 - options.faultEvery * 500;
    if (faultAt > endAt - 15000) break;
    await sleep(Math.max(0, faultAt - Date.now()));
    const fault = plan[(k - 1) % plan.length];
    const before = await farm.totals();
    const sentBefore = sentSamples;
    const t0 = Date.now();
    await fault.run();
    faults.push({
      at: +((t0 - started) / 60000).toFixed(2),
      name: fault.name,
      sentBefore,
      receivedBefore: before.samplesReceived,
      tookMs: Date.now() - t0,
    });
    await sleep(Math.max(0, started + k * options.faultEvery * 1000 - Date.now()));
    await sample((Date.now() - started) / 60000);
  }
  await sleep(Math.max(0, endAt - Date.now()));

  // Stop the audio, let everything held drain, then undeploy and count what is left open.
  clearInterval(pace);
  let drained = await farm.totals();
  for (let waited = 0; drained.samplesReceived < sentSamples && waited < 20000; waited += 250) {
    await sleep(250);
    drained = await farm.totals();
  }
  await nr.deploy([{ id: 'soak', type: 'tab', label: 'soak' }], {});
  await sleep(1000);
  const afterUndeploy = await farm.totals();
  await sample((Date.now() - started) / 60000);
  await nr.stop();
  await farm.stop();

  // Loss attributed to each fault: audio written from just before it to just before the next one, minus what arrived.
  for (let i = 0; i < faults.length; i++) {
    const next = faults[i + 1] || { sentBefore: sentSamples, receivedBefore: drained.samplesReceived };
    const lost = next.sentBefore - faults[i].sentBefore - (next.receivedBefore - faults[i].receivedBefore);
    faults[i].lostMsPerSession = +((Math.max(0, lost) / SAMPLE_RATE / options.sessions) * 1000).toFixed(1);
  }
  const lostSamples = sentSamples - drained.samplesReceived;
  const report = {
    options,
    durationMinutes: +((Date.now() - started) / 60000).toFixed(2),
    crashes: escaped.length,
    escaped: escaped.slice(0, 5),
    leakedSessions: afterUndeploy.openNow,
    sessionsOpened: afterUndeploy.sessionsOpened,
    terminatedCleanly: afterUndeploy.terminatedCleanly,
    simulatorRestarts: farm.restarts,
    audio: {
      sentSeconds: +(sentSamples / SAMPLE_RATE).toFixed(1),
      receivedSeconds: +(drained.samplesReceived / SAMPLE_RATE).toFixed(1),
      lostSeconds: +(lostSamples / SAMPLE_RATE).toFixed(2),
      lostPercent: +((100 * lostSamples) / sentSamples).toFixed(3),
      framesRejected: drained.framesRejected,
    },
    finalTurns: drained.finalTurnsSent,
    faults,
    memory,
    memoryGrowthMiB: {
      rss: +(memory[memory.length - 1].rssMiB - memory[0].rssMiB).toFixed(1),
      heapUsed: +(memory[memory.length - 1].heapUsedMiB - memory[0].heapUsedMiB).toFixed(1),
      heapUsedAfterFirstFault: memory.length > 2 ? +(memory[memory.length - 1].heapUsedMiB - memory[1].heapUsedMiB).toFixed(1) : undefined,
    },
    gcForced: gc !== undefined,
  };
  const text = JSON.stringify(report, null, 2);
  if (options.out) fs.writeFileSync(options.out, `${text}\n`);
  process.stdout.write(`${text}\n`);
  process.exit(report.crashes === 0 && report.leakedSessions === 0 ? 0 : 1);
}

if (process.argv.includes('--sim-child')) runSimChild();
else
  main().catch((error) => {
    process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
    process.exit(2);
  });
