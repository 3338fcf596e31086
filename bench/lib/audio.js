'use strict';
// The bench's audio: assets/demo-speech.wav (16 kHz mono PCM, four spoken
// commands with pauses) cut into 50 ms frames, the four commands as clips,
// and quiet background noise for the silence between commands.
const fs = require('node:fs');
const path = require('node:path');
const { parseWav } = require('../../dist/audio/wav-parse');
const { EnergyVad } = require('../../dist/audio/vad');
const { parseScriptText } = require('../../dist/sim');

const ROOT = path.resolve(__dirname, '..', '..');
const WAV_FILE = path.join(ROOT, 'assets', 'demo-speech.wav');
const SCRIPT_FILE = path.join(ROOT, 'assets', 'demo-speech.txt');
const SAMPLE_RATE = 16000;
const FRAME_MS = 50;
const FRAME_BYTES = (SAMPLE_RATE * 2 * FRAME_MS) / 1000;
/** The simulator's default vad_threshold for Universal-Streaming. */
const SPEECH_PROBABILITY = 0.4;
/** Pauses shorter than this join two speech regions into one command. */
const JOIN_GAP_MS = 400;
const CLIP_LEAD_MS = 300;
const CLIP_TAIL_MS = 700;

function loadPcm() {
  const wav = parseWav(fs.readFileSync(WAV_FILE));
  if (wav.sampleRate !== SAMPLE_RATE || wav.encoding !== 'pcm_s16le') {
    throw new Error(`${WAV_FILE}: expected 16 kHz pcm_s16le, got ${wav.sampleRate} Hz ${wav.encoding}`);
  }
  return Buffer.from(wav.data);
}

/** Whole 50 ms frames of a PCM buffer (views, no copies). */
function toFrames(pcm) {
  const frames = [];
  for (let offset = 0; offset + FRAME_BYTES <= pcm.length; offset += FRAME_BYTES) frames.push(pcm.subarray(offset, offset + FRAME_BYTES));
  return frames;
}

/** Speech regions [startMs, endMs] found the way the simulator's energy VAD sees them. */
function speechRegions(pcm) {
  const vad = new EnergyVad(SAMPLE_RATE, 'pcm_s16le');
  const regions = [];
  let inSpeech = false;
  let start = 0;
  vad.process(pcm, (probability, endMs) => {
    const speech = probability >= SPEECH_PROBABILITY;
    if (speech && !inSpeech) start = endMs - vad.windowMs;
    if (!speech && inSpeech) regions.push([start, endMs - vad.windowMs]);
    inSpeech = speech;
  });
  if (inSpeech) regions.push([start, vad.streamMs]);
  const joined = [];
  for (const region of regions) {
    const last = joined[joined.length - 1];
    if (last && region[0] - last[1] < JOIN_GAP_MS) last[1] = region[1];
    else joined.push([...region]);
  }
  return joined;
}

/** Deterministic low-level noise (about -66 dBFS), below the VAD's -60 dBFS floor, like a quiet room. */
function noiseFrame(seed = 1) {
  const frame = Buffer.alloc(FRAME_BYTES);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < FRAME_BYTES; i += 2) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    frame.writeInt16LE(((state >>> 0) % 33) - 16, i);
  }
  return frame;
}

function msToBytes(ms) {
  return Math.round((ms * SAMPLE_RATE) / 1000) * 2;
}

/**
 * Everything the bench streams. `loopFrames`: the whole file as frames (for the
 * scale runs). `commands`: each spoken command as a clip with a short lead and
 * tail, padded to whole frames, with the script line it says.
 */
function loadDemoAudio() {
  const pcm = loadPcm();
  const script = parseScriptText(fs.readFileSync(SCRIPT_FILE, 'utf8')).map((entry) => (typeof entry === 'string' ? entry : entry.text));
  const regions = speechRegions(pcm);
  if (regions.length !== script.length) {
    throw new Error(`${WAV_FILE} has ${regions.length} speech regions but ${SCRIPT_FILE} has ${script.length} lines`);
  }
  const commands = regions.map(([startMs, endMs], index) => {
    const from = Math.max(0, msToBytes(startMs - CLIP_LEAD_MS));
    const to = Math.min(pcm.length, msToBytes(endMs + CLIP_TAIL_MS));
    const clip = Buffer.alloc(Math.ceil((to - from) / FRAME_BYTES) * FRAME_BYTES);
    pcm.copy(clip, 0, from, to);
    return { text: script[index], speechMs: endMs - startMs, frames: toFrames(clip) };
  });
  const loopFrames = toFrames(pcm);
  return {
    sampleRate: SAMPLE_RATE,
    frameMs: FRAME_MS,
    frameBytes: FRAME_BYTES,
    loopFrames,
    loopSeconds: (loopFrames.length * FRAME_MS) / 1000,
    turnsPerLoop: regions.length,
    commands,
    script,
    scriptFile: SCRIPT_FILE,
    wavFile: WAV_FILE,
    silence: noiseFrame(7),
  };
}

module.exports = { loadDemoAudio, FRAME_MS, FRAME_BYTES, SAMPLE_RATE };
