// How a session is given a speech gate other than the energy SpeechGate: a
// function that makes one for the session's audio format (called again when a
// WAV file's format is adopted). The gate keeps the pre-roll itself.
import type { AudioGate, GateFormat } from '../audio/gate';

export type GateFactory = (settings: GateFormat & { preRollMs: number }) => AudioGate;
