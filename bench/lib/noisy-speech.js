'use strict';
// Speech for the noisy-day scenes: espeak-ng says a text, sox makes it 16 kHz
// mono s16le; the result is cached by voice and text in a temp directory
// (NOISY_DAY_CACHE, or <tmp>/livevoice-noisy-day), never in the repository.
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { SAMPLE_RATE } = require('./noisy-synth');

const CACHE_DIR = process.env.NOISY_DAY_CACHE || path.join(os.tmpdir(), 'livevoice-noisy-day');
const TOOL_TIMEOUT_MS = 30000;

/** Why speech cannot be made here (a missing tool), or undefined when it can. */
function speechUnavailable() {
  for (const [tool, arg] of [
    ['espeak-ng', '--version'],
    ['sox', '--version'],
  ]) {
    const r = spawnSync(tool, [arg], { timeout: TOOL_TIMEOUT_MS, stdio: 'ignore' });
    if (r.error || r.status !== 0) return `${tool} is not installed (apt-get install -y espeak-ng sox)`;
  }
  return undefined;
}

/** A text spoken by espeak-ng: Float32 samples at 16 kHz. */
function speak(text, { voice = 'en-us', wordsPerMinute = 160, pitch = 50 } = {}) {
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const key = crypto
    .createHash('sha1')
    .update(JSON.stringify([text, voice, wordsPerMinute, pitch]))
    .digest('hex')
    .slice(0, 16);
  const file = path.join(CACHE_DIR, `speech-${key}.raw`);
  if (!fs.existsSync(file)) {
    const wav = path.join(CACHE_DIR, `speech-${key}.${process.pid}.wav`);
    run('espeak-ng', ['-v', voice, '-s', String(wordsPerMinute), '-p', String(pitch), '-w', wav, text]);
    const tmp = `${file}.${process.pid}`;
    run('sox', [wav, '-t', 'raw', '-r', String(SAMPLE_RATE), '-c', '1', '-b', '16', '-e', 'signed-integer', '-L', tmp]);
    fs.renameSync(tmp, file);
    fs.rmSync(wav, { force: true });
  }
  const pcm = fs.readFileSync(file);
  const x = new Float32Array(pcm.length >> 1);
  for (let i = 0; i < x.length; i++) x[i] = pcm.readInt16LE(i * 2) / 32768;
  return x;
}

function run(tool, args) {
  const r = spawnSync(tool, args, { timeout: TOOL_TIMEOUT_MS, encoding: 'utf8' });
  if (r.error) throw new Error(`${tool}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${tool} exited with ${r.status}: ${String(r.stderr).trim()}`);
}

/** [first, last] sample above -50 dBFS (the spoken part of a clip, without espeak's silent edges). */
function voicedSpan(x, thresholdDbfs = -50) {
  const t = 10 ** (thresholdDbfs / 20);
  let first = 0;
  while (first < x.length && Math.abs(x[first]) < t) first++;
  let last = x.length - 1;
  while (last > first && Math.abs(x[last]) < t) last--;
  return [first, last];
}

module.exports = { speak, speechUnavailable, voicedSpan, CACHE_DIR };
