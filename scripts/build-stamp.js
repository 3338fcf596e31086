// Lets a build be skipped when its result is already in place. The stamp records a hash of
// everything the build reads and a hash of everything it wrote; a build whose inputs and
// outputs both still hash the same would write the same files again, so it is skipped.
// `npm install` builds (the prepare script), and the `npm test` that follows then reuses that
// build instead of compiling the same sources a second time. Any change to an input, and any
// file of the output edited, added or deleted, makes the next build a full one.
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const stampDir = path.resolve(__dirname, '..', 'node_modules', '.cache', 'build-stamp');

/** Every file under `entries` (files or folders, relative to base), sorted; `skip(rel)` leaves a path and all below it out. */
function listFiles(base, entries, skip) {
  const files = [];
  const visit = (rel) => {
    if (skip(rel.split(path.sep).join('/'))) return;
    let stat;
    try {
      stat = fs.statSync(path.join(base, rel));
    } catch {
      return; // an absent input hashes as absent: creating it later changes the hash
    }
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(path.join(base, rel))) visit(path.join(rel, name));
    } else if (stat.isFile()) {
      files.push(rel);
    }
  };
  for (const entry of entries) visit(entry);
  return files.sort();
}

function hashFiles(base, entries, skip) {
  const hash = crypto.createHash('sha256');
  for (const rel of listFiles(base, entries, skip)) {
    hash.update(`${rel.split(path.sep).join('/')}\0`);
    hash.update(fs.readFileSync(path.join(base, rel)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/**
 * The stamp of one build. `inputs` and `outputs` are paths relative to `base`; `skip` takes a
 * '/'-separated relative path and leaves it out of both (build output inside an input folder,
 * node_modules). BUILD_FORCE=1 in the environment makes every build a full one. The stamp is
 * node_modules/.cache/build-stamp/<name>.json unless `dir` says where.
 */
function buildStamp({ name, base, inputs, outputs, skip = () => false, dir = stampDir }) {
  const file = path.join(dir, `${name}.json`);
  const current = () => ({ inputs: hashFiles(base, inputs, skip), outputs: hashFiles(base, outputs, skip) });
  return {
    upToDate() {
      if (process.env.BUILD_FORCE === '1') return false;
      let saved;
      try {
        saved = JSON.parse(fs.readFileSync(file, 'utf8'));
      } catch {
        return false;
      }
      const now = current();
      return saved.inputs === now.inputs && saved.outputs === now.outputs;
    },
    /** Forgets the last build (called before building, so a build that fails half-way is never taken as done). */
    clear() {
      fs.rmSync(file, { force: true });
    },
    record() {
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(file, `${JSON.stringify(current())}\n`);
    },
  };
}

module.exports = { buildStamp, hashFiles };
