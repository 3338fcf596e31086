// What `npm pack` would publish for the Dashboard 2 widget package: its two
// nodes with their editor files and catalogs, the node kit its build copies
// from the main package (the widgets install without the main package), the
// UMD bundles the dashboard loads, and no source maps or TypeScript sources.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const WIDGETS = path.resolve(__dirname, '..', '..', 'packages', 'node-red-dashboard-2-assemblyai');
const KIT_SOURCE = path.resolve(__dirname, '..', '..', 'src', 'nodes', 'kit');
const manifest = JSON.parse(fs.readFileSync(path.join(WIDGETS, 'package.json'), 'utf8')) as {
  scripts?: Record<string, string>;
  'node-red': { nodes: Record<string, string> };
  'node-red-dashboard-2': { widgets: Record<string, { output: string }> };
};

describe('package: npm pack contents of the widget package', function () {
  this.timeout(120_000);
  let files: string[] = [];

  before(async function () {
    if (!fs.existsSync(path.join(WIDGETS, 'dist', 'kit', 'index.js'))) {
      console.log('      skipped: the widget package is not built (run node scripts/build.js)');
      this.skip();
    }
    // Packing runs no build here: the package has no prepare script (checked, since one would empty dist/).
    assert.equal(manifest.scripts?.prepare, undefined);
    const { stdout } = await promisify(execFile)('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: WIDGETS,
      maxBuffer: 16 * 1024 * 1024,
      timeout: 60_000,
    });
    const [report] = JSON.parse(stdout) as [{ files: { path: string }[] }];
    files = report.files.map((f) => f.path).sort();
  });

  it('ships each node, its editor html and catalogs, and each widget bundle', () => {
    for (const [type, js] of Object.entries(manifest['node-red'].nodes)) {
      const dir = path.posix.dirname(js);
      for (const file of [js, `${dir}/${type}.html`, `${dir}/locales/en-US/${type}.json`, `${dir}/locales/de/${type}.json`]) {
        assert.ok(files.includes(file), file);
      }
    }
    for (const { output } of Object.values(manifest['node-red-dashboard-2'].widgets))
      assert.ok(files.includes(`resources/${output}`), output);
  });

  it("ships the main package's node kit, one built file per kit source", () => {
    const kit = fs
      .readdirSync(KIT_SOURCE)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => `dist/kit/${f.replace(/\.ts$/, '.js')}`);
    assert.deepEqual(
      files.filter((f) => f.startsWith('dist/kit/')),
      kit.sort(),
    );
  });

  it('ships no source maps and no TypeScript sources', () => {
    assert.deepEqual(
      files.filter((f) => f.endsWith('.map') || (f.endsWith('.ts') && !f.endsWith('.d.ts')) || f.startsWith('src/')),
      [],
    );
  });
});
