'use strict';
// The measured half of the noisy-day run (bench/noisy-day.js starts it as a
// child process, so its real-time streams are not held up by the parent's
// CPU-bound gate timing). Every scene x gate streams through the real
// StreamingSession (policy auto, openOn 'speech', the gate the transcriber's
// speechGate option makes; 'always' is the always policy) to its own simulator
// at real-time pace, all side by side, and so does each gate on a stretch of
// the scene's background alone (for what a day of background bills). Each
// stream is measured by bench/lib/noisy-live.js.
// Standalone: node bench/noisy-day-live.js '{"scenes":["quiet"],"gates":["always","energy"],"commands":2,"backgroundSeconds":60}'
const { monitorEventLoopDelay } = require('node:perf_hooks');
const { buildScene, buildBackground } = require('./lib/noisy-scenes');
const { toPcm16, SAMPLE_RATE } = require('./lib/noisy-synth');
const { toFrames } = require('./lib/noisy-policy');
const { extrapolateNoisyDay } = require('./lib/noisy-day-extrapolate');
const { runLiveStream } = require('./lib/noisy-live');

const FRAME_MS = 50;
const STAGGER_MS = 40;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The gate each option gives a session: what the transcriber passes as gateFactory (src/nodes/assemblyai-transcriber/speech-gate-choice.ts). */
async function gateMakers(names) {
  const { chooseGate } = require('../dist/nodes/assemblyai-transcriber/speech-gate-choice');
  const notes = [];
  const events = {
    loading: () => {},
    ready: () => notes.push('neural: model loaded'),
    unavailable: (error) => notes.push(`neural: unavailable: ${error.message}`),
    failed: (error) => notes.push(`neural: inference failed: ${error.message}`),
  };
  const makers = { always: 'always' };
  if (names.includes('energy')) {
    // speechGate 'energy' passes no factory: the session makes its own SpeechGate
    // (src/session/audio-pipeline.ts applyFormat). The same gate is made here, with
    // the same settings, so the frames it sends can be followed.
    if (chooseGate('energy', events).factory !== undefined) throw new Error('speechGate energy now passes a factory: use it here');
    const { SpeechGate } = require('../dist/session/speech-gate');
    const { DEFAULTS } = require('../dist/session/options');
    makers.energy = (settings) => new SpeechGate({ ...settings, thresholdDbfs: DEFAULTS.speechThresholdDbfs, minSpeechMs: 80 });
  }
  if (names.includes('adaptive')) makers.adaptive = chooseGate('adaptive', events).factory;
  let neuralReady = true;
  if (names.includes('neural')) {
    const choice = chooseGate('neural', events);
    // As after a deploy once the model has loaded: the neural gate decides from the first frame.
    await choice.settled;
    neuralReady = notes.includes('neural: model loaded');
    if (neuralReady) makers.neural = choice.factory;
  }
  return { makers, notes, neuralReady };
}

const sum = (a) => a.reduce((x, y) => x + y, 0);

