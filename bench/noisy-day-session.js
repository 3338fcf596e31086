'use strict';
// Cross-check of the noisy-day model (bench/lib/noisy-policy.js) against the
// real thing: the real StreamingSession (auto, openOn 'speech', so today's
// energy gate with default settings) streaming a scene at real-time pace to
// the package's simulator on 127.0.0.1. Prints the simulator's billed seconds
// and sessions next to the model's for the same scene and gate.
// node bench/noisy-day-session.js [--scenes=quiet,fan-45] [--commands=2]   (after npm run build; about 70 s per scene, scenes run side by side)
const { buildScene } = require('./lib/noisy-scenes');
const { toPcm16, SAMPLE_RATE } = require('./lib/noisy-synth');
const { runPolicy, toFrames } = require('./lib/noisy-policy');

const FRAME_MS = 50;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function realSession(frames) {
  const { startSimulator } = require('../dist/sim');
  const { StreamingSession } = require('../dist/session');
  const sim = await startSimulator({ host: '127.0.0.1', port: 0 });
  const errors = [];
  const session = new StreamingSession({
    url: sim.url,
    apiKey: 'bench-noisy-key',
    params: { speech_model: 'universal-streaming-english' },
    policy: 'auto',
    openOn: 'speech',
  });
  session.on('error', (e) => errors.push(e.message));
  try {
    const t0 = performance.now();
    for (let i = 0; i < frames.length; i++) {
      const wait = t0 + i * FRAME_MS - performance.now();
      if (wait > 0) await sleep(wait);
      session.write(frames[i]);
    }
    const deadline = performance.now() + 20000; // let the last session close on idle
    while (sim.stats().openNow > 0 && performance.now() < deadline) await sleep(100);
    const stats = sim.stats();
    return { billedSeconds: stats.billedSeconds, sessions: stats.sessionsOpened, audioSeconds: stats.audioSeconds, errors };
  } finally {
    await session.close();
    await sim.close();
  }
}

async function main(argv) {
  let scenes = ['quiet', 'fan-45'];
  let commands = 2;
  for (const arg of argv) {
    const [flag, value] = arg.split('=');
    if (flag === '--scenes') scenes = value.split(',');
    else if (flag === '--commands') commands = Number(value);
    else throw new Error(`unknown flag ${arg}`);
  }
  const { SpeechGate } = require('../dist/session/speech-gate');
  const { DEFAULTS } = require('../dist/session/options');
  const rows = await Promise.all(
    scenes.map(async (name) => {
      const scene = buildScene(name, { commandCount: commands });
      const frames = toFrames(toPcm16(scene.samples), SAMPLE_RATE, FRAME_MS);
      const gate = new SpeechGate({
        sampleRate: SAMPLE_RATE,
        encoding: 'pcm_s16le',
        thresholdDbfs: DEFAULTS.speechThresholdDbfs,
        minSpeechMs: 80,
        preRollMs: DEFAULTS.preRollMs,
      });
      const model = await runPolicy({ frames, frameMs: FRAME_MS, idleMs: DEFAULTS.idleSeconds * 1000, gate });
      const real = await realSession(frames);
      return {
        scene: name,
        seconds: +scene.seconds.toFixed(1),
        modelBilledSeconds: (model.billed.reduce((a, b) => a + b, 0) * FRAME_MS) / 1000,
        modelSessions: model.sessions.length,
        simBilledSeconds: +real.billedSeconds.toFixed(1),
        simSessions: real.sessions,
        simAudioSeconds: +real.audioSeconds.toFixed(1),
        errors: real.errors,
      };
    }),
  );
  for (const r of rows) process.stdout.write(`${JSON.stringify(r)}\n`);
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`noisy-day-session: ${error.stack || error}\n`);
  process.exitCode = 1;
});
