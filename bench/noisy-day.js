'use strict';
// npm run bench -- --noisy-day [--scenes=a,b] [--gates=a,b] [--commands=6] [--background-minutes=10] [--measured-background-minutes=3] [--quick]
// The noisy-day cost run: for each scene (bench/lib/noisy-scenes.js) and each
// gate, billed seconds of a day as a share of always-on, commands lost and the
// gate's CPU per real-time stream as a share of one core.
// Billing and commands lost are MEASURED (bench/noisy-day-live.js, a child
// process): every scene x gate streams at real-time pace through the real
// StreamingSession to its own simulator, side by side; billed time is the
// simulator's (the session's meter beside it) and a command counts when its
// audio reached a connection and a final turn covering it came out
// (bench/lib/noisy-live-map.js). The day extrapolation is noisy-day-extrapolate.js.
// Gate CPU and a cross-check come from the model (bench/lib/noisy-policy.js),
// run here meanwhile: the gate fed the scene (and --background-minutes of its
// background) as fast as it can rate it, the auto policy modelled frame by frame.
// Writes bench/results/<stamp>-noisy-day.json.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { SCENE_NAMES, buildScene, buildBackground } = require('./lib/noisy-scenes');
const { speechUnavailable } = require('./lib/noisy-speech');
const { toPcm16, pink, SAMPLE_RATE } = require('./lib/noisy-synth');
const { runPolicy, toFrames, lostCommands } = require('./lib/noisy-policy');
const { extrapolateNoisyDay, DAY_COMMANDS } = require('./lib/noisy-day-extrapolate');
const { startChild } = require('./lib/child');
const { judgeGates, chooseDefault, printReport } = require('./lib/noisy-report');

const ROOT = path.resolve(__dirname, '..');
const RESULTS = path.join(__dirname, 'results');
const GATES = ['always', 'energy', 'adaptive', 'neural'];
const FRAME_MS = 50;
const GATE_MIN_SPEECH_MS = 80; // src/session/audio-pipeline.ts: the energy gate's minSpeechMs

const USAGE = `Usage: npm run bench -- --noisy-day [flags]
  --scenes=LIST     any of ${SCENE_NAMES.join(',')} (default: all)
  --gates=LIST      any of ${GATES.join(',')} (default: all; always is the reference and is always run)
  --commands=6      commands per scene
  --background-minutes=10   background alone per scene for the model (and the CPU figure)
  --measured-background-minutes=3   background alone per scene and gate, streamed at real time
  --quick           2 commands per scene, 3 minutes of background (model), 1 minute (measured)
`;

function parse(argv) {
  const o = { scenes: SCENE_NAMES, gates: GATES, commands: 6, backgroundMinutes: 10, measuredBackgroundMinutes: 3 };
  for (const arg of argv) {
    const [flag, value] = arg.split('=');
    const list = (all) => {
      const items = String(value || '')
        .split(',')
        .filter(Boolean);
      const bad = items.filter((i) => !all.includes(i));
      if (items.length === 0 || bad.length > 0) throw new Error(`${flag} takes a list of ${all.join(', ')}`);
      return all.filter((i) => items.includes(i));
    };
    if (flag === '--scenes') o.scenes = list(SCENE_NAMES);
    else if (flag === '--gates') o.gates = list(GATES);
    else if (flag === '--commands') {
      o.commands = Number(value);
      if (!Number.isInteger(o.commands) || o.commands < 1) throw new Error('--commands needs a whole number above 0');
    } else if (flag === '--background-minutes') {
      o.backgroundMinutes = Number(value);
      if (!(o.backgroundMinutes > 0)) throw new Error('--background-minutes needs a number above 0');
    } else if (flag === '--measured-background-minutes') {
      o.measuredBackgroundMinutes = Number(value);
      if (!(o.measuredBackgroundMinutes > 0)) throw new Error('--measured-background-minutes needs a number above 0');
    } else if (flag === '--quick') {
      o.commands = 2;
      o.backgroundMinutes = 3;
      o.measuredBackgroundMinutes = 1;
    } else if (flag === '-h' || flag === '--help') o.help = true;
    else throw new Error(`unknown flag ${arg}`);
  }
  if (!o.gates.includes('always')) o.gates = ['always', ...o.gates];
  return o;
}

async function makeGates(names, preRollMs, log) {
  const format = { sampleRate: SAMPLE_RATE, encoding: 'pcm_s16le' };
  const { SpeechGate } = require('../dist/session/speech-gate');
  const { DEFAULTS } = require('../dist/session/options');
  const { AdaptiveGate } = require('../dist/audio/adaptive-gate');
  const makers = {
    always: () => undefined,
    energy: () => ({
      gate: new SpeechGate({ ...format, thresholdDbfs: DEFAULTS.speechThresholdDbfs, minSpeechMs: GATE_MIN_SPEECH_MS, preRollMs }),
    }),
    adaptive: () => ({ gate: new AdaptiveGate({ ...format, preRollMs }) }),
  };
  const out = {};
  if (names.includes('neural')) {
    const { SileroGate } = require('../dist/audio/silero-gate');
    const t0 = performance.now();
    const rss0 = process.memoryUsage().rss;
    try {
      await SileroGate.create({ ...format, preRollMs });
      out.neuralLoad = { loadMs: Math.round(performance.now() - t0), rssMiB: Math.round((process.memoryUsage().rss - rss0) / 2 ** 20) };
      makers.neural = async () => {
        const gate = await SileroGate.create({ ...format, preRollMs });
        return { gate, settle: () => gate.settled() };
      };
    } catch (error) {
      log(`neural: not run: ${error.message}`);
      out.neuralUnavailable = error.message;
    }
  }
  out.makers = makers;
  return out;
}

