'use strict';
// npm run bench -- --noisy-day [--scenes=a,b] [--gates=a,b] [--commands=6] [--background-minutes=10] [--quick]
// The noisy-day cost run: for each scene (bench/lib/noisy-scenes.js) and each
// gate, billed seconds of a day as a share of always-on, commands lost (a
// command whose spoken audio did not wholly reach a session) and the gate's
// CPU per real-time stream as a share of one core. The auto policy is
// modelled on the session's rules (bench/lib/noisy-policy.js), fed the scene
// as fast as the gate can rate it; what the background alone bills is measured
// on a longer stretch of it (--background-minutes). Writes bench/results/<stamp>-noisy-day.json.
const fs = require('node:fs');
const path = require('node:path');
const { SCENE_NAMES, buildScene, buildBackground } = require('./lib/noisy-scenes');
const { speechUnavailable } = require('./lib/noisy-speech');
const { toPcm16, pink, SAMPLE_RATE } = require('./lib/noisy-synth');
const { runPolicy, toFrames, lostCommands } = require('./lib/noisy-policy');
const { extrapolateNoisyDay, DAY_COMMANDS } = require('./lib/noisy-day-extrapolate');

const ROOT = path.resolve(__dirname, '..');
const RESULTS = path.join(__dirname, 'results');
const GATES = ['always', 'energy', 'adaptive', 'neural'];
const FRAME_MS = 50;
const GATE_MIN_SPEECH_MS = 80; // src/session/streaming-session.ts: the energy gate's minSpeechMs
const GOAL = { share: 0.15, lost: 0, cpu: 0.02 };

const USAGE = `Usage: npm run bench -- --noisy-day [flags]
  --scenes=LIST     any of ${SCENE_NAMES.join(',')} (default: all)
  --gates=LIST      any of ${GATES.join(',')} (default: all; always is the reference and is always run)
  --commands=6      commands per scene
  --background-minutes=10   background alone per scene, for its false-open share
  --quick           2 commands per scene, 3 minutes of background
`;