async function runMeasured({ scenes, gates, commands, backgroundSeconds }) {
  const { DEFAULTS } = require('../dist/session/options');
  const idleMs = DEFAULTS.idleSeconds * 1000;
  const { makers, notes } = await gateMakers(gates);
  const samplesPerFrame = (SAMPLE_RATE * FRAME_MS) / 1000;
  // All audio is made before any stream starts: making a scene takes the event
  // loop for a while, which would hold up the streams already running.
  const prepared = scenes.map((sceneName) => {
    const scene = buildScene(sceneName, { commandCount: commands });
    return {
      sceneName,
      scene,
      frames: toFrames(toPcm16(scene.samples), SAMPLE_RATE, FRAME_MS),
      background: toFrames(toPcm16(buildBackground(sceneName, backgroundSeconds)), SAMPLE_RATE, FRAME_MS),
    };
  });
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  let started = 0;
  // Streams start STAGGER_MS apart, so their first connections do not all queue at once.
  const staggered = (options) => sleep(STAGGER_MS * started++).then(() => runLiveStream(options));
  const jobs = [];
  for (const { sceneName, scene, frames, background } of prepared) {
    for (const gateName of gates.filter((g) => makers[g])) {
      const common = { frameMs: FRAME_MS, sampleRate: SAMPLE_RATE, gate: makers[gateName], idleMs };
      jobs.push(
        Promise.all([
          staggered({ ...common, frames, commands: scene.commands }),
          // always bills all of any stretch by its nature; its background share comes from the scene run.
          gateName === 'always' ? undefined : staggered({ ...common, frames: background }),
        ]).then(([run, alone]) => ({ sceneName, gateName, scene, run, alone })),
      );
    }
  }
  const done = await Promise.all(jobs);
  loop.disable();
  const eventLoop = { p99Ms: +(loop.percentile(99) / 1e6).toFixed(1), maxMs: +(loop.max / 1e6).toFixed(1) };
  const rows = done.map(({ sceneName, gateName, scene, run, alone }) => {
    const first = extrapolateNoisyDay({ billed: run.billed, commands: scene.commands, samplesPerFrame, frameMs: FRAME_MS, idleMs });
    // The background's billed share: the scene run's background (outside the
    // commands' windows) and the background-alone run pooled, by their seconds.
    const aloneSeconds = alone ? (alone.billed.length * FRAME_MS) / 1000 : 0;
    const aloneBilled = alone ? (sum(alone.billed) * FRAME_MS) / 1000 : 0;
    const backgroundShare =
      (first.runBackgroundShare * first.runBackgroundSeconds + aloneBilled) / (first.runBackgroundSeconds + aloneSeconds);
    const day = extrapolateNoisyDay({
      billed: run.billed,
      commands: scene.commands,
      samplesPerFrame,
      frameMs: FRAME_MS,
      idleMs,
      backgroundShare,
    });
    const lost = run.outcomes.filter((o) => !o.out);
    return {
      scenario: sceneName,
      gate: gateName,
      billedShareOfAlways: day.shareOfDay,
      commandsLost: lost.length,
      lost: lost.map((o) => `${o.text}: ${o.reason}`),
      billedSecondsPerDay: Math.round(day.billedPerDay),
      perCommandSeconds: +day.perCommandSeconds.toFixed(2),
      backgroundBilledShare: +backgroundShare.toFixed(4),
      sceneSeconds: +scene.seconds.toFixed(1),
      // The scene run: billed per the simulator's stats, per the session's billing meter, and over the scene's own span (frames).
      simBilledSeconds: +run.simBilledSeconds.toFixed(2),
      sessionBilledSeconds: +run.sessionBilledSeconds.toFixed(2),
      sceneBilledSeconds: +((sum(run.billed) * FRAME_MS) / 1000).toFixed(2),
      sessions: run.sessions.length,
      finalTurns: run.finalTurns,
      background: alone && {
        seconds: aloneSeconds,
        simBilledSeconds: +alone.simBilledSeconds.toFixed(2),
        sessionBilledSeconds: +alone.sessionBilledSeconds.toFixed(2),
        sessions: alone.sessions.length,
        sessionsAtSeconds: alone.sessions.map(({ fromMs, toMs }) => [+(fromMs / 1000).toFixed(1), +(toMs / 1000).toFixed(1)]),
      },
      check: { scene: run.check, background: alone && alone.check },
      errors: [...run.errors, ...((alone && alone.errors) || [])],
    };
  });
  return { rows, notes, eventLoop, streams: started, idleSeconds: DEFAULTS.idleSeconds, backgroundSeconds };
}

module.exports = { runMeasured };

if (require.main === module) {
  const options = JSON.parse(process.argv[2] || '{}');
  runMeasured({
    scenes: options.scenes || ['quiet'],
    gates: options.gates || ['always', 'energy', 'adaptive', 'neural'],
    commands: options.commands || 2,
    backgroundSeconds: options.backgroundSeconds || 60,
  }).then(
    (result) => {
      if (process.send) process.send({ type: 'measured', result }, () => process.exit(0));
      else process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    },
    (error) => {
      const message = error instanceof Error ? error.stack : String(error);
      if (process.send) process.send({ type: 'failed', message }, () => process.exit(1));
      else {
        process.stderr.write(`noisy-day-live: ${message}\n`);
        process.exitCode = 1;
      }
    },
  );
}
