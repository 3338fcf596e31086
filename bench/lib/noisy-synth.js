'use strict';
// Background sounds for the noisy-day scenes, synthesized from a seeded
// generator so every run hears the same audio: pink noise, a fan (pink noise
// darkened, with mains hum and blade flutter), music (chords and a melody)
// and kitchen clatter (decaying metallic impulses). Float32 samples in
// [-1, 1) at SAMPLE_RATE; levels are RMS in dBFS (full-scale sine = -3 dBFS).
const SAMPLE_RATE = 16000;

function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function rmsDbfs(x, from = 0, to = x.length) {
  let sum = 0;
  for (let i = from; i < to; i++) sum += x[i] * x[i];
  return 10 * Math.log10(sum / Math.max(1, to - from) || 1e-12);
}

/** Scales x in place so its RMS (over [from, to)) is dbfs. */
function setLevel(x, dbfs, from = 0, to = x.length) {
  const gain = 10 ** ((dbfs - rmsDbfs(x, from, to)) / 20);
  for (let i = 0; i < x.length; i++) x[i] *= gain;
  return x;
}

/** Pink noise (-3 dB per octave), Paul Kellet's filter on white noise. */
function pinkNoise(n, seed) {
  const r = rng(seed);
  const x = new Float32Array(n);
  let b0 = 0,
    b1 = 0,
    b2 = 0,
    b3 = 0,
    b4 = 0,
    b5 = 0,
    b6 = 0;
  for (let i = 0; i < n; i++) {
    const w = r() * 2 - 1;
    b0 = 0.99886 * b0 + w * 0.0555179;
    b1 = 0.99332 * b1 + w * 0.0750759;
    b2 = 0.969 * b2 + w * 0.153852;
    b3 = 0.8665 * b3 + w * 0.3104856;
    b4 = 0.55 * b4 + w * 0.5329522;
    b5 = -0.7616 * b5 - w * 0.016898;
    x[i] = b0 + b1 + b2 + b3 + b4 + b5 + b6 + w * 0.5362;
    b6 = w * 0.115926;
  }
  return x;
}

function pink(seconds, dbfs, seed = 1) {
  return setLevel(pinkNoise(Math.round(seconds * SAMPLE_RATE), seed), dbfs);
}

/** A fan: pink noise through a gentle low-pass, 100/200 Hz hum, 0.5 dB flutter at the blade rate. */
function fan(seconds, dbfs, seed = 2) {
  const x = pinkNoise(Math.round(seconds * SAMPLE_RATE), seed);
  let lp = 0;
  for (let i = 0; i < x.length; i++) {
    lp += 0.35 * (x[i] - lp);
    const t = i / SAMPLE_RATE;
    const hum = 0.08 * Math.sin(2 * Math.PI * 100 * t) + 0.03 * Math.sin(2 * Math.PI * 200 * t);
    x[i] = (lp + hum) * (1 + 0.06 * Math.sin(2 * Math.PI * 23 * t));
  }
  return setLevel(x, dbfs);
}

const NOTE = (semitonesFromA4) => 440 * 2 ** (semitonesFromA4 / 12);

/** Music: a I-V-vi-IV chord progression (2 s per chord, 4 harmonics) under an eighth-note melody. */
function music(seconds, dbfs, seed = 3) {
  const r = rng(seed);
  const n = Math.round(seconds * SAMPLE_RATE);
  const x = new Float32Array(n);
  const chords = [
    [-9, -5, -2],
    [-2, 2, 5],
    [0, 3, 7],
    [-4, 0, 3],
  ]; // C, G, Am, F around middle C
  const scale = [3, 5, 7, 8, 10, 12, 14, 15];
  const addNote = (freq, start, length, amp, attack, decay) => {
    const end = Math.min(n, start + length);
    for (let i = Math.max(0, start); i < end; i++) {
      const t = (i - start) / SAMPLE_RATE;
      const env = Math.min(1, t / attack) * Math.exp(-t / decay) * Math.min(1, (end - i) / (0.02 * SAMPLE_RATE));
      let v = 0;
      for (let h = 1; h <= 4; h++) v += Math.sin(2 * Math.PI * freq * h * t) / h;
      x[i] += amp * env * v;
    }
  };
  const chordLen = 2 * SAMPLE_RATE;
  for (let c = 0, start = 0; start < n; c++, start += chordLen) {
    for (const note of chords[c % chords.length]) addNote(NOTE(note), start, chordLen, 0.12, 0.05, 1.6);
    addNote(NOTE(chords[c % chords.length][0] - 12), start, chordLen, 0.18, 0.01, 0.9); // bass
  }
  const eighth = Math.round(0.25 * SAMPLE_RATE);
  for (let start = 0; start < n; start += eighth) {
    if (r() < 0.15) continue; // a rest now and then
    addNote(NOTE(scale[Math.floor(r() * scale.length)]), start, eighth, 0.25, 0.008, 0.18);
  }
  return setLevel(x, dbfs);
}

/**
 * Kitchen clatter: metallic impulses (damped partials at 1.5-7 kHz after a 3 ms
 * click), Poisson-spaced at `perSecond`, peaks from -20 to -4 dBFS, over a
 * faint background at backgroundDbfs.
 */
function clatter(seconds, { perSecond = 1.2, backgroundDbfs = -60, seed = 4 } = {}) {
  const r = rng(seed);
  const x = pink(seconds, backgroundDbfs, seed + 100);
  const n = x.length;
  let t = 0;
  for (;;) {
    t += -Math.log(1 - r()) / perSecond;
    const start = Math.round(t * SAMPLE_RATE);
    if (start >= n) break;
    const peak = 10 ** ((-20 + 16 * r()) / 20);
    const partials = Array.from({ length: 3 + Math.floor(r() * 3) }, () => ({
      freq: 1500 + 5500 * r(),
      tau: 0.01 + 0.07 * r(),
      phase: 2 * Math.PI * r(),
    }));
    const length = Math.min(n - start, Math.round(0.5 * SAMPLE_RATE));
    for (let i = 0; i < length; i++) {
      const s = i / SAMPLE_RATE;
      let v = i < 0.003 * SAMPLE_RATE ? (r() * 2 - 1) * 0.8 : 0;
      for (const p of partials) v += (Math.exp(-s / p.tau) * Math.sin(2 * Math.PI * p.freq * s + p.phase)) / partials.length;
      x[start + i] += peak * v;
    }
  }
  return x;
}

/** A TV speaker: a band-pass (about 250 Hz - 3.5 kHz) over speech. */
function tvSpeaker(x) {
  const y = new Float32Array(x.length);
  let hp = 0,
    prev = 0,
    lp = 0;
  const aHp = 1 / (1 + (2 * Math.PI * 250) / SAMPLE_RATE);
  const aLp = 1 - Math.exp((-2 * Math.PI * 3500) / SAMPLE_RATE);
  for (let i = 0; i < x.length; i++) {
    hp = aHp * (hp + x[i] - prev);
    prev = x[i];
    lp += aLp * (hp - lp);
    y[i] = lp;
  }
  return y;
}

/** float [-1, 1) -> pcm_s16le bytes. */
function toPcm16(x) {
  const out = Buffer.alloc(x.length * 2);
  for (let i = 0; i < x.length; i++) out.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(x[i] * 32768))), i * 2);
  return out;
}

module.exports = { SAMPLE_RATE, rng, rmsDbfs, setLevel, pink, fan, music, clatter, tvSpeaker, toPcm16 };
