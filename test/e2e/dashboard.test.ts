// Browser microphone and captions on FlowFuse Dashboard 2, end to end: Node-RED
// with the dashboard and both packages, example 06 on the simulator, and
// Chromium playing a spoken WAV (espeak-ng, made here) as its microphone.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import WebSocket from 'ws';
import { findFreePort, startNodeRed, type RunningNodeRed } from '../../scripts/demo/node-red-process';
import { linkPackage, writeSettings } from '../../scripts/demo/user-dir';
import { startSimulator, type Simulator } from '../../src/sim';
import { readDemoScript } from '../../scripts/demo/simulator';
import { CHROMIUM_ARGS, findChromium } from './support/chromium';
import { listenToDebug, type DebugListener } from './support/comms';
import { waitFor } from '../nodes/support/wait';
import { frameText } from '../sim/helpers';

const repo = path.resolve(__dirname, '..', '..');
const widgetsDir = path.join(repo, 'packages', 'node-red-dashboard-2-assemblyai');
const WIDGETS = '@livevoice/node-red-dashboard-2-assemblyai';
const DASHBOARD = '@flowfuse/node-red-dashboard';

function hasEspeak(): boolean {
  try {
    execFileSync('espeak-ng', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function link(userDir: string, name: string, target: string): void {
  const at = path.join(userDir, 'node_modules', ...name.split('/'));
  fs.mkdirSync(path.dirname(at), { recursive: true });
  fs.rmSync(at, { recursive: true, force: true });
  fs.symlinkSync(target, at, 'dir');
}

/** Collects node statuses from the editor's comms, as the editor shows them. */
function listenToStatus(url: string): Promise<{ statuses: Map<string, string>; close(): void }> {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/comms`);
  const statuses = new Map<string, string>();
  socket.on('error', () => undefined);
  socket.on('message', (data: Buffer) => {
    try {
      for (const item of JSON.parse(frameText(data)) as Array<{ topic?: string; data?: { text?: string } }>) {
        if (item.topic?.startsWith('status/')) statuses.set(item.topic.slice(7), String(item.data?.text ?? ''));
      }
    } catch {
      /* not ours */
    }
  });
  return new Promise((resolve, reject) => {
    socket.once('open', () => {
      socket.send(JSON.stringify({ subscribe: 'status/#' }));
      resolve({ statuses, close: () => socket.close() });
    });
    socket.once('error', reject);
  });
}

const captionsText = (page: Page) => page.locator('[role="log"]').innerText();

describe('e2e: dashboard microphone and captions (Chromium, fake microphone)', function () {
  this.timeout(240000);
  const chromiumPath = findChromium();
  let tmp: string;
  let simulator: Simulator;
  let nodeRed: RunningNodeRed | undefined;
  let browser: Browser | undefined;
  let denyingBrowser: Browser | undefined;
  let debug: DebugListener | undefined;
  let status: { statuses: Map<string, string>; close(): void } | undefined;
  let dashboardUrl: string;
  const flow = JSON.parse(fs.readFileSync(path.join(repo, 'examples', '06-dashboard-voice.json'), 'utf8')) as Array<{
    id: string;
    type: string;
    customUrl?: string;
  }>;
  const micId = flow.find((n) => n.type === 'ui-assemblyai-microphone')!.id;
  const script = readDemoScript();

  before(async function () {
    if (!chromiumPath) {
      console.log('      skipped: no Chromium at /usr/bin/chromium (set CHROMIUM_PATH)');
      this.skip();
    }
    if (!hasEspeak()) {
      console.log('      skipped: espeak-ng is not installed (apt-get install espeak-ng)');
      this.skip();
    }
    for (const bundle of ['ui-assemblyai-microphone.umd.js', 'ui-assemblyai-captions.umd.js']) {
      assert.ok(fs.existsSync(path.join(widgetsDir, 'resources', bundle)), `run the build first: ${bundle} missing`);
    }
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-dashboard-'));
    const wav = path.join(tmp, 'speech.wav');
    execFileSync('espeak-ng', ['-s', '150', '-w', wav, `${script.join(' ')} `]);
    const userDir = path.join(tmp, 'user');
    fs.mkdirSync(userDir);
    linkPackage(userDir);
    link(userDir, DASHBOARD, path.dirname(require.resolve(`${DASHBOARD}/package.json`)));
    link(userDir, WIDGETS, widgetsDir);
    // as the palette manager leaves it: every installed package in dependencies
    fs.writeFileSync(
      path.join(userDir, 'package.json'),
      JSON.stringify({
        name: 'node-red-project',
        private: true,
        dependencies: { [DASHBOARD]: '1.31.0', '@livevoice/node-red-assemblyai': '0.1.0', [WIDGETS]: '0.1.0' },
      }),
    );
    simulator = await startSimulator({ port: 0, host: '127.0.0.1', keys: ['sim-e2e-key'], script });
    const account = flow.find((n) => n.type === 'assemblyai-account')!;
    account.customUrl = simulator.url;
    fs.writeFileSync(path.join(userDir, 'flows.json'), JSON.stringify(flow));
    fs.writeFileSync(path.join(userDir, 'flows_cred.json'), JSON.stringify({ [account.id]: { apiKey: 'sim-e2e-key' } }));
    const port = await findFreePort();
    const settingsFile = writeSettings(userDir, { port, flowFile: 'flows.json', logLevel: 'info' });
    nodeRed = await startNodeRed({ userDir, settingsFile, port, env: {} });
    dashboardUrl = `${nodeRed.url}/dashboard/voice`;
    debug = await listenToDebug(nodeRed.url);
    status = await listenToStatus(nodeRed.url);
    const fakeMic = [
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${wav}`,
      '--autoplay-policy=no-user-gesture-required',
    ];
    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: [...CHROMIUM_ARGS, '--use-fake-ui-for-media-stream', ...fakeMic],
      timeout: 60000,
    });
    denyingBrowser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: [...CHROMIUM_ARGS, ...fakeMic],
      timeout: 60000,
    });
  });

  after(async () => {
    debug?.close();
    status?.close();
    await browser?.close().catch(() => undefined);
    await denyingBrowser?.close().catch(() => undefined);
    await nodeRed?.stop();
    await simulator?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  async function openPage(b: Browser): Promise<Page> {
    const context = await b.newContext({ viewport: { width: 900, height: 640 } });
    const page = await context.newPage();
    const consoleLines: string[] = [];
    page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => consoleLines.push(`pageerror: ${e.message}`));
    await page.goto(dashboardUrl);
    try {
      await page.getByRole('button', { name: 'Start microphone' }).waitFor({ timeout: 60000 });
      await page.locator('[role="log"]').waitFor({ timeout: 30000 });
    } catch (err) {
      const body = (
        await page
          .locator('body')
          .innerText()
          .catch(() => '')
      ).slice(0, 500);
      throw new Error(
        `${(err as Error).message}\npage: ${body}\nconsole:\n${consoleLines.join('\n')}\nnode-red:\n${nodeRed?.output().slice(-3000)}`,
        { cause: err },
      );
    }
    return page;
  }

  it("streams a browser's speech to the simulator, shows its captions, fires the turn filter, and Terminates on stop", async () => {
    const page = await openPage(browser!);
    const before = simulator.connections().length;
    await page.getByRole('button', { name: 'Start microphone' }).click();
    await page.getByRole('button', { name: 'Stop microphone' }).waitFor({ timeout: 30000 });
    assert.equal(await page.getByRole('button', { name: 'Stop microphone' }).getAttribute('aria-pressed'), 'true');
    await waitFor(
      '2 s of audio at the simulator',
      () =>
        simulator
          .connections()
          .slice(before)
          .find((c) => c.samplesReceived >= 32000),
      60000,
      100,
    );
    const record = simulator
      .connections()
      .slice(before)
      .find((c) => c.samplesReceived >= 32000)!;
    assert.equal(record.query.sample_rate, '16000');
    const msPerFrame = (record.samplesReceived / record.framesReceived / 16000) * 1000;
    assert.ok(msPerFrame >= 50 && msPerFrame <= 1000, `frames of ${msPerFrame} ms`);
    await page.locator('[role="log"] .aai-caption-final').first().waitFor({ timeout: 60000 });
    const shown = await captionsText(page);
    assert.ok(shown.includes(script[0]), `captions show "${script[0]}": ${shown}`);
    assert.equal(await page.locator('[role="log"]').getAttribute('aria-live'), 'polite');
    const fired = await debug!.waitFor((m) => m.name === 'turn on', 60000);
    assert.match(fired.msg, /turn on the kitchen lights/i);
    await waitFor('the mic status', () => /1 live/.test(status!.statuses.get(micId) ?? ''), 20000);
    fs.mkdirSync(path.join(repo, 'docs', 'images'), { recursive: true });
    // the dashboard's own "App is offline ready" notice would cover part of the picture
    await page
      .getByRole('button', { name: 'Close' })
      .click({ timeout: 2000 })
      .catch(() => undefined);
    await page.screenshot({ path: path.join(repo, 'docs', 'images', 'dashboard.png') });
    await page.getByRole('button', { name: 'Stop microphone' }).click();
    await waitFor(
      'Terminate at the simulator',
      () => simulator.connections().find((c) => c.sessionId === record.sessionId && c.terminateReceived),
      30000,
      100,
    );
    this_pageLines.count = await page.locator('[role="log"] .aai-caption-final').count();
    this_pageLines.page = page;
  });

  const this_pageLines: { count: number; page?: Page } = { count: 0 };

  it('a second browser context is a second session with its own captions', async () => {
    const first = this_pageLines.page!;
    const page = await openPage(browser!);
    const before = simulator.connections().length;
    await page.getByRole('button', { name: 'Start microphone' }).click();
    await waitFor(
      'a second session',
      () =>
        simulator
          .connections()
          .slice(before)
          .find((c) => c.samplesReceived > 16000),
      60000,
      100,
    );
    await page.locator('[role="log"] .aai-caption-final').first().waitFor({ timeout: 60000 });
    assert.ok((await captionsText(page)).includes(script[0]));
    assert.equal(
      await first.locator('[role="log"] .aai-caption-final').count(),
      this_pageLines.count,
      "the first page got none of the second session's turns",
    );
    await page.getByRole('button', { name: 'Stop microphone' }).click();
    const second = simulator
      .connections()
      .slice(before)
      .find((c) => c.samplesReceived > 16000)!;
    await waitFor(
      'its Terminate',
      () => simulator.connections().find((c) => c.sessionId === second.sessionId && c.terminateReceived),
      30000,
      100,
    );
  });

  it('a context without microphone permission shows the permission error in the widget and on the node', async () => {
    const page = await openPage(denyingBrowser!);
    await page.getByRole('button', { name: 'Start microphone' }).click();
    const alert = page.locator('.aai-mic-error[role="alert"]');
    await alert.waitFor({ timeout: 30000 });
    assert.equal(await alert.getAttribute('data-code'), 'permission-denied');
    assert.match(await alert.innerText(), /permission was denied/);
    await waitFor('the node status', () => /error: permission-denied/.test(status!.statuses.get(micId) ?? ''), 20000);
  });
});
