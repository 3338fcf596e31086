'use strict';
// Real-time audio driver shared by every contender. Session i belongs to one of
// `groups` phase groups spread evenly over the 50 ms frame period (as
// independent microphones would be), starts in ramp batches, and plays the
// audio loop from its own offset so turns do not all end together.
// Frame k of session i is due at start_i + k * frameMs; the pacer hands every
// frame whose time has come to the client, and stops on its own at `stopAt`.

class Pacer {
  /**
   * @param {object} o
   * @param {number} o.sessions
   * @param {Buffer[]} o.frames the audio loop
   * @param {number} o.frameMs
   * @param {number} o.groups phase groups per frame period
   * @param {number} o.rampBatch sessions started together
   * @param {number} o.rampStepMs time between batches
   * @param {(i: number) => void} o.open called once, right before session i's first frame
   * @param {(i: number, frame: Buffer, due: number) => void} o.frame
   */
  constructor(o) {
    this.o = o;
    this.timer = undefined;
    this.stopped = false;
    this.events = 0;
    this.pacerLateMaxMs = 0;
    this.opened = new Uint8Array(o.sessions);
    this.byGroup = Array.from({ length: o.groups }, () => []);
    for (let i = 0; i < o.sessions; i++) this.byGroup[i % o.groups].push(i);
  }

  /** Session i's first due time, relative to t0. */
  startOffset(i) {
    const { frameMs, groups, rampBatch, rampStepMs } = this.o;
    const batch = Math.floor(i / rampBatch);
    return batch * rampStepMs + (i % groups) * (frameMs / groups);
  }

  /** Time (relative to t0) by which every session has started. */
  rampMs() {
    return this.startOffset(this.o.sessions - 1) + this.o.frameMs;
  }

  start(stopAfterMs) {
    this.t0 = performance.now() + 20;
    this.stopAt = this.t0 + stopAfterMs;
    this.stepMs = this.o.frameMs / this.o.groups;
    this.schedule();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  schedule() {
    if (this.stopped) return;
    const nextDue = this.t0 + this.events * this.stepMs;
    this.timer = setTimeout(() => this.run(), Math.max(0, nextDue - performance.now()));
  }

  run() {
    const { frames, frameMs, groups } = this.o;
    const now = performance.now();
    // Every event whose time has come; bounded by the schedule itself.
    for (;;) {
      const due = this.t0 + this.events * this.stepMs;
      if (due > now || due >= this.stopAt) break;
      const group = this.events % groups;
      const tick = Math.floor(this.events / groups);
      const late = now - due;
      if (late > this.pacerLateMaxMs) this.pacerLateMaxMs = late;
      for (const i of this.byGroup[group]) {
        const first = Math.round(this.startOffset(i) / frameMs - (i % groups) / groups);
        if (tick < first) continue;
        if (!this.opened[i]) {
          this.opened[i] = 1;
          this.o.open(i);
        }
        const k = tick - first;
        this.o.frame(i, frames[(k + i * 37) % frames.length], due);
      }
      this.events++;
    }
    if (this.t0 + this.events * this.stepMs >= this.stopAt) {
      this.stopped = true;
      return;
    }
    this.schedule();
  }
}

module.exports = { Pacer };
