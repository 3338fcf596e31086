// The build stamp (scripts/build-stamp.js) that lets `npm test` reuse the build `npm install`
// made: a build counts as done only while every input and every output is as it was.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

interface Stamp {
  upToDate(): boolean;
  clear(): void;
  record(): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildStamp } = require('../../scripts/build-stamp') as {
  buildStamp: (options: {
    name: string;
    base: string;
    inputs: string[];
    outputs: string[];
    skip?: (rel: string) => boolean;
    dir: string;
  }) => Stamp;
};

describe('package: build stamp', function () {
  let base = '';
  let stamp: Stamp;
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(base, rel)), { recursive: true });
    fs.writeFileSync(path.join(base, rel), text);
  };

  beforeEach(function () {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'build-stamp-'));
    write('src/a.ts', 'export const a = 1;\n');
    write('src/deep/b.ts', 'export const b = 2;\n');
    write('src/copy/kit.ts', 'copied\n');
    write('tsconfig.json', '{}\n');
    write('dist/a.js', 'exports.a = 1;\n');
    stamp = buildStamp({
      name: 'test',
      base,
      inputs: ['src', 'tsconfig.json', 'missing.json'],
      outputs: ['dist'],
      skip: (rel) => rel === 'src/copy',
      dir: path.join(base, '.stamps'),
    });
  });

  afterEach(function () {
    fs.rmSync(base, { recursive: true, force: true });
    delete process.env.BUILD_FORCE;
  });

  it('is not up to date before a build is recorded, and is after', function () {
    assert.equal(stamp.upToDate(), false);
    stamp.record();
    assert.equal(stamp.upToDate(), true);
  });

  it('is out of date once an input is edited, added, or an absent one appears', function () {
    stamp.record();
    write('src/deep/b.ts', 'export const b = 3;\n');
    assert.equal(stamp.upToDate(), false, 'edited');
    stamp.record();
    write('src/deep/c.ts', '\n');
    assert.equal(stamp.upToDate(), false, 'added');
    stamp.record();
    write('missing.json', '{}');
    assert.equal(stamp.upToDate(), false, 'an absent input appeared');
  });

  it('is out of date once an input is renamed, with the same content', function () {
    stamp.record();
    fs.renameSync(path.join(base, 'src/a.ts'), path.join(base, 'src/z.ts'));
    assert.equal(stamp.upToDate(), false);
  });

  it('is out of date once an output is edited, deleted, or one is added', function () {
    stamp.record();
    write('dist/a.js', 'exports.a = 2;\n');
    assert.equal(stamp.upToDate(), false, 'edited');
    stamp.record();
    write('dist/extra.js', '\n');
    assert.equal(stamp.upToDate(), false, 'added');
    stamp.record();
    fs.rmSync(path.join(base, 'dist'), { recursive: true });
    assert.equal(stamp.upToDate(), false, 'deleted');
  });

  it('ignores what skip leaves out', function () {
    stamp.record();
    write('src/copy/kit.ts', 'copied again, differently\n');
    assert.equal(stamp.upToDate(), true);
  });

  it('is never up to date with BUILD_FORCE=1, nor after clear()', function () {
    stamp.record();
    process.env.BUILD_FORCE = '1';
    assert.equal(stamp.upToDate(), false, 'BUILD_FORCE');
    delete process.env.BUILD_FORCE;
    assert.equal(stamp.upToDate(), true);
    stamp.clear();
    assert.equal(stamp.upToDate(), false, 'cleared');
  });
});
