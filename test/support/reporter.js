'use strict';
// Mocha's spec output, followed by one plain closing line that CI reads:
// "mocha: N passed, N failed, N skipped", preceded by one "mocha failed: <title> | <message>"
// line per failure so that the tail of a long log still names what failed, and
// before those a count of the tests slower than their threshold (mocha's "slow", 75 ms unless a test sets it).
const Mocha = require('mocha');
const { Spec } = Mocha.reporters;
const { EVENT_RUN_END, EVENT_TEST_FAIL, EVENT_TEST_PASS } = Mocha.Runner.constants;

class SpecWithTally extends Spec {
  constructor(runner, options) {
    super(runner, options);
    const failed = [];
    let slow = 0;
    runner.on(EVENT_TEST_PASS, (test) => {
      if (test.duration > test.slow()) slow += 1;
    });
    runner.on(EVENT_TEST_FAIL, (test, err) => {
      const message = String(err?.message ?? err)
        .split('\n')[0]
        .slice(0, 300);
      failed.push(`mocha failed: ${test.fullTitle()} | ${message}`);
    });
    runner.once(EVENT_RUN_END, () => {
      process.stdout.write(`mocha slow tests: ${slow}\n`);
      for (const line of failed) process.stdout.write(`${line}\n`);
      const { passes, failures, pending } = this.stats;
      process.stdout.write(`mocha: ${passes} passed, ${failures} failed, ${pending} skipped\n`);
    });
  }
}

module.exports = SpecWithTally;
