#!/usr/bin/env node
// `npm test`: build once, and run the independent checks side by side, since
// much of the suite waits on sockets and timers rather than on the CPU:
//   typecheck (tsc) and lint (eslint + prettier --check), niced, beside
//   mocha (every test under this Node and Node-RED 4, files in parallel workers),
//   and compat (test/compat and the node tests that touch the Node-RED API,
//   under Node 22 + Node-RED 5) once the build is done and its runtimes,
//   installed (when missing) from the start, are in.
// The main mocha output streams live; the others are printed whole when they
// finish, then a table of what passed and how long it took. Every step is
// bounded: one that runs past STEP_LIMIT_MS is killed and counts as failed.
//
// `node scripts/test.js --only unit|e2e|all` runs just that mocha suite
// (test/support/suites.js), with no build, type check or lint.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { suites, filesOf } = require('../test/support/suites');

const root = path.resolve(__dirname, '..');
const STEP_LIMIT_MS = Number(process.env.STEP_LIMIT_MS ?? 15 * 60 * 1000);
const mochaBin = path.join(root, 'node_modules', 'mocha', 'bin', 'mocha.js');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const SLOWEST_SHOWN = 12;
// Workers per mocha run. The tests mostly wait on sockets, timers and real-time audio: with 5
// workers on 2 cores the main suite kept the CPU 65 % busy, and `npm test` as a whole 80 %.
const jobs = String(process.env.MOCHA_JOBS ?? Math.max(2, Math.min(6, 2 * os.availableParallelism() + 1)));

function mochaArgs(suite) {
  return [mochaBin, '--parallel', '--jobs', jobs, ...filesOf(suite)];
}

const children = new Set();
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const child of children) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    process.exit(130);
  });
}

function run(name, command, args, { live = false, env = {} } = {}) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
      env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? (process.stdout.isTTY ? '1' : '0'), ...env },
    });
    children.add(child);
    let output = '';
    // A live step is shown as it runs; its tally line is still read from the output.
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (live) process.stdout.write(chunk);
    });
    child.stderr.on('data', (chunk) => {
      if (live) process.stderr.write(chunk);
      else output += chunk;
    });
    let timedOut = false;
    const limit = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, STEP_LIMIT_MS);
    const finish = (code, error) => {
      clearTimeout(limit);
      children.delete(child);
      const seconds = (Date.now() - started) / 1000;
      if (timedOut) output += `\n${name}: killed after ${STEP_LIMIT_MS / 1000} s\n`;
      if (error) output += `\n${name}: ${error.message}\n`;
      resolve({ name, ok: code === 0 && !timedOut && !error, code, seconds, output, live });
    };
    child.on('error', (error) => finish(1, error));
    child.on('close', (code) => finish(code ?? 1));
  });
}

/** The reporter's closing "mocha: N passed, N failed, N skipped" line of a step, if it printed one. */
function tallyOf(result) {
  const lines = [...result.output.matchAll(/^mocha: (\d+) passed, (\d+) failed, (\d+) skipped$/gm)];
  if (lines.length === 0) return undefined;
  const [, passed, failed, skipped] = lines[lines.length - 1].map(Number);
  return { passed, failed, skipped };
}

function printResult(result) {
  if (!result.output || result.live) return;
  process.stdout.write(`\n===== ${result.name} (${result.ok ? 'ok' : 'FAILED'}, ${result.seconds.toFixed(1)} s) =====\n${result.output}`);
}

/**
 * Runs a mocha suite in parallel workers; each worker's root hook notes how long each of its
 * files took (test/support/root-hooks.ts), and the slowest are listed after the run, which is
 * what to look at when the suite gets slower (and what SLOWEST in test/support/suites.js orders).
 */
