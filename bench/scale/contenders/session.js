'use strict';
// This package's StreamingSession library alone (no Node-RED, no turn filter):
// shows how much of the node's cost is the session and how much is Node-RED.
// auto policy: each session opens on its first audio; audio written while it
// connects is queued and sent on Begin.
const { StreamingSession } = require('../../../dist/session');
const { boundedAll } = require('./ws');

function createContender({ url, sessions, tracker, apiKey, speechModel }) {
  const list = new Array(sessions);
  const state = { begun: 0, closed: 0, errors: 0, skippedBeforeBegin: 0 };

  return {
    state,
    async setup() {},
    async prepare() {},
    open(i) {
      const session = new StreamingSession({ url, apiKey, params: { speech_model: speechModel }, policy: 'auto', openOn: 'audio' });
      list[i] = session;
      session.on('begin', () => {
        state.begun++;
      });
      session.on('turn', (turn) => {
        if (turn.final) tracker.turnReceived(i, performance.now());
      });
      session.on('error', () => {
        state.errors++;
      });
      session.on('closed', () => {
        state.closed++;
      });
    },
    frame(i, frame, due) {
      tracker.frameDue(i, due);
      tracker.current = i;
      tracker.frameEntered(i, performance.now());
      list[i].write(frame);
      tracker.current = -1;
    },
    async stopAll(timeoutMs) {
      await boundedAll(
        list.filter(Boolean).map((s) => s.close()),
        timeoutMs,
      );
    },
    async teardown() {},
  };
}

module.exports = { createContender, label: 'StreamingSession library (no Node-RED)' };
