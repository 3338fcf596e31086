// msg.action "mute" / "unmute" from a flow to the browser microphone, end to
// end in Chromium: while muted, the fake microphone keeps speaking (the level
// meter moves) but none of that audio reaches the simulator; the widget and the
// node's status say muted; after unmute, speech reaches a session again and a
// turn comes out of the turn filter.
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { DashboardStack, skipWithoutDashboard, type FlowNode } from './support/dashboard-stack';
import { delay, waitFor } from '../nodes/support/wait';

const MUTE = 'e2e0mute00000001';
const UNMUTE = 'e2e0mute00000002';
/** After the last frame, this long without audio at the simulator means the stream went quiet. */
const QUIET_MS = 1500;
/** How long the muted, speaking microphone is watched once the stream is quiet. */
const WATCH_MS = 3000;
const FINAL_TURNS = new Set(['turn on', 'turn off', 'other final turns']);

function actionInject(id: string, action: string, z: string | undefined, micId: string): FlowNode {
  return {
    id,
    type: 'inject',
    z,
    name: action,
    props: [{ p: 'action', v: action, vt: 'str' }],
    repeat: '',
    crontab: '',
    once: false,
    onceDelay: 0.1,
    topic: '',
    x: 100,
    y: 400,
    wires: [[micId]],
  };
}

/** The widget's level meter, 0-100. */
async function meter(page: Page): Promise<number> {
  return Number(await page.locator('.aai-mic-meter[role="meter"]').getAttribute('aria-valuenow'));
}

describe('e2e: dashboard microphone mute and unmute from the flow (Chromium, fake microphone)', function () {
  this.timeout(240000);
  const stack = new DashboardStack();
  let browser: Browser;

  before(async function () {
    skipWithoutDashboard(this);
    await stack.start({
      recordArrivals: true,
      loopScript: true,
      extraNodes: (flow) => {
        const z = flow.find((n) => n.id === stack.micId)!.z;
        return [actionInject(MUTE, 'mute', z, stack.micId), actionInject(UNMUTE, 'unmute', z, stack.micId)];
      },
    });
    browser = await stack.launchBrowser();
  });

  after(() => stack.stop());

  it('no audio of the muted span reaches the simulator; widget and node show muted; after unmute a turn comes out', async () => {
    const sim = stack.simulator;
    const page = await stack.openPage(browser);
    const first = sim.connections().length;
    const ours = () => sim.connections().slice(first);
    const samples = () => ours().reduce((sum, c) => sum + c.samplesReceived, 0);
    const lastArrival = () => Math.max(-Infinity, ...ours().flatMap((c) => (c.audioArrivals ?? []).map((a) => a.at)));
    const widgetStatus = page.locator('.aai-mic-status[role="status"]');

    await page.getByRole('button', { name: 'Start microphone' }).click();
    await waitFor('1 s of audio at the simulator', () => samples() >= 16000, 60000, 100);
    await waitFor('the node status live', () => /1 live/.test(stack.micStatus()), 20000);

    await stack.inject(MUTE);
    await page.locator('.aai-mic--muted').waitFor({ timeout: 30000 });
    assert.equal(await widgetStatus.innerText(), 'Muted');
    // muted is not stopped: the button still offers to stop the running microphone
    assert.equal(await page.getByRole('button', { name: 'Stop microphone' }).getAttribute('aria-pressed'), 'true');
    await waitFor('the node status muted', () => /1 muted/.test(stack.micStatus()) && !/live/.test(stack.micStatus()), 20000);

    // Frames sent before the mute may still be on their way; once none has come for
    // QUIET_MS the stream is quiet (if mute did not work, frames keep coming and this times out).
    const quietAt = await waitFor(
      'the stream to go quiet at the simulator',
      () => (performance.now() - lastArrival() >= QUIET_MS ? performance.now() : undefined),
      30000,
      50,
    );
    const samplesWhenQuiet = samples();
    const arrivalWhenQuiet = lastArrival();
    // The fake microphone goes on speaking: the widget's meter shows its level while muted.
    let loudest = 0;
    const deadline = Date.now() + 60000;
    while (performance.now() - quietAt < WATCH_MS || loudest < 20) {
      if (Date.now() > deadline) throw new Error(`no speech on the muted meter (loudest ${loudest})`);
      loudest = Math.max(loudest, await meter(page));
      await delay(100);
    }
    assert.equal(await widgetStatus.innerText(), 'Muted');
    assert.equal(samples(), samplesWhenQuiet, 'audio of the muted span reached the simulator');
    assert.equal(lastArrival(), arrivalWhenQuiet, 'a frame arrived at the simulator while muted');
    assert.ok(/1 muted/.test(stack.micStatus()), `node status: ${stack.micStatus()}`);

    const debugSeen = stack.debug.messages.length;
    await stack.inject(UNMUTE);
    await page.locator('.aai-mic--live').waitFor({ timeout: 30000 });
    assert.equal(await widgetStatus.innerText(), 'Listening');
    await waitFor('the node status live again', () => /1 live/.test(stack.micStatus()) && !/muted/.test(stack.micStatus()), 20000);
    await waitFor('1 s more audio at the simulator after unmute', () => samples() >= samplesWhenQuiet + 16000, 60000, 100);
    const session = ours().find((c) => (c.audioArrivals ?? []).some((a) => a.at > arrivalWhenQuiet));
    assert.ok(session?.sessionId, 'a session got the unmuted speech');
    const turn = await waitFor(
      'a final turn after unmute',
      () => stack.debug.messages.slice(debugSeen).find((m) => FINAL_TURNS.has(m.name ?? '')),
      60000,
      100,
    );
    assert.ok(turn.msg.trim().length > 0, 'the turn has words');

    await stack.stopSpeaking(page, session);
  });
});
