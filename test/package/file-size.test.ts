// The code base's own rule: small files with one job each, none of the
// TypeScript sources (src/ and the widget package's) over 400 lines.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const MAX_LINES = 400;
const SOURCE_DIRS = ['src', 'packages/node-red-dashboard-2-assemblyai/src', 'packages/node-red-dashboard-2-assemblyai/ui'];

function sourceFiles(dir: string): string[] {
  const full = path.join(ROOT, dir);
  if (!fs.existsSync(full)) return [];
  return fs
    .readdirSync(full, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|vue)$/.test(e.name) && !(e.parentPath ?? e.path).includes('node_modules'))
    .map((e) => path.relative(ROOT, path.join(e.parentPath ?? e.path, e.name)));
}

describe('package: source file size', () => {
  const files = SOURCE_DIRS.flatMap(sourceFiles);

  it('finds the sources it measures', () => {
    assert.ok(files.length > 50, `only ${files.length} source files found`);
    assert.ok(files.includes(path.join('src', 'session', 'session-controller.ts')));
  });

  it(`no source file is over ${MAX_LINES} lines`, () => {
    const long = files
      .map((file) => ({ file, lines: fs.readFileSync(path.join(ROOT, file), 'utf8').split('\n').length - 1 }))
      .filter((f) => f.lines > MAX_LINES)
      .map((f) => `${f.file}: ${f.lines}`);
    assert.deepEqual(long, []);
  });
});
