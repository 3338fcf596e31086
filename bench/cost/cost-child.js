'use strict';
// The sparse-day cost run, in its own process: one transcriber per session
// policy in an embedded Node-RED runtime (source -> transcriber -> turn filter
// -> sink), each against its own simulator process (relayed by the parent), all
// fed the same compressed day of voice commands at real-time pace.
const { loadDemoAudio } = require('../lib/audio');
const { CHECK_AHEAD_SECONDS } = require('./day-plan');
const { startNodeRed } = require('../lib/node-red-runtime');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---- simulator requests, relayed by the parent ----------------------------
let nextRequest = 1;
const waiting = new Map();
process.on('message', (message) => {
  if (!message || message.type !== 'sim-reply') return;
  const waiter = waiting.get(message.requestId);
  if (!waiter) return;
  waiting.delete(message.requestId);
  clearTimeout(waiter.timer);
  if (message.error) waiter.reject(new Error(message.error));
  else waiter.resolve(message.result);
});
function simRequest(policyKey, cmd, args = {}) {
  const requestId = nextRequest++;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      waiting.delete(requestId);
      reject(new Error(`simulator ${policyKey}: no answer to ${cmd}`));
    }, 10000);
    waiting.set(requestId, { resolve, reject, timer });
    process.send({ type: 'sim-request', requestId, policyKey, cmd, args });
  });
}

// ---- the flow ---------------------------------------------------------------
function buildFlow(policies, idleSeconds) {
  const flow = [
    { id: 'cost-tab', type: 'tab', label: 'cost' },
    {
      id: 'cost-sink',
      type: 'debug',
      z: 'cost-tab',
      active: false,
      tosidebar: false,
      console: false,
      tostatus: false,
      complete: 'payload',
      wires: [],
    },
  ];
  for (const p of policies) {
    if (p.driver !== 'node-red') continue;
    flow.push(
      {
        id: `acc-${p.key}`,
        type: 'assemblyai-account',
        name: p.key,
        region: 'custom',
        customUrl: p.simUrl,
        caCert: p.simCertPem,
        credentials: { apiKey: 'bench-cost-key' },
      },
      {
        id: `src-${p.key}`,
        type: 'inject',
        z: 'cost-tab',
        name: '',
        props: [],
        repeat: '',
        crontab: '',
        once: false,
        wires: [[`tr-${p.key}`]],
      },
      {
        id: `tr-${p.key}`,
        type: 'assemblyai-transcriber',
        z: 'cost-tab',
        name: p.key,
        account: `acc-${p.key}`,
        speechModel: 'universal-streaming-english',
        sampleRate: 16000,
        encoding: 'pcm_s16le',
        frameMs: 50,
        policy: p.policy,
        idleSeconds,
        ...(p.openOn ? { openOn: p.openOn } : {}),
        wires: [[`flt-${p.key}`], ['cost-sink']],
      },
      {
        id: `flt-${p.key}`,
        type: 'assemblyai-turn-filter',
        z: 'cost-tab',
        name: '',
        stage: 'final',
        rules: [],
        otherwise: true,
        outputs: 1,
        wires: [['cost-sink']],
      },
    );
  }
  return flow;
}

/** Drives one policy's transcriber: through Node-RED, or (openOn fallback) the session library. */
function nodeRedDriver(runtime, p) {
  const source = runtime.getNode(`src-${p.key}`);
  if (!source) throw new Error(`source for ${p.key} did not start`);
  return {
    audio: (frame) => source.send({ payload: frame }),
    action: (action) => source.send({ action }),
    close: async () => undefined,
  };
}

function sessionDriver(p, record, idleSeconds) {
  const { StreamingSession } = require('../../dist/session');
  const session = new StreamingSession({
    url: p.simUrl,
    tls: { ca: p.simCertPem },
    apiKey: 'bench-cost-key',
    params: { speech_model: 'universal-streaming-english' },
    policy: p.policy,
    idleSeconds,
    openOn: p.openOn,
  });
  session.on('turn', (turn) => {
    if (turn.final) record.finals.push(turn.transcript);
  });
  session.on('begin', () => record.begins++);
  session.on('closed', () => record.closed++);
  session.on('error', (error) => record.errors.push(error.message));
  return {
    audio: (frame) => session.write(frame),
    action: (action) => (action === 'start' ? session.start().catch(() => undefined) : action === 'stop' ? session.stop() : undefined),
    close: () => session.close(),
  };
}

