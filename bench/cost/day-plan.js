'use strict';
// The sparse day and how a short run stands for it.
//
// The day: DAY_COMMANDS voice commands spread over 24 hours (one every five
// minutes), each a few seconds of speech; silence in between.
// The run: K of those commands, with the silence between them cut from five
// minutes to GAP seconds. The bench checks that no session is open
// CHECK_AHEAD_SECONDS before each next command, so a gap must hold the auto
// policy's idle close (IDLE_SECONDS), that look-ahead and Terminate's round
// trip: MIN_GAP_SECONDS.
// Extrapolation:
// - policies whose sessions close between commands (manual; auto): nothing is
//   billed during a gap, so shortening gaps changes nothing; a day bills
//   DAY_COMMANDS x (billed seconds of the run / K). Valid only when every gap
//   was seen closed; otherwise the run is extrapolated like the next case.
// - policies that hold a session open all along (always; auto fed a
//   continuous stream that opens on any audio): billing follows the wall
//   clock, so a day bills 86,400 x (billed seconds / wall seconds of the run).

const DAY_SECONDS = 86400;
const DAY_COMMANDS = 288;
const IDLE_SECONDS = 10;
const CHECK_AHEAD_SECONDS = 2;
const MIN_GAP_SECONDS = IDLE_SECONDS + CHECK_AHEAD_SECONDS + 1;

function extrapolateDay({ billedSeconds, wallSeconds, commands, gapsSeenClosed, perCommand }) {
  if (perCommand && gapsSeenClosed) {
    return { method: `per command: ${DAY_COMMANDS} x billed / ${commands}`, billedPerDay: (DAY_COMMANDS * billedSeconds) / commands };
  }
  return { method: `wall clock: ${DAY_SECONDS} s x billed / wall`, billedPerDay: (DAY_SECONDS * billedSeconds) / wallSeconds };
}

module.exports = { extrapolateDay, DAY_SECONDS, DAY_COMMANDS, IDLE_SECONDS, CHECK_AHEAD_SECONDS, MIN_GAP_SECONDS };
