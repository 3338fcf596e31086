'use strict';
// Maps what a real StreamingSession did with a scene back onto the scene, so a
// command can be judged lost or not from what happened, not from a model.
//
// Which scene frames went out, in order: a transparent wrapper round the
// session's gate (recordSentOrder) sees every frame the session rates, which
// ones it holds as pre-roll and which held ones it releases; a frame that is
// rated and not held goes out (the rule of passesGate in
// src/session/audio-pipeline.ts). Without a gate (always) every frame goes out.
// Which connection got which frames: the session's audio goes out in order and
// each connection takes the next stretch of it, so the simulator's own count
// of samples received per connection (oldest connection first) cuts the sent
// order into one slice per connection. Stream time t ms of a connection is then
// scene frame slice[floor(t / frameMs)], exactly, whatever the network did.

/**
 * Wraps an AudioGate without changing what it decides. Frames are numbered in
 * the order the session rates them (one write of one frame is one rating, so
 * rating k is scene frame k; rated() lets the caller check that).
 * Returns { gate, sent(): scene frame indices in the order they went out, rated() }.
 */
function recordSentOrder(inner) {
  const order = [];
  const heldIndex = new Map(); // held chunk -> scene frame index
  let rated = 0;
  let current = -1; // the frame rated last, not yet known to be held or sent
  let currentHeld = false;
  const settle = () => {
    if (current >= 0 && !currentHeld) order.push(current);
    current = -1;
  };
  const gate = {
    hasSpeech(chunk) {
      settle();
      current = rated++;
      currentHeld = false;
      return inner.hasSpeech(chunk);
    },
    hold(chunk) {
      if (current >= 0) {
        currentHeld = true;
        heldIndex.set(chunk, current);
      }
      return inner.hold(chunk);
    },
    release() {
      const held = inner.release();
      for (const chunk of held) {
        const i = heldIndex.get(chunk);
        if (i !== undefined) order.push(i);
      }
      heldIndex.clear();
      return held;
    },
    get heldBytes() {
      return inner.heldBytes;
    },
  };
  return {
    gate,
    sent() {
      settle();
      return order.slice();
    },
    rated: () => rated,
  };
}

/**
 * One slice of the sent order per connection: [{ sessionId, frames: [scene
 * frame index, ...], beganAt, closedAt }], from the simulator's connection
 * records (oldest first). `unaccounted` is what the sent order and the
 * simulator's counts disagree on (frames sent that no connection received, as
 * a positive number; received beyond what was sent, negative): 0 when the cut is exact.
 */
function connectionSlices(sentOrder, records, samplesPerFrame) {
  const slices = [];
  let at = 0;
  for (const r of records) {
    const n = Math.round(r.samplesReceived / samplesPerFrame);
    slices.push({ sessionId: r.sessionId, frames: sentOrder.slice(at, at + n), beganAt: r.beganAt, closedAt: r.closedAt });
    at += n;
  }
  return { slices, unaccounted: sentOrder.length - at };
}

/**
 * Final turns [{ sessionId, startMs, endMs }] in stream time -> scene spans
 * [{ fromMs, toMs }] (a frame's span is [i, i + 1) x frameMs). A turn whose
 * words fall outside its connection's slice is left out (and counted).
 */
function turnSceneSpans(turns, slices, frameMs) {
  const byId = new Map(slices.filter((s) => s.sessionId).map((s) => [s.sessionId, s]));
  const spans = [];
  let unmapped = 0;
  for (const t of turns) {
    const slice = byId.get(t.sessionId);
    const first = slice && slice.frames[Math.floor(t.startMs / frameMs)];
    const last = slice && slice.frames[Math.min(slice.frames.length - 1, Math.floor(Math.max(t.endMs - 1e-6, 0) / frameMs))];
    if (first === undefined || last === undefined) {
      unmapped++;
      continue;
    }
    spans.push({ fromMs: first * frameMs, toMs: (last + 1) * frameMs });
  }
  return { spans, unmapped };
}

/**
 * A command is lost when its audio did not reach a session (a frame of its
 * spoken part is in no connection's slice) or its turn did not come out (no
 * final turn, or final turns that together leave more than edgeMs uncovered at
 * its start or its end). edgeMs allows for the simulator's energy VAD, which
 * starts a turn at the first 10 ms window above its threshold, a little after
 * the first sample the scene counts as spoken; delivery itself is checked frame by frame.
 * Commands: [{ text, onset, end }] in samples. Returns [{ text, delivered, out, reason }].
 */
function judgeCommands(commands, { slices, spans, samplesPerFrame, sampleRate, frameMs, edgeMs = 300 }) {
  const received = new Set();
  for (const s of slices) for (const f of s.frames) received.add(f);
  return commands.map((c) => {
    const firstFrame = Math.floor(c.onset / samplesPerFrame);
    const lastFrame = Math.floor(c.end / samplesPerFrame);
    let delivered = true;
    for (let f = firstFrame; f <= lastFrame; f++) if (!received.has(f)) delivered = false;
    const onsetMs = (c.onset / sampleRate) * 1000;
    const endMs = (c.end / sampleRate) * 1000;
    // The union of the final turns that overlap the command, grown from the one holding its middle.
    const overlapping = spans.filter((s) => s.toMs > onsetMs && s.fromMs < endMs).sort((a, b) => a.fromMs - b.fromMs);
    let from = Infinity;
    let to = -Infinity;
    for (const s of overlapping) {
      if (to === -Infinity || s.fromMs <= to + frameMs) {
        from = Math.min(from, s.fromMs);
        to = Math.max(to, s.toMs);
      }
    }
    const out = overlapping.length > 0 && from <= onsetMs + edgeMs && to >= endMs - edgeMs;
    const reason = !delivered ? 'audio did not reach a session' : out ? undefined : overlapping.length ? 'turn cut short' : 'no final turn';
    return { text: c.text, delivered, out, reason };
  });
}

/**
 * Per-frame billed flags from billed intervals [{ fromMs, toMs }] in scene
 * time: a frame is billed when a session was open at its middle.
 */
function billedFrames(intervals, frameCount, frameMs) {
  const billed = new Uint8Array(frameCount);
  for (const { fromMs, toMs } of intervals) {
    const first = Math.max(0, Math.ceil(fromMs / frameMs - 0.5));
    const last = Math.min(frameCount - 1, Math.floor(toMs / frameMs - 0.5));
    for (let f = first; f <= last; f++) billed[f] = 1;
  }
  return billed;
}

/** Wall-clock ms (Date.now()) -> scene ms, from the wall time at which each frame was written (frame i holds [i, i + 1) x frameMs). */
function wallToScene(writeWall, frameMs) {
  return (wall) => {
    let lo = 0;
    let hi = writeWall.length - 1;
    if (wall < writeWall[0]) return frameMs - (writeWall[0] - wall);
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (writeWall[mid] <= wall) lo = mid;
      else hi = mid - 1;
    }
    // Frame lo has fully arrived when it is written: its end is the scene time then.
    return (lo + 1) * frameMs + Math.min(frameMs, wall - writeWall[lo]);
  };
}

module.exports = { recordSentOrder, connectionSlices, turnSceneSpans, judgeCommands, billedFrames, wallToScene };