/**
 * Rates noise through each gate before anything is measured, so JIT and the
 * WebAssembly tier-up are done: the neural gate costs about twice as much CPU
 * in its first two minutes of audio (measured: 2.6 % then 1.2-1.4 % of a core).
 */
async function warmUp(makers) {
  for (const name of Object.keys(makers)) {
    const frames = toFrames(toPcm16(pink(name === 'neural' ? 180 : 30, -40, 99)), SAMPLE_RATE, FRAME_MS);
    const made = await makers[name]();
    if (made) await runPolicy({ frames, frameMs: FRAME_MS, idleMs: 10000, gate: made.gate, settle: made.settle });
  }
}

function lowerOwnPriority() {
  let before;
  try {
    before = os.getPriority();
    os.setPriority(Math.min(19, before + 10));
  } catch {
    before = undefined; // not allowed here: the run goes on at the same priority
  }
  return {
    restore() {
      try {
        if (before !== undefined) os.setPriority(before);
      } catch {
        // raising it back needs a privilege this process may not have
      }
    },
  };
}

/** The measured run in its own process; resolves with its result, bounded by boundMs. */
function startMeasured(options, boundMs) {
  const handle = startChild(path.join(__dirname, 'noisy-day-live.js'), { args: [JSON.stringify(options)], label: 'noisy-day-live' });
  const result = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the measured run took over ${Math.round(boundMs / 1000)} s`)), boundMs);
    const settle = (fn, value) => {
      clearTimeout(timer);
      fn(value);
    };
    handle.child.on('message', (message) => {
      if (message && message.type === 'measured') settle(resolve, message.result);
      if (message && message.type === 'failed') settle(reject, new Error(`the measured run failed: ${message.message}`));
    });
    handle.exited.then(({ code, signal }) =>
      settle(reject, new Error(`the measured run exited (code ${code}, signal ${signal})\n${handle.stderr().slice(-3000)}`)),
    );
  });
  result.catch(() => {}); // awaited later; a failure meanwhile must not count as unhandled
  return { result, stop: () => handle.stop(5000) };
}

/** The model of one scene x gate: its gate CPU, and its billing and losses as a cross-check. */
async function modelRow({ sceneName, scene, frames, backgroundFrames, made, alone, idleMs, o }) {
  const samplesPerFrame = (SAMPLE_RATE * FRAME_MS) / 1000;
  const result = await runPolicy({ frames, frameMs: FRAME_MS, idleMs, gate: made && made.gate, settle: made && made.settle });
  const background = await runPolicy({
    frames: backgroundFrames,
    frameMs: FRAME_MS,
    idleMs,
    gate: alone && alone.gate,
    settle: alone && alone.settle,
  });
  const backgroundShare = background.billed.reduce((a, b) => a + b, 0) / background.billed.length;
  const day = extrapolateNoisyDay({
    billed: result.billed,
    commands: scene.commands,
    samplesPerFrame,
    frameMs: FRAME_MS,
    idleMs,
    backgroundShare,
  });
  const audioSeconds = scene.seconds + o.backgroundMinutes * 60;
  return {
    scenario: sceneName,
    gateCpuPerStream: (result.gateCpuMs + background.gateCpuMs) / (audioSeconds * 1000),
    modelBilledShareOfAlways: day.shareOfDay,
    modelCommandsLost: lostCommands(scene.commands, result.sent, samplesPerFrame).length,
    modelSceneBilledSeconds: (result.billed.reduce((a, b) => a + b, 0) * FRAME_MS) / 1000,
    modelSessions: result.sessions.length,
    modelBackgroundBilledShare: +backgroundShare.toFixed(4),
    modelBackgroundFalseOpens: background.sessions.length,
  };
}

async function main(argv, log = (l) => process.stdout.write(`${l}\n`)) {
  let o;
  try {
    o = parse(argv);
  } catch (error) {
    process.stderr.write(`noisy-day: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (o.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const missing = speechUnavailable();
  if (missing) {
    process.stderr.write(`noisy-day: cannot make the scenes: ${missing}\n`);
    return 2;
  }
  if (!fs.existsSync(path.join(ROOT, 'dist', 'nodes', 'assemblyai-transcriber', 'speech-gate-choice.js'))) {
    process.stderr.write('noisy-day: dist/ is missing or old; run `npm run build` first (npm run bench does)\n');
    return 2;
  }
  const { DEFAULTS } = require('../dist/session/options');
  const idleMs = DEFAULTS.idleSeconds * 1000;
  const preRollMs = DEFAULTS.preRollMs;
  const scenes = o.scenes.map((name) => ({ name, scene: buildScene(name, { commandCount: o.commands }) }));
  const longest = Math.max(...scenes.map((s) => s.scene.seconds), o.measuredBackgroundMinutes * 60);
  // Measured first: it runs at real time in its own process while the model runs here.
  const measured = startMeasured(
    { scenes: o.scenes, gates: o.gates, commands: o.commands, backgroundSeconds: o.measuredBackgroundMinutes * 60 },
    (longest + DEFAULTS.idleSeconds + 240) * 1000,
  );
  // The model below is CPU-bound; the measured streams must keep real time, so this process yields to them.
  const priority = lowerOwnPriority();
  log(
    `noisy-day: ${o.scenes.length} scenes x ${o.gates.length} gates, ${o.commands} commands per scene; measured: real StreamingSession -> simulator at real time (${Math.round(longest)} s), ${o.measuredBackgroundMinutes} min of background alone per gate; model: ${o.backgroundMinutes} min of background; auto: idle close ${DEFAULTS.idleSeconds} s, pre-roll ${preRollMs} ms`,
  );
  let measuredResult;
  const modelRows = [];
  let gates;
  try {
    gates = await makeGates(o.gates, preRollMs, log);
    await warmUp(gates.makers);
    for (const { name, scene } of scenes) {
      const frames = toFrames(toPcm16(scene.samples), SAMPLE_RATE, FRAME_MS);
      const backgroundFrames = toFrames(toPcm16(buildBackground(name, o.backgroundMinutes * 60)), SAMPLE_RATE, FRAME_MS);
      for (const gateName of o.gates.filter((g) => gates.makers[g])) {
        const made = await gates.makers[gateName]();
        const alone = await gates.makers[gateName]();
        modelRows.push({
          gate: gateName,
          ...(await modelRow({ sceneName: name, scene, frames, backgroundFrames, made, alone, idleMs, o })),
        });
      }
      log(`  model done: ${name}`);
    }
    log('  waiting for the measured run (real time)...');
    measuredResult = await measured.result;
  } finally {
    await measured.stop();
    priority.restore();
  }

  const rows = [];
  for (const m of measuredResult.rows) {
    const model = modelRows.find((r) => r.scenario === m.scenario && r.gate === m.gate);
    if (!model) continue; // a gate the model could not run (neural unavailable here) has no CPU figure
    rows.push({
      scenario: m.scenario,
      gate: m.gate,
      isDefault: false,
      billedShareOfAlways: m.billedShareOfAlways,
      commandsLost: m.commandsLost,
      gateCpuPerStream: model.gateCpuPerStream,
      ...m,
      ...model,
    });
  }
  const gateNames = o.gates.filter((g) => rows.some((r) => r.gate === g));
  const judged = judgeGates(rows, gateNames);
  const chosen = chooseDefault(judged);
  if (chosen) for (const r of rows) r.isDefault = r.gate === chosen.gate;
  printReport(log, { rows, scenes: o.scenes, gateNames, judged, chosen, dayCommands: DAY_COMMANDS, neuralLoad: gates.neuralLoad });
  for (const note of measuredResult.notes) log(`  measured run: ${note}`);
  log(
    `  measured run: ${measuredResult.streams} streams side by side; its event-loop delay p99 ${measuredResult.eventLoop.p99Ms} ms, max ${measuredResult.eventLoop.maxMs} ms`,
  );

  fs.mkdirSync(RESULTS, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = path.join(RESULTS, `${stamp}-noisy-day.json`);
  const out = {
    startedAt: new Date().toISOString(),
    method:
      "measured: each scene x gate streamed at real time through the real StreamingSession (policy auto, openOn speech, the gate from the speechGate option; always: policy always) to its own simulator; billedShareOfAlways from the simulator connections' Begin-to-close time (sim stats and the session meter beside it), extrapolated to a day by bench/lib/noisy-day-extrapolate.js; commandsLost: audio not received by a connection, or no final turn covering it (bench/lib/noisy-live-map.js). gateCpuPerStream and model* fields: the frame-by-frame policy model (bench/lib/noisy-policy.js), a cross-check.",
    idleSeconds: DEFAULTS.idleSeconds,
    preRollMs,
    frameMs: FRAME_MS,
    commandsPerScene: o.commands,
    backgroundMinutes: o.backgroundMinutes,
    measuredBackgroundMinutes: o.measuredBackgroundMinutes,
    dayCommands: DAY_COMMANDS,
    neuralLoad: gates.neuralLoad,
    neuralUnavailable: gates.neuralUnavailable,
    measuredNotes: measuredResult.notes,
    measuredStreams: measuredResult.streams,
    measuredEventLoop: measuredResult.eventLoop,
    defaultGate: chosen ? chosen.gate : null,
    judged,
    rows,
  };
  fs.writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  log(`results: ${path.relative(ROOT, file)} (${rows.length} rows)`);
  return 0;
}

module.exports = { main, parse };

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`noisy-day: ${error.stack || error}\n`);
      process.exitCode = 1;
    },
  );
}
