'use strict';
// Bench-only instrumentation, the same for every contender, installed on the
// one `ws` module every contender uses (our session, the assemblyai SDK and the
// bare client all resolve node_modules/ws):
// - frames: each audio frame's due time (the pacer's schedule), the time it
//   entered the client (our transcriber's Node-RED onReceive hook; the library
//   call for the others) and the time ws.send() returned for it, i.e. its bytes
//   were handed to the TLS socket. Sockets are tied to sessions by the
//   synchronous context that creates or first feeds them.
// - turns: the time the TLS socket delivered the chunk holding a turn's final
//   message to JavaScript ('data' event), to the time the turn leaves the client
//   (our turn filter's output; the SDK's or bare client's turn callback).
// No product code is changed: the wrappers only add timestamps.
const { EventEmitter } = require('node:events');
const WebSocket = require('ws');
const { Samples } = require('./samples');

/** A FIFO of numbers without shifting arrays. */
class NumberQueue {
  constructor() {
    this.items = [];
    this.head = 0;
  }
  push(value) {
    this.items.push(value);
  }
  shift() {
    if (this.head >= this.items.length) return undefined;
    const value = this.items[this.head++];
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return value;
  }
  get length() {
    return this.items.length - this.head;
  }
}

/**
 * A session kept real time when, over the window, none of its frames was
 * missing, none reached its socket more than MAX_LATE_MS after its scheduled
 * time, and at least ON_TIME_SHARE of them within ON_TIME_MS (two frames).
 * The share tolerates one short stall of the shared machine; a client that
 * cannot keep up is late on most frames.
 */
const ON_TIME_MS = 100;
const ON_TIME_SHARE = 0.98;
const MAX_LATE_MS = 1000;

class Tracker {
  constructor(sessionCount, { latency = true } = {}) {
    this.latency = latency;
    this.sessions = Array.from({ length: sessionCount }, () => ({
      due: new NumberQueue(),
      entered: new NumberQueue(),
      dueInWindow: 0,
      writtenInWindow: 0,
      maxLateMs: 0,
      lateFrames: 0,
      turns: 0,
      begun: false,
      socketBound: false,
    }));
    this.windowStart = Infinity;
    this.windowEnd = Infinity;
    this.current = -1;
    this.arrivalAt = undefined;
    this.socketOwners = new WeakMap();
    this.unattributedSends = 0;
    this.turnArrivals = new Map();
    this.turnsWithoutArrival = 0;
    this.frameLatency = new Samples();
    this.frameLateness = new Samples();
    this.turnLatency = new Samples();
    this.framesWrittenTotal = 0;
    /** Time spent (ms, in the window) handling socket 'data' events: ws parsing and everything the client does for each server message. */
    this.receivePathMs = 0;
    /** Time spent (ms, in the window) in the driver's frame() calls. */
    this.sendCallMs = 0;
    /** Node-RED only: time (ms, in the window) inside node input handlers, by node type. */
    this.handlerMs = {};
    this.handlerMessages = {};
  }

  /** Adds a span to a time account when it started in the window. */
  account(name, start, end) {
    if (this.inWindow(start)) this[name] += end - start;
  }

  accountHandler(type, start, end) {
    if (!this.inWindow(start)) return;
    this.handlerMs[type] = (this.handlerMs[type] || 0) + (end - start);
    this.handlerMessages[type] = (this.handlerMessages[type] || 0) + 1;
  }

  setWindow(start, end) {
    this.windowStart = start;
    this.windowEnd = end;
  }

  inWindow(t) {
    return t >= this.windowStart && t < this.windowEnd;
  }

  /** The pacer hands frame k of session i to the client now; it was due at `due`. */
  frameDue(i, due) {
    const s = this.sessions[i];
    s.due.push(due);
    if (this.inWindow(due)) s.dueInWindow++;
  }

  /** The frame entered the client (our transcriber's onReceive, or the library call). */
  frameEntered(i, t) {
    this.sessions[i].entered.push(t);
  }

  bindSocket(ws, i) {
    if (!this.socketOwners.has(ws)) {
      this.socketOwners.set(ws, i);
      this.sessions[i].socketBound = true;
    }
  }

