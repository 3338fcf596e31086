'use strict';
// How a compressed noisy day stands for a real one.
// The day (as in the sparse-day run, bench/cost/day-plan.js): DAY_COMMANDS
// commands over 24 h, one every five minutes, and the scene's background
// sound all day long (a fan, music or the TV on for 24 h: the worst case).
// The run: K commands with gapSeconds of background between them.
// Each command owns a window from its first spoken sample to idleSeconds (plus
// a second of slack for a gate that hears the last word a little late) after
// its last; billing inside those windows is the commands' own cost and a day
// has DAY_COMMANDS of them. Billing outside them is caused by the background
// alone, so it scales with the background time: a day has
// DAY_SECONDS - DAY_COMMANDS x (mean window) of it, the run has
// wall - K x (mean window). For always-on this gives exactly 24 h.
// A false open costs 10 s or more, so a couple of minutes of background between
// the commands estimate its share coarsely: the bench passes backgroundShare
// measured on a longer stretch of the background alone, which is used instead.
const { DAY_COMMANDS, DAY_SECONDS } = require('../cost/day-plan');

const WINDOW_SLACK_MS = 1000;

/** { billedPerDay, shareOfDay, perCommandSeconds, backgroundBilledShare, runBackgroundShare, runBackgroundSeconds } from per-frame flags. */
function extrapolateNoisyDay({ billed, commands, samplesPerFrame, frameMs, idleMs, backgroundShare }) {
  const inWindow = new Uint8Array(billed.length);
  for (const c of commands) {
    const last = Math.min(billed.length - 1, Math.floor(c.end / samplesPerFrame) + Math.ceil((idleMs + WINDOW_SLACK_MS) / frameMs));
    for (let f = Math.floor(c.onset / samplesPerFrame); f <= last; f++) inWindow[f] = 1;
  }
  let windowFrames = 0,
    billedInWindow = 0,
    billedOutside = 0;
  for (let f = 0; f < billed.length; f++) {
    if (inWindow[f]) {
      windowFrames++;
      billedInWindow += billed[f];
    } else billedOutside += billed[f];
  }
  const s = frameMs / 1000;
  const k = commands.length;
  const meanWindow = (windowFrames * s) / k;
  const perCommand = (billedInWindow * s) / k;
  const backgroundRun = (billed.length - windowFrames) * s;
  const backgroundDay = DAY_SECONDS - DAY_COMMANDS * meanWindow;
  const runBackgroundShare = backgroundRun > 0 ? (billedOutside * s) / backgroundRun : 0;
  const share = backgroundShare ?? runBackgroundShare;
  const billedPerDay = DAY_COMMANDS * perCommand + share * backgroundDay;
  return {
    billedPerDay,
    shareOfDay: billedPerDay / DAY_SECONDS,
    perCommandSeconds: perCommand,
    backgroundBilledShare: share,
    runBackgroundShare,
    runBackgroundSeconds: backgroundRun,
  };
}

module.exports = { extrapolateNoisyDay, DAY_COMMANDS, DAY_SECONDS };