function parse(argv) {
  const o = { scenes: SCENE_NAMES, gates: GATES, commands: 6, backgroundMinutes: 10 };
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
    } else if (flag === '--quick') {
      o.commands = 2;
      o.backgroundMinutes = 3;
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

function pct(x) {
  return `${(100 * x).toFixed(x < 0.1 ? 2 : 1)} %`;
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
  if (!fs.existsSync(path.join(ROOT, 'dist', 'audio', 'adaptive-gate.js'))) {
    process.stderr.write('noisy-day: dist/ is missing or old; run `npm run build` first (npm run bench does)\n');
    return 2;
  }
  const { DEFAULTS } = require('../dist/session/options');
  const idleMs = DEFAULTS.idleSeconds * 1000;
  const preRollMs = DEFAULTS.preRollMs;
  const gates = await makeGates(o.gates, preRollMs, log);
  const gateNames = o.gates.filter((g) => gates.makers[g]);
  await warmUp(gates.makers);
  log(
    `noisy-day: ${o.scenes.length} scenes x ${gateNames.length} gates, ${o.commands} commands per scene, ${o.backgroundMinutes} min of background alone; auto: idle close ${DEFAULTS.idleSeconds} s, pre-roll ${preRollMs} ms`,
  );

  const rows = [];
  const samplesPerFrame = (SAMPLE_RATE * FRAME_MS) / 1000;
  for (const sceneName of o.scenes) {
    const scene = buildScene(sceneName, { commandCount: o.commands });
    const frames = toFrames(toPcm16(scene.samples), SAMPLE_RATE, FRAME_MS);
    const backgroundFrames = toFrames(toPcm16(buildBackground(sceneName, o.backgroundMinutes * 60)), SAMPLE_RATE, FRAME_MS);
    const sceneRows = [];
    for (const gateName of gateNames) {
      const made = await gates.makers[gateName]();
      const result = await runPolicy({ frames, frameMs: FRAME_MS, idleMs, gate: made && made.gate, settle: made && made.settle });
      const alone = await gates.makers[gateName]();
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
      const lost = lostCommands(scene.commands, result.sent, samplesPerFrame);
      const billedSeconds = (result.billed.reduce((a, b) => a + b, 0) * FRAME_MS) / 1000;
      const withCommand = result.sessions.filter(([a, b]) =>
        scene.commands.some((c) => (c.end / SAMPLE_RATE) * 1000 >= a - preRollMs && (c.onset / SAMPLE_RATE) * 1000 <= b),
      );
      sceneRows.push({
        scenario: sceneName,
        gate: gateName,
        isDefault: false,
        billedShareOfAlways: day.shareOfDay,
        commandsLost: lost.length,
        gateCpuPerStream: (result.gateCpuMs + background.gateCpuMs) / (audioSeconds * 1000),
        runBilledShare: billedSeconds / scene.seconds,
        billedSecondsPerDay: Math.round(day.billedPerDay),
        perCommandSeconds: +day.perCommandSeconds.toFixed(2),
        backgroundBilledShare: +day.backgroundBilledShare.toFixed(4),
        runBackgroundShare: +day.runBackgroundShare.toFixed(4),
        backgroundFalseOpens: background.sessions.length,
        sessions: result.sessions.length,
        sessionsWithoutCommand: result.sessions.length - withCommand.length,
        lost: lost.map((c) => c.text),
        sceneSeconds: +scene.seconds.toFixed(1),
      });
    }
    rows.push(...sceneRows);
    log(
      `  ${sceneName}: ${sceneRows.map((r) => `${r.gate} ${pct(r.billedShareOfAlways)}${r.commandsLost ? ` (${r.commandsLost} lost)` : ''}`).join(', ')}`,
    );
  }

  // The default: of the gates that lose no command anywhere and stay within the
  // CPU goal, the one with the lowest worst-scene share (TV talk aside).
  const candidates = gateNames.filter((g) => g !== 'always');
  const judge = (g) => {
    const own = rows.filter((r) => r.gate === g);
    return {
      gate: g,
      lost: own.reduce((a, r) => a + r.commandsLost, 0),
      worstShare: Math.max(...own.filter((r) => r.scenario !== 'tv').map((r) => r.billedShareOfAlways)),
      worstCpu: Math.max(...own.map((r) => r.gateCpuPerStream)),
    };
  };
  const judged = candidates.map(judge);
  const eligible = judged.filter((j) => j.lost === 0 && j.worstCpu <= GOAL.cpu).sort((a, b) => a.worstShare - b.worstShare);
  const chosen = eligible[0];
  if (chosen) for (const r of rows) r.isDefault = r.gate === chosen.gate;

  log('');
  log(
    `Noisy day: billed share of always-on (a day of ${DAY_COMMANDS} commands, background all day) / commands lost / gate CPU per stream (share of one core)`,
  );
  const header = ['scene', ...gateNames.map((g) => (chosen && g === chosen.gate ? `${g} (default)` : g))];
  const table = [header];
  for (const sceneName of o.scenes) {
    table.push([
      sceneName,
      ...gateNames.map((g) => {
        const r = rows.find((x) => x.scenario === sceneName && x.gate === g);
        return `${pct(r.billedShareOfAlways)} / ${r.commandsLost} / ${pct(r.gateCpuPerStream)}`;
      }),
    ]);
  }
  const widths = header.map((_, c) => Math.max(...table.map((row) => row[c].length)));
  for (const row of table) log(`  ${row.map((cell, c) => cell.padEnd(widths[c])).join('  ')}`);
  log('');
  for (const j of judged) {
    const met = j.lost === 0 && j.worstShare <= GOAL.share && j.worstCpu <= GOAL.cpu;
    log(
      `  ${j.gate}: worst share (TV aside) ${pct(j.worstShare)}, ${j.lost} commands lost, worst CPU ${pct(j.worstCpu)}: goal ${met ? 'met' : 'MISSED'}`,
    );
  }
  if (gates.neuralLoad)
    log(`  neural: model load ${gates.neuralLoad.loadMs} ms, +${gates.neuralLoad.rssMiB} MiB RSS (onnxruntime-web, WebAssembly, 1 thread)`);
  log(
    chosen
      ? `  default by the rule (0 lost, CPU within goal, lowest worst share): ${chosen.gate}`
      : '  no gate meets 0 lost within the CPU goal',
  );

  fs.mkdirSync(RESULTS, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = path.join(RESULTS, `${stamp}-noisy-day.json`);
  const out = {
    startedAt: new Date().toISOString(),
    method:
      'auto policy modelled on StreamingSession rules (bench/lib/noisy-policy.js); day extrapolation in bench/lib/noisy-day-extrapolate.js',
    idleSeconds: DEFAULTS.idleSeconds,
    preRollMs,
    frameMs: FRAME_MS,
    commandsPerScene: o.commands,
    backgroundMinutes: o.backgroundMinutes,
    dayCommands: DAY_COMMANDS,
    neuralLoad: gates.neuralLoad,
    neuralUnavailable: gates.neuralUnavailable,
    defaultGate: chosen ? chosen.gate : null,
    judged,
    rows,
  };
  fs.writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  log(`results: ${path.relative(ROOT, file)}`);
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
