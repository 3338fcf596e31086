// `npm start`'s dashboard part: the user directory gets both packages the way
// the palette manager leaves them, and the demo flow a tab with example 06.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { linkDashboard, withDashboardTab } from '../../scripts/demo/dashboard-demo';
import { simulatorDemoFlow } from '../../scripts/demo/demo-flows';

describe('dashboard/npm start', () => {
  it('links the dashboard and the widgets into the user directory and lists them in its package.json', function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'start-dashboard-'));
    try {
      fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'x', dependencies: { other: '1.0.0' } }));
      assert.equal(linkDashboard(dir), true, 'needs the build (resources/) and the dashboard devDependency');
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
      assert.deepEqual(Object.keys(manifest.dependencies).sort(), [
        '@flowfuse/node-red-dashboard',
        '@livevoice/node-red-dashboard-2-assemblyai',
        'other',
      ]);
      assert.ok(fs.existsSync(path.join(dir, 'node_modules', '@livevoice', 'node-red-dashboard-2-assemblyai', 'package.json')));
      assert.ok(fs.existsSync(path.join(dir, 'node_modules', '@flowfuse', 'node-red-dashboard', 'package.json')));
      assert.equal(linkDashboard(dir), true, 'a second start keeps the links');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('adds example 06 as its own tab, its transcriber on the demo account, no second account', () => {
    const base = simulatorDemoFlow();
    const demo = withDashboardTab(base);
    const account = base.flows.find((n) => n.type === 'assemblyai-account')!;
    const added = demo.flows.slice(base.flows.length);
    assert.equal(added[0].type, 'tab');
    assert.equal(demo.flows.filter((n) => n.type === 'assemblyai-account').length, 1);
    const transcriber = added.find((n) => n.type === 'assemblyai-transcriber')!;
    assert.equal(transcriber.account, account.id);
    assert.equal(transcriber.z, added[0].id);
    for (const type of ['ui-assemblyai-microphone', 'ui-assemblyai-captions', 'ui-base', 'ui-page', 'ui-group', 'ui-theme']) {
      assert.ok(
        added.some((n) => n.type === type),
        type,
      );
    }
    assert.equal(new Set(demo.flows.map((n) => n.id)).size, demo.flows.length, 'ids stay unique');
    assert.deepEqual(demo.credentials, base.credentials);
  });
});
