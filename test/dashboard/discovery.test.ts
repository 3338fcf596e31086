// Palette-install path: a Node-RED user directory whose package.json lists both
// packages the way the palette manager writes it (dependencies, installed under
// node_modules). FlowFuse Dashboard 2's own discovery must list both widgets
// and their bundles must be where it will ask Node-RED to serve them.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const repo = path.resolve(__dirname, '..', '..');
const widgetsDir = path.join(repo, 'packages', 'node-red-dashboard-2-assemblyai');
const dashboardDir = path.dirname(require.resolve('@flowfuse/node-red-dashboard/package.json'));
const WIDGETS_PACKAGE = '@livevoice/node-red-dashboard-2-assemblyai';

type Contribs = Record<string, { package: string; name: string; src: string; path: string; component: string }>;
// The dashboard's own discovery code, as its ui-base node runs it (a CommonJS module without types).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { getThirdPartyWidgets } = require(path.join(dashboardDir, 'nodes', 'utils', 'index.js')) as {
  getThirdPartyWidgets: (this: void, dir: string) => Contribs;
};

interface Manifest {
  version: string;
  'node-red': { nodes: Record<string, string> };
}
const readManifest = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as Manifest;

function userDir(dependencies: Record<string, string>, links: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dashboard-discovery-'));
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'node-red-project', description: 'A Node-RED Project', version: '0.0.1', private: true, dependencies }, null, 4),
  );
  for (const [name, target] of Object.entries(links)) {
    const at = path.join(dir, 'node_modules', name);
    fs.mkdirSync(path.dirname(at), { recursive: true });
    fs.symlinkSync(target, at, 'dir');
  }
  return dir;
}

describe('dashboard/discovery after a palette install', () => {
  const made: string[] = [];
  after(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('Dashboard 2 lists both widget types from the user directory, and their UMD bundles exist', () => {
    const mainVersion = readManifest(repo).version;
    const dir = userDir(
      {
        '@flowfuse/node-red-dashboard': readManifest(dashboardDir).version,
        '@livevoice/node-red-assemblyai': mainVersion,
        [WIDGETS_PACKAGE]: readManifest(widgetsDir).version,
      },
      { '@flowfuse/node-red-dashboard': dashboardDir, '@livevoice/node-red-assemblyai': repo, [WIDGETS_PACKAGE]: widgetsDir },
    );
    made.push(dir);
    const contribs = getThirdPartyWidgets(dir);
    assert.deepEqual(Object.keys(contribs).sort(), ['ui-assemblyai-captions', 'ui-assemblyai-microphone']);
    assert.deepEqual(contribs['ui-assemblyai-microphone'], {
      package: WIDGETS_PACKAGE,
      name: 'ui-assemblyai-microphone',
      src: 'ui-assemblyai-microphone.umd.js',
      path: path.resolve(dir),
      component: 'UIAssemblyaiMicrophone',
    });
    assert.equal(contribs['ui-assemblyai-captions'].component, 'UIAssemblyaiCaptions');
    for (const widget of Object.values(contribs)) {
      const bundle = path.join(dir, 'node_modules', widget.package, 'resources', widget.src);
      assert.ok(fs.existsSync(bundle), `${bundle} (run the build)`);
      const code = fs.readFileSync(bundle, 'utf8');
      // Dashboard 1.31.0 reads window[<widget type>][<component>] after importing the bundle
      assert.ok(code.includes(`["${widget.name}"]`), 'the UMD attaches to window[widget type]');
      assert.ok(code.includes(widget.component), `exports ${widget.component}`);
    }
  });

  it('the same widgets in a package not named *node-red-dashboard-2-* are not found (why this is its own package)', () => {
    const renamed = fs.mkdtempSync(path.join(os.tmpdir(), 'dashboard-renamed-'));
    made.push(renamed);
    const manifest = readManifest(widgetsDir);
    fs.writeFileSync(path.join(renamed, 'package.json'), JSON.stringify({ ...manifest, name: '@livevoice/assemblyai-widgets' }));
    const dir = userDir({ '@livevoice/assemblyai-widgets': '0.1.0' }, { '@livevoice/assemblyai-widgets': renamed });
    made.push(dir);
    assert.deepEqual(getThirdPartyWidgets(dir), {});
  });

  it('the widget package declares its two nodes for Node-RED and they exist after the build', () => {
    const manifest = readManifest(widgetsDir);
    assert.deepEqual(Object.keys(manifest['node-red'].nodes).sort(), ['ui-assemblyai-captions', 'ui-assemblyai-microphone']);
    for (const file of Object.values(manifest['node-red'].nodes)) {
      assert.ok(fs.existsSync(path.join(widgetsDir, file)), file);
      assert.ok(fs.existsSync(path.join(widgetsDir, file.replace(/\.js$/, '.html'))), file.replace(/\.js$/, '.html'));
    }
  });
});
