'use strict';
// The official `assemblyai` SDK's StreamingTranscriber, one per session. It
// dials only wss://; the process trusts the simulator's certificate through
// NODE_EXTRA_CA_CERTS. Frames are sent after connect() resolved (Begin).
const { AssemblyAI } = require('assemblyai');
const { boundedAll } = require('./ws');

function createContender({ url, sessions, tracker, apiKey, speechModel }) {
  const client = new AssemblyAI({ apiKey });
  const transcribers = new Array(sessions);
  const begun = new Uint8Array(sessions);
  const state = { begun: 0, closed: 0, errors: 0, skippedBeforeBegin: 0 };

  return {
    state,
    async setup() {},
    async prepare() {},
    open(i) {
      const transcriber = client.streaming.transcriber({ websocketBaseUrl: url, sampleRate: 16000, speechModel });
      transcribers[i] = transcriber;
      transcriber.on('turn', (turn) => {
        if (turn.end_of_turn) tracker.turnReceived(i, performance.now());
      });
      transcriber.on('error', () => {
        state.errors++;
      });
      transcriber.on('close', () => {
        state.closed++;
      });
      transcriber.connect().then(
        () => {
          tracker.bindSocket(transcriber.socket, i);
          begun[i] = 1;
          state.begun++;
        },
        () => {
          state.errors++;
        },
      );
    },
    frame(i, frame, due) {
      if (!begun[i]) {
        state.skippedBeforeBegin++;
        return;
      }
      tracker.frameDue(i, due);
      tracker.frameEntered(i, performance.now());
      transcribers[i].sendAudio(frame);
    },
    async stopAll(timeoutMs) {
      const closes = transcribers.filter((t, i) => t && begun[i]).map((t) => t.close(true).catch(() => undefined));
      await boundedAll(closes, timeoutMs);
    },
    async teardown() {},
  };
}

module.exports = { createContender, label: 'assemblyai SDK 4.41.5' };
