// Browser microphone and captions on FlowFuse Dashboard 2, end to end: Node-RED
// with the dashboard and both packages, example 06 on the simulator, and
// Chromium playing a spoken WAV (espeak-ng, made here) as its microphone.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { captionsText, DashboardStack, dashboardSkipReason } from './support/dashboard-stack';
import { waitFor } from '../nodes/support/wait';

const repo = path.resolve(__dirname, '..', '..');

describe('e2e: dashboard microphone and captions (Chromium, fake microphone)', function () {
  this.timeout(240000);
  const stack = new DashboardStack();
  const { script } = stack;
  let browser: Browser;
  let denyingBrowser: Browser;
  let simulator: DashboardStack['simulator'];

  before(async function () {
    const reason = dashboardSkipReason();
    if (reason) {
      console.log(`      skipped: ${reason}`);
      this.skip();
    }
    await stack.start();
    simulator = stack.simulator;
    browser = await stack.launchBrowser();
    denyingBrowser = await stack.launchBrowser({ grantMicrophone: false });
  });

  after(() => stack.stop());

  const openPage = (b: Browser): Promise<Page> => stack.openPage(b);

  it("streams a browser's speech to the simulator, shows its captions, fires the turn filter, and Terminates on stop", async () => {
    const page = await openPage(browser);
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
    const fired = await stack.debug.waitFor((m) => m.name === 'turn on', 60000);
    assert.match(fired.msg, /turn on the kitchen lights/i);
    await waitFor('the mic status', () => /1 live/.test(stack.micStatus()), 20000);
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
    const page = await openPage(browser);
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
    const page = await openPage(denyingBrowser);
    await page.getByRole('button', { name: 'Start microphone' }).click();
    const alert = page.locator('.aai-mic-error[role="alert"]');
    await alert.waitFor({ timeout: 30000 });
    assert.equal(await alert.getAttribute('data-code'), 'permission-denied');
    assert.match(await alert.innerText(), /permission was denied/);
    await waitFor('the node status', () => /error: permission-denied/.test(stack.micStatus()), 20000);
  });
});
