// Scenes and the auto-policy model for the gate tests, from the noisy-day
// bench's own modules (plain JS, loaded with require), typed here.
import type { AudioGate } from '../../src/audio/gate';

export interface Command {
  text: string;
  onset: number;
  end: number;
}
export interface PolicyResult {
  billed: Uint8Array;
  sent: Uint8Array;
  sessions: Array<[number, number]>;
}
interface Synth {
  SAMPLE_RATE: number;
  pink(seconds: number, dbfs: number, seed?: number): Float32Array;
  fan(seconds: number, dbfs: number, seed?: number): Float32Array;
  clatter(seconds: number, options?: { seed?: number }): Float32Array;
  setLevel(x: Float32Array, dbfs: number, from?: number, to?: number): Float32Array;
  toPcm16(x: Float32Array): Buffer;
}
interface Speech {
  speak(text: string): Float32Array;
  speechUnavailable(): string | undefined;
  voicedSpan(x: Float32Array): [number, number];
}
interface Policy {
  runPolicy(o: {
    frames: Buffer[];
    frameMs: number;
    idleMs: number;
    gate?: AudioGate;
    settle?: () => Promise<void>;
  }): Promise<PolicyResult>;
  toFrames(pcm: Buffer, sampleRate: number, frameMs: number): Buffer[];
  lostCommands(commands: Command[], sent: Uint8Array, samplesPerFrame: number): Command[];
}
/* eslint-disable @typescript-eslint/no-require-imports */
export const synth = require('../../bench/lib/noisy-synth') as Synth;
export const speech = require('../../bench/lib/noisy-speech') as Speech;
export const policy = require('../../bench/lib/noisy-policy') as Policy;
/* eslint-enable @typescript-eslint/no-require-imports */

export const RATE = synth.SAMPLE_RATE;
export const FRAME_MS = 50;
export const SAMPLES_PER_FRAME = (RATE * FRAME_MS) / 1000;

export function frames(x: Float32Array): Buffer[] {
  return policy.toFrames(synth.toPcm16(x), RATE, FRAME_MS);
}

/** `leadSeconds` of background with a spoken command (at -23 dBFS) after it, then 12 s more. */
export function commandAfter(background: (seconds: number) => Float32Array, leadSeconds: number, text = 'turn on the kitchen lights') {
  const clip = speech.speak(text);
  const [a, b] = speech.voicedSpan(clip);
  synth.setLevel(clip, -23, a, b);
  const x = background(leadSeconds + clip.length / RATE + 12);
  const at = Math.round(leadSeconds * RATE);
  for (let i = 0; i < clip.length; i++) x[at + i] += clip[i];
  return { samples: x, command: { text, onset: at + a, end: at + b } };
}

/** Every frame's hasSpeech answer (awaiting settle after each, as at real-time pace). */
export async function speechFrames(gate: AudioGate, audio: Buffer[], settle?: () => Promise<void>): Promise<number[]> {
  const hits: number[] = [];
  for (let i = 0; i < audio.length; i++) {
    if (gate.hasSpeech(audio[i])) hits.push(i);
    if (settle) await settle();
  }
  return hits;
}
