'use strict';
// The auto policy with openOn 'speech', modelled frame by frame on the rules
// of StreamingSession (src/session/streaming-session.ts: passesGate,
// gateMayClose, armIdleTimer/checkIdle), with a clock that is the stream
// position instead of the wall clock:
// - the gate starts closed (auto never calls start());
// - every frame is rated by gate.hasSpeech(frame); speech sets lastAudioAt;
// - closed and no speech: the frame is held as pre-roll (the oldest goes past preRollMs);
// - closed and speech: the gate opens, the pre-roll goes out first, then the frame;
//   a session opens when audio goes out and none is open;
// - a session closes (billing stops) idleMs after max(lastAudioAt, its start);
// - the gate closes again on the first frame when no session is open and
//   idleMs have passed since the last speech.
// Billing is counted per frame while a session is open, which is what the
// service bills (session wall time); connect and Terminate latency are left out.

/**
 * Runs `frames` (equal-length Buffers, frameMs each) through the policy with
 * `gate`, or with no gate for 'always'. settle() (optional) is awaited after
 * each frame: an asynchronous gate finishes its work before the next frame
 * arrives, as it does at real-time pace. Returns per-frame billed and sent
 * flags, the sessions [openMs, closeMs] and the CPU time spent in the gate.
 */
async function runPolicy({ frames, frameMs, idleMs, gate, settle }) {
  const billed = new Uint8Array(frames.length);
  const sent = new Uint8Array(frames.length);
  const sessions = [];
  if (!gate) {
    billed.fill(1);
    sent.fill(1);
    sessions.push([0, frames.length * frameMs]);
    return { billed, sent, sessions, gateCpuMs: 0 };
  }
  const index = new Map(); // held Buffer -> frame index
  let gateOpen = false;
  let lastAudioAt = -Infinity;
  let openAt; // the open session's start, or undefined
  let gateCpuMicros = 0;
  for (let i = 0; i < frames.length; i++) {
    const now = (i + 1) * frameMs; // the frame has fully arrived
    if (openAt !== undefined && now >= Math.max(lastAudioAt, openAt) + idleMs) {
      sessions.push([openAt, Math.max(lastAudioAt, openAt) + idleMs]);
      openAt = undefined;
    }
    const before = process.cpuUsage();
    const speech = gate.hasSpeech(frames[i]);
    if (settle) await settle();
    const used = process.cpuUsage(before);
    gateCpuMicros += used.user + used.system;
    if (speech) lastAudioAt = now;
    if (gateOpen && openAt === undefined && now - lastAudioAt >= idleMs) gateOpen = false;
    let goesOut = gateOpen;
    if (!gateOpen) {
      if (!speech) {
        gate.hold(frames[i]);
        index.set(frames[i], i);
      } else {
        gateOpen = true;
        for (const held of gate.release()) sent[index.get(held)] = 1;
        index.clear();
        goesOut = true;
      }
    }
    if (goesOut) {
      sent[i] = 1;
      if (openAt === undefined) openAt = now;
    }
    if (openAt !== undefined) billed[i] = 1;
  }
  if (openAt !== undefined) sessions.push([openAt, frames.length * frameMs]);
  return { billed, sent, sessions, gateCpuMs: gateCpuMicros / 1000 };
}

/** Cuts 16-bit PCM into frames of frameMs (the last partial frame is dropped). */
function toFrames(pcm, sampleRate, frameMs) {
  const bytes = (sampleRate * 2 * frameMs) / 1000;
  const frames = [];
  for (let at = 0; at + bytes <= pcm.length; at += bytes) frames.push(pcm.subarray(at, at + bytes));
  return frames;
}

/** The commands whose spoken part did not wholly reach a session. */
function lostCommands(commands, sent, samplesPerFrame) {
  return commands.filter((c) => {
    for (let f = Math.floor(c.onset / samplesPerFrame); f <= Math.floor(c.end / samplesPerFrame); f++) if (!sent[f]) return true;
    return false;
  });
}

module.exports = { runPolicy, toFrames, lostCommands };
