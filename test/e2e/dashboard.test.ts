// Browser microphone and captions on FlowFuse Dashboard 2, end to end: Node-RED
// with the dashboard and both packages, example 06 on the simulator, and
// Chromium playing a spoken WAV (espeak-ng, made here) as its microphone.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { captionsText, DashboardStack, skipWithoutDashboard, LAN_NAME } from './support/dashboard-stack';
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
    skipWithoutDashboard(this);
    await stack.start();
    simulator = stack.simulator;
    browser = await stack.launchBrowser();
    denyingBrowser = await stack.launchBrowser({ grantMicrophone: false });
  });

  after(() => stack.stop());

  const openPage = (b: Browser): Promise<Page> => stack.openPage(b);

  it("streams a browser's speech to the simulator, shows its captions, fires the turn filter, and Terminates on stop", async () => {
    const page = await openPage(browser);
    const record = await stack.startSpeaking(page);
    await stack.expectFirstTurn(page);
    fs.mkdirSync(path.join(repo, 'docs', 'images'), { recursive: true });
    // the dashboard's own "App is offline ready" notice would cover part of the picture
    await page
      .getByRole('button', { name: 'Close' })
      .click({ timeout: 2000 })
      .catch(() => undefined);
    await page.screenshot({ path: path.join(repo, 'docs', 'images', 'dashboard.png') });
    await stack.stopSpeaking(page, record);
    firstPage.page = page;
  });

  const firstPage: { page?: Page } = {};

  it('a second browser context is a second session with its own captions', async () => {
    const first = firstPage.page!;
    // The second session speaks words of its own, so a line of it on the first page would show.
    const secondScript = ['Close the garage door.'];
    simulator.setScript(secondScript, { target: 'next' });
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
    assert.ok((await captionsText(page)).includes(secondScript[0]), await captionsText(page));
    assert.ok(!(await captionsText(page)).includes(script[0]), 'the second page got none of the first session');
    const second = simulator
      .connections()
      .slice(before)
      .find((c) => c.samplesReceived > 16000)!;
    await stack.stopSpeaking(page, second);
    assert.ok(!(await captionsText(first)).includes(secondScript[0]), "the first page got none of the second session's turns");
  });

  // A phone opens the page by a LAN name; over plain http that page is no secure context.
  it('over plain http at a LAN name, the widget and the node say the page needs https, and nothing is captured or sent', async () => {
    const page = await stack.openPage(browser, stack.dashboardUrlAt(LAN_NAME));
    assert.deepEqual(await page.evaluate(() => [window.isSecureContext, typeof navigator.mediaDevices]), [false, 'undefined']);
    const sessions = simulator.connections().length;
    await page.getByRole('button', { name: 'Start microphone' }).click();
    const alert = page.locator('.aai-mic-error[role="alert"]');
    await alert.waitFor({ timeout: 30000 });
    assert.equal(await alert.getAttribute('data-code'), 'insecure-context');
    assert.match(await alert.innerText(), /only allows the microphone on https pages.*This page is http:\/\/voice\.home/);
    await waitFor('the node status', () => /error: insecure-context/.test(stack.micStatus()), 20000);
    assert.equal(await page.getByRole('button', { name: 'Start microphone' }).getAttribute('aria-pressed'), 'false');
    assert.equal(await page.locator('.aai-mic-meter[role="meter"]').getAttribute('aria-valuenow'), '0');
    assert.doesNotMatch(stack.micStatus(), /live/);
    assert.equal(simulator.connections().length, sessions, 'a session was opened');
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
