// Root hooks for every mocha run (serial or --parallel).
//
// Node-RED exits on any uncaught exception or unhandled rejection, so the test
// run treats either as a failure of the test during which it happened.
//
// Mocha runs without `exit: true`: a test must close what it opens. After each
// file (parallel mode: root afterAll runs per file in its worker) or after the
// whole run (serial mode), whatever is still open fails the run with a list.
// In serial mode the process is then made to exit, since the leaked handles
// would keep it alive; in a worker, mocha's pool ends the process itself.
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { findLeaks, setCurrentTest } from './leak-check';

const escaped: string[] = [];

function record(kind: string) {
  return (reason: unknown) => {
    const text = reason instanceof Error ? (reason.stack ?? reason.message) : String(reason);
    escaped.push(`${kind}: ${text}`);
  };
}

process.on('unhandledRejection', record('unhandledRejection'));
process.on('uncaughtException', record('uncaughtException'));

const inWorker = process.env.MOCHA_WORKER_ID !== undefined;
const settleMs = Number(process.env.LEAK_SETTLE_MS ?? 2000);
// scripts/test.js names a file here to list the slowest spec files after a parallel run.
const fileTimesPath = process.env.MOCHA_FILE_TIMES;
let fileStartedAt = performance.now();

export const mochaHooks = {
  beforeAll() {
    fileStartedAt = performance.now();
  },
  beforeEach(this: Mocha.Context) {
    setCurrentTest(this.currentTest?.fullTitle() ?? '(unknown test)');
  },
  afterEach(this: Mocha.Context) {
    setCurrentTest(`after "${this.currentTest?.fullTitle() ?? '(unknown test)'}"`);
    if (escaped.length === 0) return;
    const found = escaped.splice(0, escaped.length);
    throw new Error(`escaped error(s) during or before this test:\n${found.join('\n')}`);
  },
  async afterAll(this: Mocha.Context) {
    this.timeout(settleMs + 5000);
    const file = this.test?.parent?.suites[0]?.file;
    if (fileTimesPath && inWorker && file) {
      fs.appendFileSync(fileTimesPath, `${JSON.stringify({ file, ms: Math.round(performance.now() - fileStartedAt) })}\n`);
    }
    const leaks = await findLeaks(settleMs);
    setCurrentTest('(between files)');
    if (leaks.length === 0) return;
    const where = inWorker ? `this file (${file ?? 'unknown'})` : 'the run';
    if (!inWorker) {
      // Without this the leaked handles would keep mocha from ever exiting.
      setTimeout(() => process.exit(process.exitCode || 1), 3000).unref();
    }
    throw new Error(
      `leaked handle(s): ${where} left ${leaks.length} thing(s) open ${settleMs} ms after its last test:\n  ${leaks.join('\n  ')}`,
    );
  },
};
