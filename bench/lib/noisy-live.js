'use strict';
// One measured stream of the noisy-day run: a scene (or its background alone)
// written at real-time pace into the real StreamingSession (dist/session) with
// the gate under test, talking to its own simulator (dist/sim) on 127.0.0.1.
// What it bills is the simulator's own figure (Begin to close per connection,
// stats().billedSeconds), with the session's stats().billing beside it; which
// commands came out is judged by noisy-live-map.js from the frames each
// connection received and the final turns the session emitted.
//
// Real time, not faster: the simulator bills socket wall time (Date.now()) and
// has no clock to inject, so a session driven by a faster fake clock would be
// billed for less than it stayed open. Streams run side by side instead.
const { recordSentOrder, connectionSlices, turnSceneSpans, judgeCommands, billedFrames, wallToScene } = require('./noisy-live-map');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function bounded(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * frames: equal Buffers of frameMs (16-bit PCM at sampleRate); gate: 'always'
 * or a function making the AudioGate for the session's format (the factory the
 * transcriber would pass). commands: [{ text, onset, end }] in samples ([] for background).
 * idleMs and preRollMs: the session's (its defaults unless a test asks otherwise).
 * modules: { startSimulator, StreamingSession } (dist/ by default; a test passes src/).
 */
async function runLiveStream({ frames, frameMs, sampleRate, gate, commands = [], idleMs, preRollMs, modules }) {
  const { startSimulator } = modules || require('../../dist/sim');
  const { StreamingSession } = modules || require('../../dist/session');
  const always = gate === 'always';
  const sim = await startSimulator({ host: '127.0.0.1', port: 0 });
  let recorder;
  const session = new StreamingSession({
    url: sim.url,
    apiKey: 'bench-noisy-key',
    params: { speech_model: 'universal-streaming-english' },
    sampleRate,
    encoding: 'pcm_s16le',
    frameMs,
    policy: always ? 'always' : 'auto',
    openOn: 'speech',
    idleSeconds: idleMs / 1000,
    preRollMs,
    gateFactory: always
      ? undefined
      : (settings) => {
          recorder = recordSentOrder(gate(settings));
          return recorder.gate;
        },
  });
  const turns = [];
  const drops = [];
  const errors = [];
  session.on('turn', (turn, info) => {
    if (!turn.final || turn.words.length === 0) return;
    turns.push({
      sessionId: info.id,
      startMs: Math.min(...turn.words.map((w) => w.start)),
      endMs: Math.max(...turn.words.map((w) => w.end)),
    });
  });
  session.on('audioDropped', (event) => drops.push(event));
  session.on('error', (error) => errors.push(error.message));
  const writeWall = new Array(frames.length);
  try {
    if (always) {
      await bounded(session.start(), 20000, 'always: start()');
      // The first frame holds the 50 ms of audio before it is written: let the open session hear all of it.
      await sleep(frameMs);
    }
    const t0 = performance.now();
    for (let i = 0; i < frames.length; i++) {
      const wait = t0 + i * frameMs - performance.now();
      if (wait > 0) await sleep(wait);
      writeWall[i] = Date.now();
      session.write(frames[i]);
    }
    if (always) await bounded(session.stop(), 20000, 'always: stop()');
    // auto: the last session ends idleMs after the last speech; wait for it (bounded).
    const deadline = performance.now() + idleMs + 20000;
    while (sim.stats().openNow > 0 && performance.now() < deadline) await sleep(100);
    await sleep(300); // the final turn and Termination of a closing session reach the session's events
    const simStats = sim.stats();
    const billing = session.stats().billing;
    const records = sim.connections().filter((r) => r.beganAt !== undefined);
    const samplesPerFrame = (sampleRate * frameMs) / 1000;
    const sentOrder = recorder ? recorder.sent() : frames.map((_, i) => i);
    const { slices, unaccounted } = connectionSlices(sentOrder, records, samplesPerFrame);
    const { spans, unmapped } = turnSceneSpans(turns, slices, frameMs);
    const toScene = wallToScene(writeWall, frameMs);
    const intervals = records.map((r) => ({ fromMs: toScene(r.beganAt), toMs: toScene(r.closedAt ?? Date.now()) }));
    const billed = billedFrames(intervals, frames.length, frameMs);
    return {
      billed,
      sessions: intervals,
      simBilledSeconds: simStats.billedSeconds,
      sessionBilledSeconds: billing.totalSeconds,
      simAudioSeconds: simStats.audioSeconds,
      stillOpen: simStats.openNow,
      finalTurns: turns.length,
      outcomes: judgeCommands(commands, { slices, spans, samplesPerFrame, sampleRate, frameMs }),
      // Checks that the mapping was exact: every frame rated once, every frame sent received by a connection, every turn placed.
      check: {
        ratedFrames: recorder ? recorder.rated() : frames.length,
        frames: frames.length,
        unaccountedFrames: unaccounted,
        unmappedTurns: unmapped,
        droppedMs: drops.reduce((sum, d) => sum + d.droppedMs, 0),
        drops: drops.length,
      },
      errors,
    };
  } finally {
    await bounded(session.close(), 20000, 'session.close()').catch((error) => errors.push(error.message));
    await bounded(sim.close(), 20000, 'simulator close').catch((error) => errors.push(error.message));
  }
}

module.exports = { runLiveStream };
