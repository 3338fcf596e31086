'use strict';
// The sparse day and how a short run stands for it.
//
// The day: DAY_COMMANDS voice commands spread over 24 hours (one every five
// minutes), each a few seconds of speech; silence in between.
// The run: K of those commands, with the silence between them cut from five
// minutes to GAP seconds, which is longer than the auto policy's idle close
// (10 s) plus Terminate, so every per-command session has closed before the
// next command; the bench checks that no session is open at each gap's end.
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

function extrapolateDay({ billedSeconds, wallSeconds, commands, gapsSeenClosed, perCommand }) {
  if (perCommand && gapsSeenClosed) {
    return { method: `per command: ${DAY_COMMANDS} x billed / ${commands}`, billedPerDay: (DAY_COMMANDS * billedSeconds) / commands };
  }
  return { method: `wall clock: ${DAY_SECONDS} s x billed / wall`, billedPerDay: (DAY_SECONDS * billedSeconds) / wallSeconds };
}

module.exports = { extrapolateDay, DAY_SECONDS, DAY_COMMANDS };
