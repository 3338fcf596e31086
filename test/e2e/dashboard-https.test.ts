// Speaking from a phone: the phone reaches Node-RED by a LAN name, and the
// browser allows the microphone there only over https. Node-RED serves the
// dashboard over https (settings.js `https: { key, cert }`) with a self-signed
// certificate for voice.home; Chromium resolves voice.home to 127.0.0.1 and
// trusts that one certificate, as a user does after installing it. (The same
// page over plain http is in dashboard.test.ts: its stack is plain http.)
import assert from 'node:assert/strict';
import { once } from 'node:events';
import tls from 'node:tls';
import type { Browser } from 'playwright-core';
import { DashboardStack, skipWithoutDashboard, LAN_NAME } from './support/dashboard-stack';

/** Whether Node's TLS client, trusting only `ca`, accepts the certificate served on `port` for `name`. */
async function certificateFor(name: string, port: number, ca: string): Promise<{ authorized: boolean; error?: string }> {
  const socket = tls.connect({ host: '127.0.0.1', port, servername: name, ca });
  try {
    await Promise.race([once(socket, 'secureConnect'), once(socket, 'error').then(([err]) => Promise.reject(err as Error))]);
    return { authorized: socket.authorized };
  } catch (err) {
    return { authorized: false, error: (err as Error).message };
  } finally {
    socket.destroy();
  }
}

describe('e2e: dashboard microphone at a LAN name over https (Chromium, self-signed certificate)', function () {
  this.timeout(240000);
  const stack = new DashboardStack();
  let browser: Browser;

  before(async function () {
    skipWithoutDashboard(this);
    await stack.start({ https: true });
    browser = await stack.launchBrowser();
  });

  after(() => stack.stop());

  it(`serves a certificate valid for ${LAN_NAME} (and not for another name)`, async () => {
    const port = Number(new URL(stack.nodeRed.url).port);
    const ca = stack.certificate!.certPem;
    assert.deepEqual(await certificateFor(LAN_NAME, port, ca), { authorized: true });
    const other = await certificateFor('other.home', port, ca);
    assert.equal(other.authorized, false);
    assert.match(other.error ?? '', /other\.home/);
  });

  it(`at https://${LAN_NAME} a pressed mic streams speech to the simulator, captions and the turn filter follow, stop Terminates`, async () => {
    const url = stack.dashboardUrlAt(LAN_NAME);
    assert.match(url, /^https:\/\/voice\.home:\d+\/dashboard\//);
    const page = await stack.openPage(browser, url);
    assert.equal(new URL(page.url()).hostname, LAN_NAME);
    assert.equal(await page.evaluate(() => window.isSecureContext), true);
    const record = await stack.startSpeaking(page);
    await stack.expectFirstTurn(page);
    await stack.stopSpeaking(page, record);
  });
});
