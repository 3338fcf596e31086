#!/usr/bin/env node
// How much a capturing microphone costs Node-RED's main thread.
//
// Starts a private PulseAudio daemon with a FIFO source (test/support/virtual-mic.ts),
// feeds it speech in real time from a separate process, and measures the main
// thread's event-loop utilization (performance.eventLoopUtilization) and lag
// (perf_hooks.monitorEventLoopDelay, 1 ms resolution) in three phases of one run:
//   idle    nothing captures (the baseline of this process)
//   plain   `while (running) await recorder.read()` with pvrecorder on the main thread
//   worker  the microphone node's capture: MicrophoneSession from dist/ (worker thread
//           owning pvrecorder, frames transferred, level meter, messages built)
//
// Usage: npm run build && node bench/microphone-event-loop.js [--seconds 10] [--frame-ms 50]
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { monitorEventLoopDelay, performance } = require('node:perf_hooks');

const root = path.resolve(__dirname, '..');
const argValue = (name, fallback) => {
  const at = process.argv.indexOf(name);
  return at > 0 && process.argv[at + 1] !== undefined ? Number(process.argv[at + 1]) : fallback;
};
const SECONDS = argValue('--seconds', 10);
const FRAME_MS = argValue('--frame-ms', 50);
const WARMUP_MS = 1500;
const FRAME_LENGTH = FRAME_MS * 16;

const sessionModule = path.join(root, 'dist/nodes/assemblyai-microphone/microphone-session.js');
if (!fs.existsSync(sessionModule)) {
  console.error('dist/ is missing: run `npm run build` first.');
  process.exit(1);
}
// The virtual microphone helper is TypeScript shared with the tests.
require('tsx/cjs');
const { startVirtualMic, virtualMicUnavailableReason } = require('../test/support/virtual-mic.ts');
const { MicrophoneSession } = require(sessionModule);

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Speech from the bundled sample, repeated to `seconds`. */
function speechPcm(seconds) {
  const wav = fs.readFileSync(path.join(root, 'assets/demo-speech.wav'));
  const samples = wav.subarray(wav.indexOf('data', 12, 'ascii') + 8);
  const out = Buffer.alloc(seconds * 32000);
  for (let at = 0; at < out.length; at += samples.length) samples.copy(out, at, 0, Math.min(samples.length, out.length - at));
  return out;
}

async function measure(seconds) {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const start = performance.eventLoopUtilization();
  await sleep(seconds * 1000);
  const elu = performance.eventLoopUtilization(start);
  delay.disable();
  return {
    elu: elu.utilization,
    p50: delay.percentile(50) / 1e6,
    p99: delay.percentile(99) / 1e6,
    max: delay.max / 1e6,
  };
}

async function idlePhase() {
  await sleep(WARMUP_MS);
  return { ...(await measure(SECONDS)), frames: 0 };
}

async function plainPhase(mic) {
  const { PvRecorder } = require('@picovoice/pvrecorder-node');
  const index = PvRecorder.getAvailableDevices().indexOf(mic.deviceName);
  if (index < 0) throw new Error(`pvrecorder does not list ${mic.deviceName}`);
  const feeder = mic.feed(speechPcm(SECONDS + 5));
  const recorder = new PvRecorder(FRAME_LENGTH, index);
  recorder.start();
  let running = true;
  let frames = 0;
  let errors = 0;
  const loop = (async () => {
    while (running) {
      try {
        await recorder.read();
        frames++;
      } catch {
        errors++;
      }
    }
  })();
  await sleep(WARMUP_MS);
  const counted = frames;
  const result = await measure(SECONDS);
  const measuredFrames = frames - counted;
  running = false;
  await loop;
  recorder.stop();
  recorder.release();
  feeder.stop();
  await feeder.done.catch(() => undefined);
  return { ...result, frames: measuredFrames, errors };
}

async function workerPhase(mic) {
  let frames = 0;
  let capturing;
  const started = new Promise((resolve) => (capturing = resolve));
  const port = {
    status: (status) => {
      if (status.text === 'capturing') capturing();
    },
    send: (messages) => {
      if (messages[0]) frames++;
    },
    error: (text) => console.error(`  microphone error: ${text}`),
    log: () => undefined,
    translate: (key) => key.split('.').pop(),
  };
  const settings = {
    deviceName: mic.deviceName,
    frameMs: FRAME_MS,
    frameLength: FRAME_LENGTH,
    startOnDeploy: false,
    record: false,
    recordPath: '',
  };
  const session = new MicrophoneSession(port, settings, os.tmpdir(), {});
  const feeder = mic.feed(speechPcm(SECONDS + 5));
  await session.start();
  await started;
  await sleep(WARMUP_MS);
  const counted = frames;
  const result = await measure(SECONDS);
  const measuredFrames = frames - counted;
  await session.stop();
  feeder.stop();
  await feeder.done.catch(() => undefined);
  return { ...result, frames: measuredFrames };
}

function row(name, r) {
  const pct = (r.elu * 100).toFixed(2).padStart(6);
  const ms = (v) => v.toFixed(2).padStart(7);
  return `${name.padEnd(8)} ${pct} %  ${ms(r.p50)} ${ms(r.p99)} ${ms(r.max)}   ${String(r.frames).padStart(6)}`;
}

async function main() {
  const reason = virtualMicUnavailableReason();
  if (reason) {
    console.error(`cannot run: ${reason}`);
    process.exit(1);
  }
  const mic = await startVirtualMic();
  try {
    console.log(
      `microphone event-loop benchmark: ${SECONDS} s per phase, ${FRAME_MS} ms frames (${FRAME_LENGTH} samples), ${mic.deviceName}`,
    );
    console.log(`node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'} x${os.cpus().length}, ${os.platform()} ${os.release()}`);
    const results = {
      idle: await idlePhase(),
      plain: await plainPhase(mic),
      worker: await workerPhase(mic),
    };
    console.log('');
    console.log('phase       ELU     lag p50  lag p99  lag max   frames   (lag in ms)');
    for (const [name, r] of Object.entries(results)) console.log(row(name, r));
    const expected = Math.round((SECONDS * 1000) / FRAME_MS);
    console.log(`(about ${expected} frames expected per phase)`);
    const target = results.worker.elu < 0.02 && results.worker.p99 < 5;
    console.log(`worker target (ELU < 2 %, lag p99 < 5 ms): ${target ? 'met' : 'NOT met'}`);
    console.log(JSON.stringify({ seconds: SECONDS, frameMs: FRAME_MS, results }));
  } finally {
    await mic.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
