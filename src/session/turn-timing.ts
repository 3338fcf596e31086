// Adds to a final turn when it was spoken and how long it took to come out,
// measured here (msg.turn.timing), and how loud its audio was
// (msg.turn.inputLevelDbfs): the words' stream times are mapped back through
// the connection's audio timeline. Pure.
import type { Turn } from '../protocol/turn';
import type { AudioTimeline } from './audio-timeline';

export interface TurnTiming {
  /** Wall-clock ms at which the turn's first word was written to the session. */
  speechStartAt: number;
  /** Wall-clock ms at which the turn's last audio (its last word's end) was written. */
  endOfTurnAt: number;
  /** Wall-clock ms at which the final message was emitted. */
  finalEmittedAt: number;
  /** finalEmittedAt - endOfTurnAt: endpointing silence, network and service time together. */
  finalDelayMs: number;
}

/** The final turn with timing and input level, when its words and the timeline say; other turns unchanged. */
export function withTiming(turn: Turn, timeline: AudioTimeline | undefined, now: number): Turn {
  if (!turn.final || timeline === undefined || turn.words.length === 0) return turn;
  const startMs = Math.min(...turn.words.map((w) => w.start));
  const endMs = Math.max(...turn.words.map((w) => w.end));
  const speechStartAt = timeline.writeTimeAt(startMs);
  const endOfTurnAt = timeline.writeTimeAt(endMs);
  if (speechStartAt === undefined || endOfTurnAt === undefined) return turn;
  const out: Turn = {
    ...turn,
    timing: {
      speechStartAt: Math.round(speechStartAt),
      endOfTurnAt: Math.round(endOfTurnAt),
      finalEmittedAt: now,
      finalDelayMs: Math.max(0, Math.round(now - endOfTurnAt)),
    },
  };
  const level = timeline.levelDbfs(startMs, endMs);
  if (level !== undefined && Number.isFinite(level)) out.inputLevelDbfs = Math.round(level * 10) / 10;
  return out;
}
