'use strict';
// Writes docs/readme/benchmarks.md (and reassembles README.md) from a run: machine, method, tables,
// target verdicts, and the analysis kept in bench/analysis.md.
const fs = require('node:fs');
const path = require('node:path');
const report = require('./report');
const { assemble } = require('../../scripts/readme');

const ROOT = path.resolve(__dirname, '..', '..');
const DOC = path.join(ROOT, 'docs', 'readme', 'benchmarks.md');
const ANALYSIS = path.join(ROOT, 'bench', 'analysis.md');

function writeDocs(run) {
  const m = run.machine;
  const o = run.options;
  const lines = [];
  lines.push('## Benchmarks', '');
  lines.push(
    `Measured on ${run.startedAt.slice(0, 10)} (${run.startedAt.slice(11, 16)} UTC) on a shared ${m.nproc}-core machine (${m.cpuModel}, ${m.memoryGiB} GiB, ${m.platform}), Node ${m.node}. ` +
      `Other jobs were running: the load average was ${run.loadBefore.join(' / ')} (1 / 5 / 15 min) before the run and ${run.loadAfter.join(' / ')} after, so single figures are noisy. ` +
      'Compare the clients with each other: they ran one after another in the same run.',
    '',
  );
  lines.push('### Rerunning', '');
  lines.push(
    '```sh',
    'npm run bench                      # the full run below (about 10 minutes; writes this file)',
    'npm run bench -- --quick           # N = 1 and 10, 5 s windows, a 2-command cost run (about 3 minutes)',
    'npm run bench -- --n=500 --duration=30 --contenders=node-red,ws --no-cost',
    'npm run bench -- --n=500 --contenders=node-red --no-cost --profile   # V8 CPU profile of the window',
    'node bench/tools/profile-summary.js bench/results/profiles/<run>/node-red-N500.cpuprofile',
    '```',
    '',
    'Every run prints the tables and writes them as JSON to `bench/results/` (not committed). Only a full default run rewrites this file (`--docs` forces it).',
    '',
  );
  lines.push('### Method', '');
  lines.push(
    `- **Load.** N concurrent real-time sessions, each sending 50 ms frames of 16 kHz PCM: \`assets/demo-speech.wav\` (14 s, four spoken commands with pauses) played in a loop, each session from its own offset. Sessions start ${o.rampPerSecond} per second and are spread over ten phase groups 5 ms apart, as independent microphones would be. Once every session has begun (Begin received) and ${o.warmupSeconds} s have passed, a ${o.durationSeconds} s window is measured.`,
    "- **Simulator.** The package's simulator (`startSimulator`, as `assemblyai-sim` uses it) runs in its own process on 127.0.0.1 with TLS: every client connects with `wss://` and trusts its self-signed certificate through `NODE_EXTRA_CA_CERTS`, as it would trust a public CA. Its energy VAD finds the speech, and its turns take their text from `assets/demo-speech.txt`. Model `universal-streaming-english` (a partial Turn for every frame with speech, one end-of-turn per turn). A fresh simulator serves each client and N; its CPU is measured over the same window in its own process.",
    '- **Clients**, each in its own child process, one after another:',
    "  - *Node-RED nodes (ours)*: an embedded Node-RED 4 runtime loading this package from its `node_modules` (as a user's install does). Per session: a source node the driver sends the frames through (as a microphone node would) → `assemblyai-transcriber` (auto policy, 50 ms frames, `openOn: 'audio'` so that it sends every frame as the other clients do, where the node's default `'speech'` would hold back the silence; `turnUpdates: 'final'`, as a voice-command flow sets it, since the filter acts on final turns only) → `assemblyai-turn-filter` (final turns; two *sounds like* rules, a regular expression, a word rule and *otherwise*) → a sink. One shared `assemblyai-account`.",
    "  - *StreamingSession only*: this package's session library with no Node-RED and no filter, to show where the cost goes.",
    '  - *assemblyai SDK 4.41.5*: `client.streaming.transcriber(...)`, `connect()`, `sendAudio(frame)`, `on("turn")`.',
    '  - *bare ws client (floor)*: a `ws` socket per session that sends each frame, parses each message and counts end-of-turn messages: the least any client has to do.',
    "- **CPU** is `process.cpuUsage()` of the client process over the window (user + system, all its threads), divided by N × window seconds. **RSS per session** is (RSS at the window's end − RSS before the sessions and flows were created) / N.",
    "- **Real time.** A frame's *lateness* is the time from the moment the schedule gave it to its bytes being handed to the TLS socket. A session *kept real time* when none of its frames in the window was missing, none was more than 1 s late, and at least 98% were at most 100 ms (two frames) late: a client that cannot keep up is late on most frames, while one stall of the shared machine is forgiven. The stricter count in brackets needs every frame within 100 ms.",
    "- **Latency** (the bench wraps `ws` only to read the clock; no product code changes): *frame* = from the audio message entering the client (for the nodes: Node-RED's `onReceive` hook of the transcriber; for the others: the library call) to `ws.send()` returning for that frame, i.e. its bytes handed to the TLS socket. *Turn* = from the TLS socket's `data` event that delivered the final Turn message to JavaScript, to the turn leaving the client (the turn filter's output message, seen by Node-RED's `onSend` hook; the SDK's or the bare client's turn callback). p50, p99 and max over the window.",
    "- **Cost.** A sparse day: 288 voice commands in 24 h (one every five minutes), each one of the four recorded commands (1.1-2.2 s of speech with 0.3 s before and 0.7 s after). The run plays a few of them with the silence between them cut to a few seconds more than the auto policy's 10 s idle close; a continuous source fills the silence with quiet noise (about −66 dBFS) as a live microphone would, a gated source sends nothing between commands. Each policy drives its own transcriber node against its own simulator process at real-time pace. *Billed* is the simulator's `billedSeconds` (socket open time, what AssemblyAI bills). A day is extrapolated two ways, each where it is valid: for policies whose sessions close between commands (manual, auto), 288 × billed per command (the bench checks that no session is open at the end of each gap, so the length of a gap changes nothing); for policies that keep a session open (always, auto fed a continuous stream that opens on any audio), 86,400 s × billed / wall time. *Words lost* compares the words of the commands spoken with the words of the final turns received (normalized, longest common subsequence). The simulator writes the whole scripted sentence for any turn it detects, so this counts lost or merged turns, not a clipped first syllable; the audio columns show how much audio reached the simulator.",
    '',
  );
  lines.push('### Results', '');
  if (run.scale.length > 0) {
    lines.push(
      '**Scale: CPU and memory** (client process; the simulator measured apart)',
      '',
      report.markdownTable(report.scaleTable(run.scale)),
      '',
    );
    lines.push('**Latency**', '', report.markdownTable(report.latencyTable(run.scale)), '');
    lines.push(
      '**Where the client time goes** (ms per session-second: wall time inside each span, from the same probes; the last column is CPU minus the spans)',
      '',
      report.markdownTable(report.breakdownTable(run.scale)),
      '',
    );
  }
  if (run.cost) {
    lines.push(
      `**Sparse day** (${run.cost.dayCommands} commands over 24 h, compressed to ${run.cost.commands} commands with ${run.cost.gapSeconds} s gaps; auto closes after ${run.cost.idleSeconds} s without audio)`,
      '',
      report.markdownTable(report.costTable(run.cost)),
      '',
    );
  }
  lines.push(...noisyDaySection(), ...dashboardSection());
  if (run.micro) {
    lines.push(
      '**CPU per call of our per-message paths** (`bench/micro/node-costs.js`: one process, no network, after a warm-up)',
      '',
      report.markdownTable(report.microTable(run.micro)),
      '',
    );
  }
  if (run.targets.length > 0) {
    lines.push(
      '**Targets**',
      '',
      report.markdownTable({
        header: ['target', 'measured', 'met'],
        body: run.targets.map((t) => [t.target, t.measured, t.met ? 'yes' : '**no**']),
      }),
      '',
    );
  }
  if (fs.existsSync(ANALYSIS)) lines.push(fs.readFileSync(ANALYSIS, 'utf8').trim(), '');
  fs.writeFileSync(DOC, `${lines.join('\n')}\n`);
  fs.writeFileSync(path.join(ROOT, 'README.md'), assemble());
  return DOC;
}

