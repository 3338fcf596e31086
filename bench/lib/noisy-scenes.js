'use strict';
// The noisy-day scenes: a background sound over the whole run with spoken
// commands at normal level on top. Layout of one compressed day:
//   leadSeconds of background, then each command followed by gapSeconds of
//   background (longer than the 10 s idle close, so each command's session
//   ends before the next), then tailSeconds.
// How it stands for a day is in noisy-day-extrapolate.js.
const { SAMPLE_RATE, rmsDbfs, setLevel, pink, fan, music, clatter, tvSpeaker, rng } = require('./noisy-synth');
const { speak, voicedSpan } = require('./noisy-speech');

const COMMANDS = [
  'turn on the kitchen lights',
  'set a timer for ten minutes',
  'what is the weather tomorrow',
  'play some jazz in the living room',
  'turn the heating down two degrees',
  'close the blinds in the bedroom',
];
/** Level of a command over its spoken part: a voice about a metre from the microphone. */
const COMMAND_DBFS = -23;
const TV_DBFS = -36;
const TV_SENTENCES = [
  'Good evening, here are the main stories of the day.',
  'The council met on Tuesday to discuss the new bus routes through the city centre.',
  'Temperatures will stay mild for most of the week, with some rain in the north.',
  'In sport, the home side won their third match in a row after a late goal.',
  'Scientists say the bridge repairs will take longer than first planned.',
  'Now over to our reporter, who has been following the story all afternoon.',
  'Thank you. People here have been waiting since early this morning.',
  'Markets closed slightly higher today as investors welcomed the news.',
];

const SCENES = {
  quiet: { label: 'quiet room (-70 dBFS hiss)', background: (s) => pink(s, -70, 11) },
  'fan-45': { label: 'fan, -45 dBFS', background: (s) => fan(s, -45, 12) },
  'fan-35': { label: 'fan, -35 dBFS', background: (s) => fan(s, -35, 13) },
  'pink-45': { label: 'pink noise, -45 dBFS', background: (s) => pink(s, -45, 14) },
  'pink-35': { label: 'pink noise, -35 dBFS', background: (s) => pink(s, -35, 15) },
  music: { label: 'music (chords + melody), -30 dBFS', background: (s) => music(s, -30, 16) },
  clatter: { label: 'kitchen clatter (impulses to -4 dBFS peak)', background: (s) => clatter(s, { seed: 17 }) },
  tv: { label: `TV talk, ${TV_DBFS} dBFS, all day`, background: (s) => tvTalk(s, 18) },
};

/** Non-command speech through a TV speaker, sentence after sentence with short pauses. */
function tvTalk(seconds, seed) {
  const r = rng(seed);
  const n = Math.round(seconds * SAMPLE_RATE);
  const x = new Float32Array(n);
  const voices = ['en-gb', 'en-us+m3', 'en-gb+f2'];
  let at = 0;
  for (let k = 0; at < n; k++) {
    const clip = tvSpeaker(speak(TV_SENTENCES[k % TV_SENTENCES.length], { voice: voices[k % voices.length], wordsPerMinute: 175 }));
    const [a, b] = voicedSpan(clip);
    setLevel(clip, TV_DBFS, a, b);
    for (let i = 0; i < clip.length && at + i < n; i++) x[at + i] += clip[i];
    at += clip.length + Math.round((0.3 + 1.2 * r()) * SAMPLE_RATE);
  }
  return x;
}

/**
 * One scene's compressed day: { name, label, samples (Float32Array, 16 kHz),
 * seconds, commands: [{ text, onset, end }] } with onset/end in samples.
 */
function buildScene(name, { commandCount = COMMANDS.length, leadSeconds = 30, gapSeconds = 24, tailSeconds = 12 } = {}) {
  const scene = SCENES[name];
  if (!scene) throw new Error(`unknown scene ${name} (choose from ${Object.keys(SCENES).join(', ')})`);
  const clips = Array.from({ length: commandCount }, (_, c) => {
    const text = COMMANDS[c % COMMANDS.length];
    const clip = speak(text);
    const [a, b] = voicedSpan(clip);
    setLevel(clip, COMMAND_DBFS, a, b);
    return { text, clip, span: [a, b] };
  });
  const seconds = leadSeconds + clips.reduce((sum, c) => sum + c.clip.length / SAMPLE_RATE + gapSeconds, 0) + tailSeconds - gapSeconds;
  const samples = scene.background(seconds);
  const commands = [];
  let at = Math.round(leadSeconds * SAMPLE_RATE);
  for (const { text, clip, span } of clips) {
    for (let i = 0; i < clip.length && at + i < samples.length; i++) samples[at + i] += clip[i];
    commands.push({ text, onset: at + span[0], end: at + span[1] });
    at += clip.length + Math.round(gapSeconds * SAMPLE_RATE);
  }
  return {
    name,
    label: scene.label,
    samples,
    seconds: samples.length / SAMPLE_RATE,
    commands,
    backgroundDbfs: rmsDbfs(samples, 0, Math.round(leadSeconds * SAMPLE_RATE)),
  };
}

/** The scene's background alone, for measuring what it bills without commands. */
function buildBackground(name, seconds) {
  const scene = SCENES[name];
  if (!scene) throw new Error(`unknown scene ${name} (choose from ${Object.keys(SCENES).join(', ')})`);
  return scene.background(seconds);
}

module.exports = { SCENES, SCENE_NAMES: Object.keys(SCENES), COMMANDS, COMMAND_DBFS, TV_DBFS, buildScene, buildBackground };
