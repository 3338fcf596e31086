'use strict';
// Parent side of the sparse-day cost run: one simulator process per policy,
// the cost child (cost-child.js), then billing extrapolated to a day and the
// words spoken compared with the words received.
const fs = require('node:fs');
const path = require('node:path');
const { startChild } = require('../lib/child');
const { startSimProcess } = require('../lib/sim-handle');
const { loadDemoAudio } = require('../lib/audio');
const { compareWords } = require('./words');
const { extrapolateDay, DAY_COMMANDS, DAY_SECONDS, IDLE_SECONDS } = require('./day-plan');

const ROOT = path.resolve(__dirname, '..', '..');
const CHILD = path.join(__dirname, 'cost-child.js');

/** Where the auto policy's "open on speech" option exists: the node, the session library, or nowhere yet. */
function openOnSupport() {
  const read = (file) => {
    try {
      return fs.readFileSync(path.join(ROOT, 'dist', file), 'utf8');
    } catch {
      return '';
    }
  };
  const inSession = read('session/options.js').includes('openOn');
  const inNode = read('config/transcriber-settings.js').includes('openOn');
  return inNode && inSession ? 'node-red' : inSession ? 'session' : 'none';
}

function policyPlan(support) {
  const plan = [
    { key: 'always', label: 'always (continuous stream)', policy: 'always', source: 'continuous', perCommand: false },
    {
      key: 'manual',
      label: 'manual: start/stop around each command (continuous stream)',
      policy: 'manual',
      source: 'continuous',
      perCommand: true,
    },
    {
      key: 'auto-commands',
      label: "auto (openOn: 'audio'), source sends audio only during commands",
      policy: 'auto',
      source: 'commands',
      openOn: 'audio',
      perCommand: true,
    },
    {
      key: 'auto-continuous',
      label: "auto (openOn: 'audio'), continuous stream",
      policy: 'auto',
      source: 'continuous',
      openOn: 'audio',
      perCommand: false,
    },
  ];
  if (support !== 'none') {
    plan.push({
      key: 'auto-speech',
      label: `auto (openOn: 'speech'), continuous stream${support === 'session' ? ' (StreamingSession library: the node has no such field yet)' : ''}`,
      policy: 'auto',
      source: 'continuous',
      openOn: 'speech',
      perCommand: true,
    });
  }
  return plan.map((p) => ({ ...p, driver: p.openOn === 'speech' && support === 'session' ? 'session' : 'node-red' }));
}

async function runCost(options, log) {
  const audio = loadDemoAudio();
  const support = openOnSupport();
  const plan = policyPlan(support);
  const texts = Array.from({ length: options.costCommands }, (_, c) => audio.commands[c % audio.commands.length].text);
  const sims = new Map();
  try {
    for (const p of plan) sims.set(p.key, await startSimProcess({ script: texts, loopScript: false, label: `simulator (${p.key})` }));
    // Each simulator makes its own self-signed certificate, all with the same
    // subject, so one NODE_EXTRA_CA_CERTS file cannot trust them all: each
    // account gets its simulator's certificate in its CA cert field instead.
    const config = {
      policies: plan.map((p) => ({ ...p, simUrl: sims.get(p.key).url, simCertPem: fs.readFileSync(sims.get(p.key).certFile, 'utf8') })),
      commandCount: options.costCommands,
      gapMs: options.costGapSeconds * 1000,
      idleSeconds: IDLE_SECONDS,
    };
    const runMs = options.costCommands * (options.costGapSeconds * 1000 + 4000) + 60000;
    const child = startChild(CHILD, {
      args: [JSON.stringify(config)],
      label: 'cost run',
      stdout: 'pipe',
      onMessage: (message) => {
        if (!message || message.type !== 'sim-request') return;
        const sim = sims.get(message.policyKey);
        const reply = (payload) => {
          if (child.child.connected) child.child.send({ type: 'sim-reply', requestId: message.requestId, ...payload });
        };
        if (!sim) return reply({ error: `no simulator ${message.policyKey}` });
        sim.request(message.cmd, message.args).then(
          (result) => reply({ result }),
          (error) => reply({ error: error.message }),
        );
      },
    });
    log(
      `cost: ${plan.length} policies, ${options.costCommands} commands, ${options.costGapSeconds} s gaps (about ${Math.round(runMs / 1000 - 60)} s) ...`,
    );
    let result;
    try {
      result = (await child.waitFor('result', runMs)).result;
    } finally {
      await Promise.race([child.exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      await child.stop(5000);
    }
    const alwaysRow = result.results.find((r) => r.key === 'always');
    const rows = result.results.map((r) => {
      const gapsSeenClosed = r.gapsChecked > 0 && r.gapsClosed === r.gapsChecked;
      const day = extrapolateDay({
        billedSeconds: r.billedSeconds,
        wallSeconds: r.wallSeconds,
        commands: r.commands,
        gapsSeenClosed,
        perCommand: r.perCommand,
      });
      return { ...r, words: compareWords(r.spokenTexts, r.finals), day };
    });
    const alwaysDay = rows.find((r) => r.key === 'always');
    for (const row of rows) row.shareOfAlways = alwaysDay ? row.day.billedPerDay / alwaysDay.day.billedPerDay : NaN;
    return {
      openOnSupport: support,
      dayCommands: DAY_COMMANDS,
      daySeconds: DAY_SECONDS,
      commands: options.costCommands,
      gapSeconds: options.costGapSeconds,
      idleSeconds: result.idleSeconds,
      alwaysWallSeconds: alwaysRow && alwaysRow.wallSeconds,
      rows,
    };
  } finally {
    for (const sim of sims.values()) await sim.close();
  }
}

module.exports = { runCost, openOnSupport };
