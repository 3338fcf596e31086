'use strict';
// npm run bench: scale runs (N concurrent real-time sessions through each
// client, against the simulator in its own process over wss:// on loopback)
// and the sparse-day cost run; prints the tables, writes them as JSON to
// bench/results/ and, for a full run, to docs/readme/benchmarks.md.
// Run after `npm run build` (npm run bench builds first).
const fs = require('node:fs');
const path = require('node:path');
const { parseArgs, USAGE } = require('./lib/args');
const { machineInfo, loadAverage } = require('./lib/machine');
const report = require('./lib/report');
const { writeDocs } = require('./lib/docs');

const ROOT = path.resolve(__dirname, '..');
const RESULTS = path.join(__dirname, 'results');

/** bench/micro/node-costs.js in its own process; its JSON line. */
function runMicro() {
  const { execFile } = require('node:child_process');
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [path.join(__dirname, 'micro', 'node-costs.js'), '--json'],
      { timeout: 120000, maxBuffer: 10 * 2 ** 20 },
      (error, stdout) => {
        const line = String(stdout)
          .split('\n')
          .find((l) => l.startsWith('BENCH-JSON '));
        if (line) resolve(JSON.parse(line.slice('BENCH-JSON '.length)));
        else reject(error || new Error('no output'));
      },
    );
  });
}

function log(line) {
  process.stdout.write(`${line}\n`);
}

async function main() {
  const argv = process.argv.slice(2);
  // A run of its own, with its own flags (bench/noisy-day.js).
  if (argv.includes('--noisy-day')) return require('./noisy-day').main(argv.filter((a) => a !== '--noisy-day'));
  let options;
  try {
    options = parseArgs(argv);
  } catch (error) {
    process.stderr.write(`bench: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (!fs.existsSync(path.join(ROOT, 'dist', 'sim', 'index.js'))) {
    process.stderr.write('bench: dist/ is missing; run `npm run build` first (npm run bench does)\n');
    return 2;
  }
  // Loaded after the dist check: these read dist/ at load time.
  const { runScale } = require('./scale/run-scale');
  const { runCost } = require('./cost/run-cost');

  fs.mkdirSync(RESULTS, { recursive: true });
  const startedAt = new Date();
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  if (options.profile) {
    options.profileDir = path.join(RESULTS, 'profiles', stamp);
    fs.mkdirSync(options.profileDir, { recursive: true });
  }
  const run = {
    startedAt: startedAt.toISOString(),
    machine: machineInfo(),
    loadBefore: loadAverage(),
    options: { ...options, profileDir: undefined },
  };
  log(
    `bench: ${run.machine.nproc} CPUs (${run.machine.cpuModel}), ${run.machine.memoryGiB} GiB, Node ${run.machine.node}; load average ${run.loadBefore.join(', ')}`,
  );

  run.scale = options.scale ? await runScale(options, log) : [];
  run.cost = undefined;
  if (options.cost) {
    try {
      run.cost = await runCost(options, log);
    } catch (error) {
      run.costFailure = error.message;
      log(`cost: FAILED: ${error.message}`);
    }
  }
  try {
    run.micro = await runMicro();
  } catch (error) {
    log(`micro: FAILED: ${error.message}`);
  }
  run.loadAfter = loadAverage();
  run.finishedAt = new Date().toISOString();
  run.targets = report.targets(run.scale, run.cost);

  log('');
  if (run.scale.length > 0) {
    log('Scale: CPU and memory (client process; the simulator measured apart)');
    log(report.textTable(report.scaleTable(run.scale)));
    log('');
    log(
      'Latency (ms): frame = message enters the client -> its bytes handed to the TLS socket; turn = the chunk holding the final turn arrives -> the turn leaves the client',
    );
    log(report.textTable(report.latencyTable(run.scale)));
    log('');
    log('Where the client time goes (ms per session-second; wall time inside each span, so under contention the spans can exceed the CPU)');
    log(report.textTable(report.breakdownTable(run.scale)));
    log('');
  }
  if (run.cost) {
    log(
      `Sparse day (${run.cost.dayCommands} commands over 24 h), compressed to ${run.cost.commands} commands with ${run.cost.gapSeconds} s gaps; auto closes after ${run.cost.idleSeconds} s idle`,
    );
    log(report.textTable(report.costTable(run.cost)));
    log('');
  }
  if (run.micro) {
    log('CPU per call of our per-message paths (one process, no network)');
    log(report.textTable(report.microTable(run.micro)));
    log('');
  }
  if (run.targets.length > 0) {
    log('Targets');
    for (const t of run.targets) log(`  ${t.met ? 'met    ' : 'MISSED '} ${t.target}: ${t.measured}`);
    log('');
  }
  log(`load average before ${run.loadBefore.join(', ')}, after ${run.loadAfter.join(', ')}`);

  const json = `${JSON.stringify(run, null, 2)}\n`;
  const file = path.join(RESULTS, `bench-${stamp}.json`);
  fs.writeFileSync(file, json);
  fs.writeFileSync(path.join(RESULTS, 'latest.json'), json);
  log(`results: ${path.relative(ROOT, file)} (and bench/results/latest.json)`);
  if (options.profileDir)
    log(`profiles: ${path.relative(ROOT, options.profileDir)} (summarize with node bench/tools/profile-summary.js <file>)`);
  if (options.docs) {
    const docs = writeDocs(run);
    log(`docs: ${path.relative(ROOT, docs)}`);
  }
  const failed = run.scale.some((r) => r.failed) || run.costFailure !== undefined;
  return failed ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  },
);
