// The turn contract between nodes: what the transcriber puts in msg.turn and
// the turn filter reads (../shared/DESIGN.md, "Contracts between nodes").

export interface TurnWord {
  text: string;
  /** Milliseconds of stream (audio) time. */
  start: number;
  end: number;
  confidence: number;
  final: boolean;
  speaker?: string;
}

export interface Turn {
  /** 0-based; every message of one turn repeats it. */
  order: number;
  transcript: string;
  utterance: string;
  endOfTurn: boolean;
  formatted: boolean;
  /** True on exactly one message per turn: the one to act on. */
  final: boolean;
  /** The service's end_of_turn_confidence. */
  confidence: number;
  words: TurnWord[];
  speaker?: string;
  languageCode?: string;
  languageConfidence?: number;
  /** Final turns: when it was spoken and how long the final took, measured by the session (src/session/turn-timing.ts). */
  timing?: { speechStartAt: number; endOfTurnAt: number; finalEmittedAt: number; finalDelayMs: number };
  /** Final turns: the average (RMS) input level of the turn's audio, in dBFS. */
  inputLevelDbfs?: number;
}

export interface SessionInfo {
  id: string;
  model: string;
  /** Unix time in seconds at which the service ends the session (3008). */
  expiresAt: number;
}
