'use strict';
// Which spec files make up each suite. `npm test` runs "all"; the unit suite is
// the pure tests (no Node-RED runtime, no browser, no child processes to
// start); e2e is the browser and `npm start` tests. A new directory of pure
// tests goes into `unit` here; any test file under test/ is in "all".
//
// Files are handed to mocha's parallel workers slowest first (as measured, see
// SLOWEST), so a long file does not start last and leave the others idle.
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');

const suites = {
  // test/dashboard/pure: the widgets' browser audio, caption and error logic and their locale files (no runtime).
  unit: ['audio', 'filter', 'protocol', 'session', 'sim', 'microphone', 'config', 'intent', 'dashboard/pure'].map((d) => `test/${d}`),
  e2e: ['test/e2e'],
  all: ['test'],
};

/** The longest files of the suite, longest first (fresh-checkout runs on 2 cores, 2026-12-04: about 60 s down to 12 s). */
const SLOWEST = [
  'test/e2e/editor.test.ts',
  'test/reliability/faults.test.ts',
  'test/e2e/dashboard.test.ts',
  'test/nodes/assemblyai-transcriber-lifecycle.test.ts',
  'test/e2e/start.test.ts',
  'test/session/simulator.test.ts',
  'test/reliability/bad-input-transcriber.test.ts',
  'test/reliability/deploys.test.ts',
  'test/session/strict-rate.test.ts',
  'test/nodes/assemblyai-transcriber-faults.test.ts',
  'test/nodes/assemblyai-transcriber-room.test.ts',
  'test/mqtt/voice-to-mqtt.test.ts',
  'test/e2e/dashboard-https.test.ts',
  'test/e2e/dashboard-mute.test.ts',
  'test/nodes/assemblyai-transcriber-turns.test.ts',
  'test/sim/connection.test.ts',
  'test/audio/silero-gate.test.ts',
  'test/session/room.test.ts',
  'test/reliability/fault-sequence.test.ts',
];

function specFiles(dir) {
  const full = path.join(root, dir);
  if (!fs.existsSync(full)) return [];
  return fs
    .readdirSync(full, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.test.ts') && !(e.parentPath ?? e.path).includes('node_modules'))
    .map((e) =>
      path
        .relative(root, path.join(e.parentPath ?? e.path, e.name))
        .split(path.sep)
        .join('/'),
    );
}

/** The suite's spec files, relative to the repository root, slowest first, then by name. */
function filesOf(suite) {
  const dirs = suites[suite];
  if (!dirs) throw new Error(`no suite "${suite}": one of ${Object.keys(suites).join(', ')}`);
  const files = [...new Set(dirs.flatMap(specFiles))].sort();
  const rank = (f) => (SLOWEST.includes(f) ? SLOWEST.indexOf(f) : SLOWEST.length);
  return files.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

module.exports = { suites, filesOf, SLOWEST };
