'use strict';
// Which spec files make up each suite. `npm test` runs "all"; the unit suite is
// the pure tests (no Node-RED runtime, no browser, no child processes to
// start); e2e is the browser and `npm start` tests. A new test directory of
// pure tests goes into `unit` here; anything else is still in "all".
const suites = {
  unit: [
    'test/audio/**/*.test.ts',
    'test/filter/**/*.test.ts',
    'test/protocol/**/*.test.ts',
    'test/session/**/*.test.ts',
    'test/sim/**/*.test.ts',
    'test/microphone/**/*.test.ts',
    'test/config/**/*.test.ts',
    'test/intent/**/*.test.ts',
  ],
  e2e: ['test/e2e/**/*.test.ts'],
  all: ['test/**/*.test.ts'],
};

module.exports = { suites };