async function runMocha(name, suite) {
  const timesFile = path.join(os.tmpdir(), `mocha-file-times-${process.pid}-${suite}.jsonl`);
  fs.rmSync(timesFile, { force: true });
  const result = await run(name, process.execPath, mochaArgs(suite), { live: true, env: { MOCHA_FILE_TIMES: timesFile } });
  let times = [];
  try {
    times = fs
      .readFileSync(timesFile, 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
  } catch {
    // no file ran to its end
  }
  fs.rmSync(timesFile, { force: true });
  times.sort((a, b) => b.ms - a.ms);
  const lines = times.slice(0, SLOWEST_SHOWN).map((t) => `  ${(t.ms / 1000).toFixed(1).padStart(6)} s  ${path.relative(root, t.file)}`);
  if (lines.length > 0) process.stdout.write(`\n${name}: slowest files (of ${times.length})\n${lines.join('\n')}\n`);
  return result;
}

/**
 * A CPU-bound check that waits on nothing, at nice 10. Each step runs in a session of its own
 * (detached, so it can be killed as a group), and where Linux schedules by autogroup (per session)
 * that nice value only ranks a check's own processes: the steps share the CPU fairly. Lowering the
 * sessions' autogroup nice as well was measured on fresh checkouts here and made the whole run
 * slower (207-214 s against 191 s): the main suite wants nearly both cores, so cold lint, starved,
 * ended last.
 */
function niced(command, args) {
  return process.platform === 'linux' ? ['nice', ['-n', '10', command, ...args]] : [command, args];
}

async function full() {
  const started = Date.now();
  // A fresh checkout downloads compat's runtimes (about 35 s, mostly waiting on the registry): that
  // starts now, beside the build.
  const compatInstall = run('compat install', process.execPath, ['scripts/test-compat.js', '--install-only']);
  // The build comes first, alone: every test waits on it, and started beside the checks it took
  // 34-36 s instead of 11 s on a fresh checkout.
  const build = await run('build', process.execPath, ['scripts/build.js']);
  printResult(build);
  if (!build.ok) {
    const install = await compatInstall;
    printResult(install);
    return [build, install];
  }
  // The type check and lint are pure CPU; the test runs mostly wait on sockets and timers (the
  // compat run used about 20 s of CPU in 95 s), so all of them run side by side.
  const checks = Promise.all([
    run('typecheck', ...niced(bin('tsc'), ['-p', 'tsconfig.json', '--noEmit'])),
    run('lint', ...niced('npm', ['run', '--silent', 'lint'])),
  ]);
  // compat (mostly waiting on sockets and timers) starts once its runtimes are in, beside the rest.
  const compat = compatInstall.then((install) =>
    install.ok ? run('compat', process.execPath, ['scripts/test-compat.js', '--parallel', '--jobs', '2']) : undefined,
  );
  const main = await runMocha('mocha', 'all');
  const compatRun = await compat;
  const rest = [...(await checks), await compatInstall, ...(compatRun ? [compatRun] : [])];
  for (const r of rest) printResult(r);
  const all = [build, ...rest, main];
  process.stdout.write(`\nnpm test: ${((Date.now() - started) / 1000).toFixed(1)} s wall\n`);
  return all;
}

async function main() {
  const only = process.argv.indexOf('--only');
  let results;
  if (only !== -1) {
    const suite = process.argv[only + 1];
    if (!suites[suite]) throw new Error(`--only takes one of: ${Object.keys(suites).join(', ')}`);
    results = [await runMocha(`mocha (${suite})`, suite)];
  } else {
    results = await full();
  }
  const total = { passed: 0, failed: 0, skipped: 0 };
  for (const r of results) {
    const isMocha = r.name.startsWith('mocha') || r.name === 'compat';
    const tally = isMocha ? tallyOf(r) : undefined;
    if (tally) for (const k of Object.keys(total)) total[k] += tally[k];
    else if (isMocha && !r.ok) total.failed += 1; // it ended without printing its tally
    if (results.length > 1) {
      const counts = tally ? `  ${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped` : '';
      process.stdout.write(`  ${r.ok ? 'ok    ' : 'FAILED'} ${r.name.padEnd(14)} ${r.seconds.toFixed(1).padStart(6)} s${counts}\n`);
    }
  }
  // The failures again, last, so a log's tail names them.
  for (const r of results) for (const [line] of r.output.matchAll(/^mocha failed: .*$/gm)) process.stdout.write(`${line}\n`);
  // One closing line over both mocha runs: the line CI reads.
  if (results.length > 1) process.stdout.write(`mocha: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped\n`);
  return results.every((r) => r.ok) ? 0 : 1;
}

main().then(
  (code) => (process.exitCode = code),
  (err) => {
    console.error(`test: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  },
);
