'use strict';
// Tables (console text and markdown) and target verdicts from a bench run.

const LABELS = {
  'node-red': 'Node-RED nodes (ours)',
  session: 'StreamingSession only (ours, no Node-RED)',
  sdk: 'assemblyai SDK 4.41.5',
  ws: 'bare ws client (floor)',
};

const fixed = (value, digits) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const triple = (s, digits = 2) => (s && s.count ? `${fixed(s.p50, digits)} / ${fixed(s.p99, digits)} / ${fixed(s.max, digits)}` : 'n/a');

function floorOf(rows, row) {
  return rows.find((r) => r.contender === 'ws' && r.sessions === row.sessions && !r.failed);
}

function scaleTable(rows) {
  const header = [
    'N',
    'client',
    'CPU ms per session-s',
    'x floor',
    'simulator CPU ms per session-s',
    'RSS KiB per session',
    'began',
    'kept real time (strict)',
    'frames <= 100 ms late',
    'turns delivered (sim finals)',
    'event-loop delay p99 ms',
  ];
  const body = rows.map((r) => {
    if (r.failed)
      return [String(r.sessions), LABELS[r.contender], `FAILED: ${r.failed.split('\n')[0].slice(0, 80)}`, '', '', '', '', '', '', '', ''];
    const floor = floorOf(rows, r);
    return [
      String(r.sessions),
      LABELS[r.contender],
      fixed(r.cpuMsPerSessionSecond, 3),
      floor ? `${fixed(r.cpuMsPerSessionSecond / floor.cpuMsPerSessionSecond, 2)}x` : 'n/a',
      r.simulator
        ? `${fixed(r.simulator.cpuMsPerSessionSecond, 3)} (${fixed(r.simulator.cpuShareOfOneCore * 100, 0)}% of a core, loop p99 ${fixed(r.simulator.loopDelayP99Ms, 0)} ms${r.simulatorFinal && (r.simulatorFinal.closedByError || r.simulatorFinal.framesRejected) ? `, ${r.simulatorFinal.closedByError} closed by error, ${r.simulatorFinal.framesRejected} frames rejected` : ''})`
        : 'n/a',
      r.sessions >= 10 ? fixed(r.rssPerSessionBytes / 1024, 0) : 'n/a (N < 10)',
      `${r.begun}/${r.sessions}`,
      `${r.sessionsRealTime}/${r.sessions} (${r.sessionsEveryFrameOnTime}/${r.sessions})`,
      `${fixed(r.framesOnTimeShare * 100, 1)}%`,
      `${r.turnsDelivered} (${r.simulatorFinal ? r.simulatorFinal.finalTurnsSent : '?'})`,
      fixed(r.loopDelayP99Ms, 1),
    ];
  });
  return { header, body };
}

function latencyTable(rows) {
  const header = [
    'N',
    'client',
    'frame: in -> socket, p50 / p99 / max ms',
    'frame lateness vs schedule, p50 / p99 / max ms',
    'turn: socket -> out, p50 / p99 / max ms',
  ];
  const body = rows
    .filter((r) => !r.failed)
    .map((r) => [
      String(r.sessions),
      LABELS[r.contender],
      triple(r.frameLatencyMs, 3),
      triple(r.frameLatenessMs, 1),
      triple(r.turnLatencyMs, 2),
    ]);
  return { header, body };
}

/** Where the client's time goes, in ms per session-second (wall time inside each span; CPU in the first column). */
function breakdownTable(rows) {
  const header = [
    'N',
    'client',
    'CPU',
    'socket data events (receive path)',
    'driver calls (send path)',
    'transcriber input handler',
    'turn filter input handler',
    'rest (Node-RED routing, timers, TLS write completion, GC)',
  ];
  const body = rows
    .filter((r) => !r.failed && r.timeInWindowMs)
    .map((r) => {
      const per = (ms) => ms / (r.sessions * (r.windowMs / 1000));
      const t = r.timeInWindowMs;
      const handlers = t.nodeHandlers || {};
      const transcriber = handlers['assemblyai-transcriber'] || 0;
      const filter = handlers['assemblyai-turn-filter'] || 0;
      const spans = t.receivePath + t.sendCalls + Object.values(handlers).reduce((a, b) => a + b, 0);
      const isNodeRed = r.contender === 'node-red';
      return [
        String(r.sessions),
        LABELS[r.contender],
        fixed(r.cpuMsPerSessionSecond, 3),
        fixed(per(t.receivePath), 3),
        fixed(per(t.sendCalls), 3),
        isNodeRed ? fixed(per(transcriber), 3) : '-',
        isNodeRed ? fixed(per(filter), 3) : '-',
        fixed(r.cpuMsPerSessionSecond - per(spans), 3),
      ];
    });
  return { header, body };
}

