'use strict';
// Parent side of the scale runs: for each N and each contender, a fresh
// simulator process and a fresh contender process, one after another.
const path = require('node:path');
const { startChild } = require('../lib/child');
const { startSimProcess } = require('../lib/sim-handle');
const { loadDemoAudio } = require('../lib/audio');

const CHILD = path.join(__dirname, 'contender-child.js');

async function runOne({ contender, sessions, options, log }) {
  const audio = loadDemoAudio();
  const sim = await startSimProcess({ script: audio.script, loopScript: true, label: `simulator (${contender}, N=${sessions})` });
  let simWindow;
  let simMarkPending = Promise.resolve();
  const config = {
    contender,
    sessions,
    url: sim.url,
    warmupMs: options.warmupSeconds * 1000,
    windowMs: options.durationSeconds * 1000,
    rampPerSecond: options.rampPerSecond,
    openTimeoutMs: 30000 + sessions * 20,
    probe: options.probe,
    speechModel: 'universal-streaming-english',
    variant: options.variant,
  };
  const rampMs = (sessions / options.rampPerSecond) * 1000;
  config.hardLimitMs = rampMs + config.openTimeoutMs + config.warmupMs + config.windowMs + 90000;
  const nodeArgs = ['--expose-gc'];
  if (options.profileDir)
    config.profileFile = path.join(
      options.profileDir,
      `${contender}${options.variant ? `-${options.variant}` : ''}-N${sessions}.cpuprofile`,
    );
  const child = startChild(CHILD, {
    args: [JSON.stringify(config)],
    env: { NODE_EXTRA_CA_CERTS: sim.certFile },
    nodeArgs,
    label: `${contender} N=${sessions}`,
    stdout: 'pipe',
    onMessage: (message) => {
      if (message.type === 'window-start') simMarkPending = sim.request('mark').catch(() => undefined);
      if (message.type === 'window-end') {
        simMarkPending = simMarkPending
          .then(() => sim.request('measure'))
          .then((measured) => {
            simWindow = measured;
          })
          .catch((error) => log(`  simulator measure failed: ${error.message}`));
      }
    },
  });
  let result;
  let failure;
  try {
    const message = await child.waitFor('result', config.hardLimitMs + 10000);
    result = message.result;
  } catch (error) {
    failure = error.message;
  } finally {
    await Promise.race([child.exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    await child.stop(5000);
    await simMarkPending;
  }
  const simFinal = await sim.close();
  if (!result) return { contender, sessions, failed: failure || 'no result' };
  const windowSeconds = simWindow ? simWindow.wallMs / 1000 : NaN;
  result.simulator = simWindow && {
    cpuMs: simWindow.cpuMs,
    cpuMsPerSessionSecond: simWindow.cpuMs / (sessions * windowSeconds),
    cpuShareOfOneCore: simWindow.cpuMs / simWindow.wallMs,
    rssBytes: simWindow.rssBytes,
    loopDelayP99Ms: simWindow.loopDelayP99Ms,
    loopDelayMaxMs: simWindow.loopDelayMaxMs,
  };
  result.simulatorFinal = simFinal && {
    sessionsOpened: simFinal.sessionsOpened,
    terminatedCleanly: simFinal.terminatedCleanly,
    closedByError: simFinal.closedByError,
    closedByClient: simFinal.closedByClient,
    framesReceived: simFinal.framesReceived,
    framesRejected: simFinal.framesRejected,
    finalTurnsSent: simFinal.finalTurnsSent,
    partialTurnsSent: simFinal.partialTurnsSent,
    messagesSent: simFinal.messagesSent,
    billedSeconds: simFinal.billedSeconds,
  };
  const warnings = child
    .stderr()
    .split('\n')
    .filter((line) => /warn|error/i.test(line));
  if (warnings.length > 0) result.childLogTail = warnings.slice(-5);
  return result;
}

async function runScale(options, log) {
  const rows = [];
  for (const sessions of options.sessions) {
    for (const contender of options.contenders) {
      const started = Date.now();
      log(`scale: ${contender} N=${sessions} ...`);
      let row;
      try {
        row = await runOne({ contender, sessions, options, log });
      } catch (error) {
        row = { contender, sessions, failed: error.message };
      }
      rows.push(row);
      log(
        `  ${row.failed ? `FAILED: ${row.failed.split('\n')[0]}` : `cpu ${row.cpuMsPerSessionSecond.toFixed(3)} ms/session-s, begun ${row.begun}/${sessions}, real time ${row.sessionsRealTime}/${sessions}, turns ${row.turnsDelivered}`} (${((Date.now() - started) / 1000).toFixed(0)} s)`,
      );
    }
  }
  return rows;
}

module.exports = { runScale };
