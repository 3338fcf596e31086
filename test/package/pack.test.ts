// What `npm pack` would publish: everything Node-RED needs to load the nodes
// and nothing that does not belong in the tarball (source maps pointing at
// sources it does not ship, TypeScript sources, tests, benchmarks, secrets).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  main: string;
  bin: Record<string, string>;
  'node-red': { nodes: Record<string, string> };
};

/**
 * npm pack runs the `prepare` script (a build, which empties dist/ when a source changed) even
 * with --ignore-scripts when called from inside an npm script, which would pull
 * dist/ from under the tests running beside this one. So the listing is taken
 * from a copy of the package whose package.json has no scripts; `files`, the
 * ignore files and everything they choose between are copied as they are.
 */
async function packedFiles(dir: string): Promise<string[]> {
  const skip = new Set(['node_modules', '.git', 'coverage', 'test-output', '.node-red-demo']);
  for (const entry of fs.readdirSync(ROOT)) {
    if (!skip.has(entry)) fs.cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true, dereference: true });
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  delete manifest.scripts;
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  const { stdout } = await promisify(execFile)('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: dir,
    maxBuffer: 64 * 1024 * 1024,
    timeout: 120_000,
  });
  const [report] = JSON.parse(stdout) as [{ files: { path: string }[] }];
  return report.files.map((f) => f.path).sort();
}

describe('package: npm pack contents', function () {
  this.timeout(180_000);
  let files: string[] = [];
  let copy = '';

  before(async function () {
    if (!fs.existsSync(path.join(ROOT, pkg.main))) {
      console.log(`      skipped: ${pkg.main} is not built (run node scripts/build.js)`);
      this.skip();
    }
    copy = fs.mkdtempSync(path.join(os.tmpdir(), 'pack-test-'));
    files = await packedFiles(copy);
  });

  after(() => {
    if (copy) fs.rmSync(copy, { recursive: true, force: true });
  });

  it('ships the entry point, the simulator CLI and every node with its editor html, locales and icons', () => {
    assert.ok(files.includes(pkg.main), pkg.main);
    for (const bin of Object.values(pkg.bin)) assert.ok(files.includes(bin), bin);
    for (const [type, js] of Object.entries(pkg['node-red'].nodes)) {
      assert.ok(files.includes(js), `${type}: ${js}`);
      const dir = path.posix.dirname(js);
      assert.ok(files.includes(`${dir}/${type}.html`), `${type}: editor html`);
      assert.ok(files.includes(`${dir}/locales/en-US/${type}.json`), `${type}: en-US messages`);
      const srcIcons = path.join(ROOT, 'src', 'nodes', type, 'icons');
      if (fs.existsSync(srcIcons)) {
        for (const icon of fs.readdirSync(srcIcons)) assert.ok(files.includes(`${dir}/icons/${icon}`), `${type}: icon ${icon}`);
      }
    }
    for (const locale of fs.readdirSync(path.join(ROOT, 'src', 'nodes', 'assemblyai-transcriber', 'locales'))) {
      assert.ok(files.includes(`dist/nodes/assemblyai-transcriber/locales/${locale}/assemblyai-transcriber.json`), `locale ${locale}`);
    }
  });

  it('ships every example flow, the README and the licence', () => {
    for (const example of fs.readdirSync(path.join(ROOT, 'examples'))) assert.ok(files.includes(`examples/${example}`), example);
    assert.ok(files.includes('README.md'));
    assert.ok(files.includes('LICENSE'));
    assert.ok(files.includes('package.json'));
  });

  it('ships no source maps, TypeScript sources, tests, benchmarks or docs sources', () => {
    const unwanted = files.filter(
      (f) =>
        f.endsWith('.map') ||
        (f.endsWith('.ts') && !f.endsWith('.d.ts')) ||
        /^(src|test|bench|scripts|docs|coverage|node_modules)\//.test(f) ||
        f.endsWith('.tsbuildinfo'),
    );
    assert.deepEqual(unwanted, []);
  });

  it('ships nothing that looks like a secret', () => {
    const secretName = /(^|\/)(\.env(\..*)?|\.npmrc|.*\.pem|.*\.key|id_rsa.*|credentials.*|.*_cred\.json|\.config\.runtime\.json)$/i;
    assert.deepEqual(
      files.filter((f) => secretName.test(f)),
      [],
    );
    const secretText = /(-----BEGIN [A-Z ]*PRIVATE KEY-----|\bAKIA[0-9A-Z]{16}\b|\bgh[pousr]_[A-Za-z0-9]{30,}|\bnpm_[A-Za-z0-9]{30,})/;
    for (const f of files) {
      if (!/\.(js|json|html|md)$/.test(f)) continue;
      const text = fs.readFileSync(path.join(ROOT, f), 'utf8');
      assert.equal(secretText.exec(text)?.[0], undefined, `${f} holds something that looks like a secret`);
    }
  });
});
