'use strict';
// The noisy-day run's verdicts and printed tables: which gate is the default
// by the rule, whether it meets the goal, and the measured figures beside the
// model's (bench/noisy-day.js).
const GOAL = { share: 0.15, lost: 0, cpu: 0.02 };

function pct(x) {
  if (x === undefined || x === null || Number.isNaN(x)) return '-';
  return `${(100 * x).toFixed(x < 0.1 ? 2 : 1)} %`;
}

/** Per gate (always aside): commands lost, worst share with TV talk aside, worst CPU. */
function judgeGates(rows, gateNames) {
  return gateNames
    .filter((g) => g !== 'always')
    .map((g) => {
      const own = rows.filter((r) => r.gate === g);
      const worstShare = Math.max(...own.filter((r) => r.scenario !== 'tv').map((r) => r.billedShareOfAlways));
      const lost = own.reduce((a, r) => a + r.commandsLost, 0);
      const worstCpu = Math.max(...own.map((r) => r.gateCpuPerStream));
      return { gate: g, lost, worstShare, worstCpu, goalMet: lost === 0 && worstShare <= GOAL.share && worstCpu <= GOAL.cpu };
    });
}

/** The default by the rule: of the gates that lose no command and stay within the CPU goal, the lowest worst-scene share (TV aside). */
function chooseDefault(judged) {
  const eligible = judged.filter((j) => j.lost === 0 && j.worstCpu <= GOAL.cpu).sort((a, b) => a.worstShare - b.worstShare);
  return eligible[0];
}

function printTable(log, table) {
  const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
  for (const row of table) log(`  ${row.map((cell, c) => cell.padEnd(widths[c])).join('  ')}`);
}

function printReport(log, { rows, scenes, gateNames, judged, chosen, dayCommands, neuralLoad }) {
  const find = (s, g) => rows.find((x) => x.scenario === s && x.gate === g);
  const header = ['scene', ...gateNames.map((g) => (chosen && g === chosen.gate ? `${g} (default)` : g))];
  log('');
  log(
    `Noisy day, measured (real StreamingSession -> simulator): billed share of always-on (a day of ${dayCommands} commands, background all day) / commands lost / gate CPU per stream (share of one core)`,
  );
  printTable(log, [
    header,
    ...scenes.map((s) => [
      s,
      ...gateNames.map((g) => {
        const r = find(s, g);
        return r ? `${pct(r.billedShareOfAlways)} / ${r.commandsLost} / ${pct(r.gateCpuPerStream)}` : '-';
      }),
    ]),
  ]);
  log('');
  log('Cross-check, billed seconds of the scene run: simulator (session meter) vs model; day share measured vs model');
  printTable(log, [
    header,
    ...scenes.map((s) => [
      s,
      ...gateNames.map((g) => {
        const r = find(s, g);
        if (!r) return '-';
        return `${r.simBilledSeconds.toFixed(1)} (${r.sessionBilledSeconds.toFixed(1)}) vs ${r.modelSceneBilledSeconds.toFixed(1)}; ${pct(r.billedShareOfAlways)} vs ${pct(r.modelBilledShareOfAlways)}`;
      }),
    ]),
  ]);
  log('');
  for (const r of rows) if (r.lost.length) log(`  lost, ${r.scenario} / ${r.gate}: ${r.lost.join('; ')}`);
  for (const r of rows) if (r.errors.length) log(`  errors, ${r.scenario} / ${r.gate}: ${r.errors.join('; ')}`);
  for (const j of judged)
    log(
      `  ${j.gate}: worst share (TV aside) ${pct(j.worstShare)}, ${j.lost} commands lost, worst CPU ${pct(j.worstCpu)}: goal ${j.goalMet ? 'met' : 'MISSED'}`,
    );
  if (neuralLoad)
    log(`  neural: model load ${neuralLoad.loadMs} ms, +${neuralLoad.rssMiB} MiB RSS (onnxruntime-web, WebAssembly, 1 thread)`);
  log(
    chosen
      ? `  default by the rule (0 lost, CPU within goal, lowest worst share): ${chosen.gate}`
      : '  no gate meets 0 lost within the CPU goal',
  );
}

module.exports = { GOAL, pct, judgeGates, chooseDefault, printReport };
