'use strict';
// The floor: a bare `ws` client per session. It sends each frame as it comes,
// parses every server message and counts end-of-turn messages. No buffering,
// no reconnects, no framing: the least any client must do.
const WebSocket = require('ws');

function createContender({ url, sessions, tracker, apiKey, speechModel }) {
  const sockets = new Array(sessions);
  const begun = new Uint8Array(sessions);
  const state = { begun: 0, closed: 0, errors: 0, skippedBeforeBegin: 0 };
  const query = `speech_model=${encodeURIComponent(speechModel)}&sample_rate=16000&encoding=pcm_s16le`;

  return {
    state,
    async setup() {},
    async prepare() {},
    open(i) {
      const ws = new WebSocket(`${url}?${query}`, { headers: { Authorization: apiKey }, perMessageDeflate: false });
      tracker.bindSocket(ws, i);
      sockets[i] = ws;
      ws.on('error', () => {
        state.errors++;
      });
      ws.on('message', (data, isBinary) => {
        if (isBinary) return;
        const message = JSON.parse(data.toString());
        if (message.type === 'Turn') {
          if (message.end_of_turn) tracker.turnReceived(i, performance.now());
        } else if (message.type === 'Begin') {
          begun[i] = 1;
          state.begun++;
        }
      });
      ws.on('close', () => {
        state.closed++;
      });
    },
    frame(i, frame, due) {
      if (!begun[i]) {
        state.skippedBeforeBegin++;
        return;
      }
      const ws = sockets[i];
      if (ws.readyState !== WebSocket.OPEN) return;
      tracker.frameDue(i, due);
      tracker.frameEntered(i, performance.now());
      ws.send(frame);
    },
    async stopAll(timeoutMs) {
      const closes = [];
      for (const ws of sockets) {
        if (!ws || ws.readyState !== WebSocket.OPEN) continue;
        closes.push(new Promise((resolve) => ws.once('close', resolve)));
        ws.send(JSON.stringify({ type: 'Terminate' }));
      }
      await boundedAll(closes, timeoutMs);
      for (const ws of sockets) if (ws && ws.readyState !== WebSocket.CLOSED) ws.terminate();
    },
    async teardown() {},
  };
}

function boundedAll(promises, timeoutMs) {
  let timer;
  return Promise.race([Promise.all(promises), new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]).finally(() =>
    clearTimeout(timer),
  );
}

module.exports = { createContender, boundedAll, label: 'bare ws client (floor)' };