  frameWritten(ws, t) {
    let i = this.socketOwners.get(ws);
    if (i === undefined) {
      if (this.current < 0) {
        this.unattributedSends++;
        return;
      }
      i = this.current;
      this.bindSocket(ws, i);
    }
    const s = this.sessions[i];
    const due = s.due.shift();
    const entered = s.entered.shift();
    this.framesWrittenTotal++;
    if (due === undefined || !this.inWindow(due)) return;
    s.writtenInWindow++;
    const late = t - due;
    if (late > s.maxLateMs) s.maxLateMs = late;
    if (late > ON_TIME_MS) s.lateFrames++;
    this.frameLateness.add(late);
    if (entered !== undefined) this.frameLatency.add(t - entered);
  }

  /** A final turn left the client library's message handling (keyed by session id and turn order). */
  turnEmitted(key) {
    if (this.arrivalAt === undefined) {
      this.turnsWithoutArrival++;
      return;
    }
    this.turnArrivals.set(key, this.arrivalAt);
  }

  /** The turn left the client (turn filter output, or the library's callback). */
  turnDelivered(i, key, t) {
    this.sessions[i].turns++;
    const arrival = this.turnArrivals.get(key);
    if (arrival === undefined) return;
    this.turnArrivals.delete(key);
    if (this.inWindow(arrival)) this.turnLatency.add(t - arrival);
  }

  /** For clients whose turn callback is the delivery: arrival -> now. */
  turnReceived(i, t) {
    this.sessions[i].turns++;
    if (this.arrivalAt === undefined) {
      this.turnsWithoutArrival++;
      return;
    }
    if (this.inWindow(this.arrivalAt)) this.turnLatency.add(t - this.arrivalAt);
  }

  summary() {
    let realTime = 0;
    let everyFrameOnTime = 0;
    let missing = 0;
    let turns = 0;
    let due = 0;
    let late = 0;
    for (const s of this.sessions) {
      const lost = s.dueInWindow - s.writtenInWindow;
      missing += lost;
      turns += s.turns;
      due += s.dueInWindow;
      late += s.lateFrames + lost;
      if (s.dueInWindow === 0 || lost > 0) continue;
      if (s.maxLateMs <= MAX_LATE_MS && s.lateFrames <= (1 - ON_TIME_SHARE) * s.dueInWindow) realTime++;
      if (s.lateFrames === 0) everyFrameOnTime++;
    }
    return {
      sessions: this.sessions.length,
      sessionsRealTime: realTime,
      sessionsEveryFrameOnTime: everyFrameOnTime,
      framesOnTimeShare: due > 0 ? (due - late) / due : NaN,
      realTimeRule: { onTimeMs: ON_TIME_MS, onTimeShare: ON_TIME_SHARE, maxLateMs: MAX_LATE_MS },
      framesMissingInWindow: missing,
      framesWritten: this.framesWrittenTotal,
      unattributedSends: this.unattributedSends,
      turnsDelivered: turns,
      turnsWithoutArrival: this.turnsWithoutArrival,
      frameLatencyMs: this.frameLatency.summary(),
      frameLatenessMs: this.frameLateness.summary(),
      turnLatencyMs: this.turnLatency.summary(),
      timeInWindowMs: {
        receivePath: this.receivePathMs,
        sendCalls: this.sendCallMs,
        nodeHandlers: this.handlerMs,
      },
      handlerMessages: this.handlerMessages,
    };
  }
}

/**
 * Wraps ws for the tracker: send() (binary frames), the first listener added
 * (ties a socket to the session whose synchronous code created it) and
 * setSocket() (the TLS socket's 'data' events, around ws's own listener).
 */
function instrumentWs(tracker) {
  const proto = WebSocket.prototype;
  const send = proto.send;
  proto.send = function benchSend(data, options, callback) {
    const result = send.call(this, data, options, callback);
    if (typeof data !== 'string') tracker.frameWritten(this, performance.now());
    return result;
  };
  const on = EventEmitter.prototype.on;
  proto.on = function benchOn(event, listener) {
    if (tracker.current >= 0) tracker.bindSocket(this, tracker.current);
    return on.call(this, event, listener);
  };
  proto.addListener = proto.on;
  const setSocket = proto.setSocket;
  proto.setSocket = function benchSetSocket(socket, head, options) {
    socket.prependListener('data', () => {
      tracker.arrivalAt = performance.now();
    });
    setSocket.call(this, socket, head, options);
    socket.on('data', () => {
      if (tracker.arrivalAt !== undefined) tracker.account('receivePathMs', tracker.arrivalAt, performance.now());
      tracker.arrivalAt = undefined;
    });
  };
}

module.exports = { Tracker, instrumentWs, ON_TIME_MS, ON_TIME_SHARE, MAX_LATE_MS };