/** The body of a `### heading` section of a docs/readme page, up to the next `###`; undefined when absent. */
function pageSection(page, heading) {
  const file = path.join(ROOT, 'docs', 'readme', page);
  if (!fs.existsSync(file)) return undefined;
  const text = fs.readFileSync(file, 'utf8');
  const start = text.indexOf(`### ${heading}`);
  if (start < 0) return undefined;
  const end = text.indexOf('\n### ', start + 1);
  return text.slice(start + `### ${heading}`.length, end < 0 ? undefined : end).trim();
}

/** The noisy-day table (`npm run bench -- --noisy-day`) lives with its scenes in room.md; the benchmark page repeats it. */
function noisyDaySection() {
  const body = pageSection('room.md', 'Results');
  if (body === undefined) return [];
  return [
    '**Noisy day** (billed share of always-on per scene and gate, measured: every scene and gate streamed through the real session to the simulator; scenes, method and choice in [Listening in a real room](room.md))',
    '',
    body,
    '',
  ];
}

/** The browser-microphone stream figures (bench/dashboard-streams.js) live in dashboard.md; the benchmark page repeats them. */
function dashboardSection() {
  const body = pageSection('dashboard.md', 'Stream figures');
  if (body === undefined) return [];
  return ['**Dashboard streams** (browser microphones into Node-RED; see [the dashboard page](dashboard.md))', '', body, ''];
}

module.exports = { writeDocs, noisyDaySection, dashboardSection };
