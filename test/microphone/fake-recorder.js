'use strict';
// A scripted stand-in for pvrecorder, loaded by the capture worker through a
// RecorderSource in tests. Plain CommonJS so that it loads in any worker, the
// compiled one from dist/ included. It reports every call on a
// BroadcastChannel (when `logChannel` is given) so a test on the main thread
// can follow what happened inside the worker, and flags misuse (a read after
// release, overlapping reads, release during a read) as 'violation' events.
//
// Scenario options (all optional):
//   devices          names returned by listDevices (default ["Fake Mic A", "Fake Mic B"])
//   readDelayMs      time each read takes (default 2)
//   readDelays       { [readOrdinal]: ms } per-read override, e.g. a slow read to close during
//   blockingReads    spend the delay blocked, as pvrecorder does (a timer, then a synchronous
//                    wait), so that messages to the worker wait until the read is over
//   failReads        read ordinals (1-based, counted over all recorders) that reject with an IO error
//   failReadsFrom    every read from this ordinal on fails (a stalled device) ...
//   failReadsUntil   ... up to and including this ordinal, if given
//   createFailures   how many createRecorder calls throw first
//   logChannel       BroadcastChannel name for the call log
const { BroadcastChannel } = require('node:worker_threads');

/** The value of sample number k (counted over the whole capture) that the fake produces. */
function sampleAt(k) {
  return (((k * 37 + 11) & 0xffff) << 16) >> 16;
}

function ioError() {
  const error = new Error('PvRecorder failed to read audio data frame.');
  error.name = 'PvRecorderIOError';
  return error;
}

function createRecorderModule(scenario = {}) {
  const devices = scenario.devices || ['Fake Mic A', 'Fake Mic B'];
  const channel = scenario.logChannel ? new BroadcastChannel(scenario.logChannel) : undefined;
  if (channel) channel.unref();
  const log = (event, detail = {}) => {
    if (channel) channel.postMessage({ event, ...detail });
  };
  let creates = 0;
  let reads = 0;
  let nextSample = 0;

  const readFails = (ordinal) =>
    (scenario.failReads || []).includes(ordinal) ||
    (scenario.failReadsFrom !== undefined &&
      ordinal >= scenario.failReadsFrom &&
      (scenario.failReadsUntil === undefined || ordinal <= scenario.failReadsUntil));

  return {
    listDevices() {
      log('list');
      return devices.slice();
    },
    createRecorder(frameLength, deviceIndex, bufferedFrames) {
      creates++;
      const id = creates;
      log('create', { id, frameLength, deviceIndex, bufferedFrames });
      if (creates <= (scenario.createFailures || 0)) throw new Error('fake: PvRecorder failed to initialize.');
      let started = false;
      let released = false;
      let reading = false;
      const violation = (what) => log('violation', { id, what });
      return {
        start() {
          if (released) violation('start after release');
          started = true;
          log('start', { id });
        },
        stop() {
          if (released) violation('stop after release');
          if (reading) violation('stop during read');
          started = false;
          log('stop', { id });
        },
        release() {
          if (reading) violation('release during read');
          released = true;
          log('release', { id });
        },
        read() {
          reads++;
          const ordinal = reads;
          if (released) {
            violation('read after release');
            return Promise.reject(new Error('fake: read after release'));
          }
          if (reading) violation('overlapping reads');
          if (!started) return Promise.reject(new Error('fake: read before start'));
          reading = true;
          log('read-begin', { id, ordinal });
          const delay = (scenario.readDelays && scenario.readDelays[ordinal]) ?? scenario.readDelayMs ?? 2;
          return new Promise((resolve, reject) => {
            const wait = scenario.blockingReads ? 0 : delay;
            setTimeout(() => {
              if (scenario.blockingReads) {
                log('read-blocked', { id, ordinal });
                Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, delay);
              }
              reading = false;
              if (readFails(ordinal)) {
                log('read-end', { id, ordinal, ok: false });
                reject(ioError());
                return;
              }
              const frame = new Int16Array(frameLength);
              const first = nextSample;
              for (let i = 0; i < frameLength; i++) frame[i] = sampleAt(nextSample++);
              log('read-end', { id, ordinal, ok: true, firstSample: first });
              resolve(frame);
            }, wait);
          });
        },
      };
    },
  };
}

module.exports = { createRecorderModule, sampleAt };