async function run(config) {
  const audio = loadDemoAudio();
  const { policies, commandCount, gapMs, idleSeconds } = config;
  const frameMs = audio.frameMs;
  const commands = Array.from({ length: commandCount }, (_, c) => audio.commands[c % audio.commands.length]);
  const gapFrames = Math.round(gapMs / frameMs);
  const leadFrames = Math.round(3000 / frameMs);
  const starts = [];
  let cursor = leadFrames;
  for (const command of commands) {
    starts.push(cursor);
    cursor += command.frames.length + gapFrames;
  }
  const totalFrames = cursor;
  const checkAhead = Math.round((CHECK_AHEAD_SECONDS * 1000) / frameMs);

  const records = new Map(
    policies.map((p) => [p.key, { finals: [], begins: 0, closed: 0, errors: [], gapsChecked: 0, gapsClosed: 0, framesSent: 0 }]),
  );
  const byTranscriber = new Map(policies.map((p) => [`tr-${p.key}`, p.key]));
  const byFilter = new Map(policies.map((p) => [`flt-${p.key}`, p.key]));

  const runtime = await startNodeRed();
  runtime.RED.hooks.add('onSend.benchCost', (events) => {
    for (const event of events) {
      const id = event.source.id;
      const filterOf = byFilter.get(id);
      if (filterOf) {
        records.get(filterOf).finals.push(event.msg.turn.transcript);
        continue;
      }
      const key = byTranscriber.get(id);
      if (!key || event.source.port !== 1) continue;
      const record = records.get(key);
      if (event.msg.topic === 'begin') record.begins++;
      else if (event.msg.topic === 'closed') record.closed++;
      else if (event.msg.topic === 'error') record.errors.push(String(event.msg.payload && event.msg.payload.message));
    }
  });
  const deployedAt = performance.now();
  await runtime.deploy(buildFlow(policies, idleSeconds));
  const drivers = new Map();
  for (const p of policies) {
    drivers.set(p.key, p.driver === 'node-red' ? nodeRedDriver(runtime, p) : sessionDriver(p, records.get(p.key), idleSeconds));
  }
  // 'always' opens at deploy: wait (bounded) for its Begin before the day starts.
  const deadline = performance.now() + 15000;
  while (policies.some((p) => p.policy === 'always' && records.get(p.key).begins === 0) && performance.now() < deadline) await sleep(50);

  const texts = commands.map((command) => command.text);
  const prepareCommand = async (c) => {
    for (const p of policies) {
      if (!p.perCommand) continue;
      const record = records.get(p.key);
      if (c > 0) {
        const stats = await simRequest(p.key, 'stats');
        record.gapsChecked++;
        if (stats.openNow === 0) record.gapsClosed++;
      }
      // The next session this policy opens says the commands from c on, in order.
      await simRequest(p.key, 'setScript', { utterances: texts.slice(c), options: { target: 'next' } });
    }
  };
  await prepareCommand(0);

  const t0 = performance.now();
  let pending = Promise.resolve();
  for (let f = 0; f < totalFrames; f++) {
    const wait = t0 + f * frameMs - performance.now();
    if (wait > 0) await sleep(wait);
    const c = starts.findIndex((start, index) => f >= start && f < start + commands[index].frames.length);
    const next = starts.findIndex((start) => start - checkAhead === f);
    if (next > 0) pending = pending.then(() => prepareCommand(next)).catch((error) => process.stderr.write(`cost: ${error.message}\n`));
    for (const p of policies) {
      const driver = drivers.get(p.key);
      if (p.policy === 'manual' && c >= 0 && f === starts[c]) driver.action('start');
      const frame = c >= 0 ? commands[c].frames[f - starts[c]] : p.source === 'continuous' ? audio.silence : undefined;
      if (frame) {
        driver.audio(frame);
        records.get(p.key).framesSent++;
      }
      if (p.policy === 'manual' && c < 0 && starts.some((start, index) => f === start + commands[index].frames.length))
        driver.action('stop');
    }
  }
  await pending;
  const stoppedAt = performance.now();
  for (const p of policies) if (p.policy !== 'manual') drivers.get(p.key).action('stop');
  const stopDeadline = performance.now() + 15000;
  while (policies.some((p) => records.get(p.key).closed < records.get(p.key).begins) && performance.now() < stopDeadline) await sleep(50);
  await sleep(500);

  const results = [];
  for (const p of policies) {
    const stats = await simRequest(p.key, 'stats');
    const record = records.get(p.key);
    const wallStart = p.policy === 'always' ? deployedAt : t0;
    results.push({
      key: p.key,
      label: p.label,
      policy: p.policy,
      source: p.source,
      openOn: p.openOn,
      driver: p.driver,
      perCommand: p.perCommand,
      commands: commandCount,
      spokenTexts: texts,
      finals: record.finals,
      begins: record.begins,
      errors: record.errors.slice(0, 5),
      gapsChecked: record.gapsChecked,
      gapsClosed: record.gapsClosed,
      audioSecondsSent: (record.framesSent * frameMs) / 1000,
      audioSecondsReceived: stats.audioSeconds,
      sessionsOpened: stats.sessionsOpened,
      billedSeconds: stats.billedSeconds,
      wallSeconds: (stoppedAt - wallStart) / 1000,
    });
  }
  for (const driver of drivers.values()) await driver.close();
  await runtime.stop();
  return { gapMs, idleSeconds, commandCount, results };
}

run(JSON.parse(process.argv[2])).then(
  (result) => process.send({ type: 'result', result }, () => process.exit(0)),
  (error) => {
    process.stderr.write(`cost: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