function costTable(cost) {
  const header = [
    'policy and source',
    'sessions',
    'billed s (run)',
    'wall s (run)',
    'billed s per day',
    '% of always',
    'words spoken / lost / extra',
    'audio s sent / received',
    'gaps seen closed',
  ];
  const body = cost.rows.map((r) => [
    r.label,
    String(r.sessionsOpened),
    fixed(r.billedSeconds, 1),
    fixed(r.wallSeconds, 1),
    `${fixed(r.day.billedPerDay, 0)} (${r.day.method})`,
    `${fixed(r.shareOfAlways * 100, 1)}%`,
    `${r.words.spoken} / ${r.words.lost} / ${r.words.extra}`,
    `${fixed(r.audioSecondsSent, 1)} / ${fixed(r.audioSecondsReceived, 1)}`,
    r.perCommand ? `${r.gapsClosed}/${r.gapsChecked}` : 'n/a',
  ]);
  return { header, body };
}

function microTable(micro) {
  return { header: ['CPU us per call', 'path', 'code'], body: micro.map((m) => [fixed(m.us, 2), m.path, m.file]) };
}

function find(rows, contender, sessions) {
  return rows.find((r) => r.contender === contender && r.sessions === sessions && !r.failed);
}

function targets(scaleRows, cost) {
  const out = [];
  const ours500 = find(scaleRows, 'node-red', 500);
  const floor500 = find(scaleRows, 'ws', 500);
  const sdk500 = find(scaleRows, 'sdk', 500);
  if (ours500 && floor500) {
    const ratio = ours500.cpuMsPerSessionSecond / floor500.cpuMsPerSessionSecond;
    out.push({
      target: 'N=500: CPU per session-second within 1.5x of the bare ws floor',
      measured: `${fixed(ratio, 2)}x (${fixed(ours500.cpuMsPerSessionSecond, 3)} vs ${fixed(floor500.cpuMsPerSessionSecond, 3)} ms)`,
      met: ratio <= 1.5,
    });
  }
  if (ours500 && sdk500) {
    const ratio = ours500.cpuMsPerSessionSecond / sdk500.cpuMsPerSessionSecond;
    out.push({
      target: 'N=500: CPU per session-second no worse than the SDK',
      measured: `${fixed(ratio, 2)}x the SDK (${fixed(sdk500.cpuMsPerSessionSecond, 3)} ms)`,
      met: ratio <= 1,
    });
  }
  const ours1000 = find(scaleRows, 'node-red', 1000);
  if (ours1000) {
    out.push({
      target: 'N=1000: every session kept real time',
      measured: `${ours1000.sessionsRealTime}/1000 (frames <= 100 ms late: ${fixed(ours1000.framesOnTimeShare * 100, 1)}%; lateness p50 ${fixed(ours1000.frameLatenessMs.p50, 0)} ms, p99 ${fixed(ours1000.frameLatenessMs.p99, 0)} ms)`,
      met: ours1000.sessionsRealTime === 1000,
    });
  }
  if (ours500) {
    const frame = ours500.frameLatencyMs.p99;
    const turn = ours500.turnLatencyMs.p99;
    out.push({
      target: 'N=500: added latency p99 under 5 ms (audio frame in -> socket)',
      measured: `${fixed(frame, 3)} ms`,
      met: frame < 5,
    });
    out.push({
      target: 'N=500: added latency p99 under 5 ms (turn: socket -> turn filter output)',
      measured: `${fixed(turn, 2)} ms`,
      met: turn < 5,
    });
  }
  if (cost) {
    for (const row of cost.rows.filter((r) => r.policy === 'auto' && r.perCommand)) {
      out.push({
        target: `sparse day: ${row.label} bills under 10% of always, no words lost`,
        measured: `${fixed(row.shareOfAlways * 100, 1)}%, ${row.words.lost} words lost`,
        met: row.shareOfAlways < 0.1 && row.words.lost === 0,
      });
    }
    if (cost.openOnSupport !== 'node-red') {
      out.push({
        target: "transcriber node offers auto with openOn: 'speech'",
        measured:
          cost.openOnSupport === 'session'
            ? 'only in the StreamingSession library; the node has no field for it yet'
            : 'not implemented yet',
        met: false,
      });
    }
  }
  return out;
}

function textTable({ header, body }) {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => String(row[i]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

function markdownTable({ header, body }) {
  const esc = (c) => String(c).replace(/\|/g, '\\|');
  return [
    `| ${header.map(esc).join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...body.map((row) => `| ${row.map(esc).join(' | ')} |`),
  ].join('\n');
}

module.exports = { scaleTable, latencyTable, breakdownTable, microTable, costTable, targets, textTable, markdownTable, LABELS, fixed };
