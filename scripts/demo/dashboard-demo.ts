// The dashboard part of `npm start`: when the repository's dev setup has FlowFuse
// Dashboard 2 and the built widget package, link both into the demo user
// directory (listed in its package.json, as the palette manager would) and add
// a tab with example 06 wired to the demo's account.
import fs from 'node:fs';
import path from 'node:path';
import type { DemoFlow, FlowNode } from './demo-flows';
import { examplesDir, projectRoot } from './paths';

export const DASHBOARD_PACKAGE = '@flowfuse/node-red-dashboard';
export const WIDGETS_PACKAGE = '@livevoice/node-red-dashboard-2-assemblyai';
export const DASHBOARD_PATH = '/dashboard/voice';
const widgetsDir = path.join(projectRoot, 'packages', 'node-red-dashboard-2-assemblyai');
const CONFIG_TYPES = new Set(['assemblyai-account', 'ui-base', 'ui-theme', 'ui-page', 'ui-group']);

function dashboardDir(): string | undefined {
  try {
    return path.dirname(require.resolve(`${DASHBOARD_PACKAGE}/package.json`, { paths: [projectRoot] }));
  } catch {
    return undefined;
  }
}

function link(userDir: string, name: string, target: string): void {
  const at = path.join(userDir, 'node_modules', ...name.split('/'));
  fs.mkdirSync(path.dirname(at), { recursive: true });
  let current: string | undefined;
  try {
    current = fs.readlinkSync(at);
  } catch {
    current = undefined;
  }
  if (current === target) return;
  fs.rmSync(at, { recursive: true, force: true });
  fs.symlinkSync(target, at, 'dir');
}

/** Links the dashboard and the widgets into userDir; false (nothing changed) when either is unavailable. */
export function linkDashboard(userDir: string): boolean {
  const dashboard = dashboardDir();
  const bundle = path.join(widgetsDir, 'resources', 'ui-assemblyai-microphone.umd.js');
  if (!dashboard || !fs.existsSync(bundle)) return false;
  link(userDir, DASHBOARD_PACKAGE, dashboard);
  link(userDir, WIDGETS_PACKAGE, widgetsDir);
  const manifestPath = path.join(userDir, 'package.json');
  const manifest = (
    fs.existsSync(manifestPath) ? JSON.parse(fs.readFileSync(manifestPath, 'utf8')) : { name: 'node-red-demo-user-dir', private: true }
  ) as {
    dependencies?: Record<string, string>;
    [field: string]: unknown;
  };
  const version = (dir: string) => (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  // Dashboard 2 finds third-party widgets through the user directory's dependencies.
  manifest.dependencies = { ...manifest.dependencies, [DASHBOARD_PACKAGE]: version(dashboard), [WIDGETS_PACKAGE]: version(widgetsDir) };
  fs.writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  return true;
}

/** The demo flow plus a tab with example 06, its transcriber on the demo's account. */
export function withDashboardTab(demo: DemoFlow): DemoFlow {
  const account = demo.flows.find((n) => n.type === 'assemblyai-account');
  if (!account) return demo;
  const tab = 'demo-dashboard-tab';
  const example = JSON.parse(fs.readFileSync(path.join(examplesDir, '06-dashboard-voice.json'), 'utf8')) as FlowNode[];
  const nodes: FlowNode[] = example
    .filter((n) => n.type !== 'assemblyai-account')
    .map((n) => {
      const copy: FlowNode = CONFIG_TYPES.has(n.type) ? { ...n } : { ...n, z: tab };
      if (copy.type === 'assemblyai-transcriber') copy.account = account.id;
      return copy;
    });
  return {
    ...demo,
    flows: [...demo.flows, { id: tab, type: 'tab', label: 'Dashboard voice (browser microphone)', disabled: false, info: '' }, ...nodes],
  };
}
