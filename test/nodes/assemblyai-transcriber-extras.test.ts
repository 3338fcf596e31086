// The transcriber's extras on a fake clock: mute by action and after a turn,
// the status with billed time and cost, the termination payload. Pure.
import assert from 'node:assert/strict';
import type { BillingFigures } from '../../src/session/billing-meter';
import { costOf, formatDuration, TranscriberExtras } from '../../src/nodes/assemblyai-transcriber/transcriber-extras';
import { fakeClock } from '../session/session-test-kit';

const t = (key: string, subs?: Record<string, unknown>) =>
  subs ? `${key.split('.').pop()}(${Object.values(subs).join(',')})` : (key.split('.').pop() as string);

function fakeSession() {
  const calls: string[] = [];
  let billing: BillingFigures = { openSeconds: 0, todaySeconds: 0, totalSeconds: 0 };
  return {
    calls,
    setBilling: (b: BillingFigures) => (billing = b),
    session: { mute: () => calls.push('mute'), unmute: () => calls.push('unmute'), stats: () => ({ billing }) },
  };
}

describe('assemblyai-transcriber: extras (mute, billed time, cost)', () => {
  it('mutes after each final turn for muteAfterTurnMs; an unmute action ends it early', async () => {
    const clock = fakeClock();
    const extras = new TranscriberExtras({ muteAfterTurnMs: 2000, clock });
    const s = fakeSession();
    let redraws = 0;
    extras.attach(s.session, () => redraws++);
    extras.finalTurn();
    assert.equal(extras.muted, true);
    await clock.tick(1999);
    assert.equal(extras.muted, true);
    await clock.tick(1);
    assert.equal(extras.muted, false);
    assert.deepEqual(s.calls, ['mute', 'unmute']);
    extras.finalTurn();
    extras.action('unmute');
    assert.equal(extras.muted, false);
    await clock.tick(5000);
    assert.deepEqual(s.calls, ['mute', 'unmute', 'mute', 'unmute'], 'the cancelled timer unmuted nothing later');
    assert.ok(redraws >= 4);
    extras.dispose();
  });

  it('an action mute outlasts a mute after turn', async () => {
    const clock = fakeClock();
    const extras = new TranscriberExtras({ muteAfterTurnMs: 1000, clock });
    const s = fakeSession();
    extras.attach(s.session, () => undefined);
    extras.action('mute');
    extras.finalTurn();
    await clock.tick(1500);
    assert.equal(extras.muted, true);
    assert.equal(s.calls[s.calls.length - 1], 'mute');
    extras.dispose();
  });

  it('decorates the status: muted, loading, open time and today with cost only while a session is open', () => {
    const clock = fakeClock();
    const extras = new TranscriberExtras({ muteAfterTurnMs: 0, price: { perHour: 0.6, currency: 'USD' }, clock });
    const s = fakeSession();
    extras.attach(s.session, () => undefined);
    const listening = { fill: 'green' as const, shape: 'dot' as const, text: 'listening' };
    assert.equal(extras.decorate(listening, t, true).text, 'listening', 'nothing billed yet');
    s.setBilling({ openSeconds: 75, todaySeconds: 3725, totalSeconds: 9000 });
    assert.equal(extras.decorate(listening, t, true).text, 'listening · 1:15 · today(1:02:05) (0.62 USD)');
    assert.equal(extras.decorate({ fill: 'grey', shape: 'ring', text: 'idleSpeech' }, t, false).text, 'idleSpeech');
    extras.gateState = 'loading';
    assert.equal(extras.decorate({ fill: 'grey', shape: 'ring', text: 'idleSpeech' }, t, false).text, 'idleSpeech · gateLoading');
    extras.action('mute');
    const muted = extras.decorate(listening, t, true);
    assert.deepEqual([muted.fill, muted.shape], ['grey', 'dot']);
    assert.match(muted.text, /^muted · gateLoading · 1:15/);
    assert.equal(
      extras.decorate({ fill: 'red', shape: 'ring', text: 'failedLocal' }, t, false).text,
      'failedLocal · gateLoading',
      'a fault is not hidden by muted',
    );
    extras.dispose();
  });

  it('adds today and the cost to the termination payload', () => {
    const extras = new TranscriberExtras({ muteAfterTurnMs: 0, price: { perHour: 0.15, currency: 'EUR' }, clock: fakeClock() });
    const s = fakeSession();
    extras.attach(s.session, () => undefined);
    s.setBilling({ openSeconds: 0, todaySeconds: 7200, totalSeconds: 7200 });
    const out = extras.termination({ audioDurationSeconds: 10, sessionDurationSeconds: 12, billedSeconds: 12 });
    assert.deepEqual(out, {
      audioDurationSeconds: 10,
      sessionDurationSeconds: 12,
      billedSeconds: 12,
      billedTodaySeconds: 7200,
      cost: costOf(12, { perHour: 0.15, currency: 'EUR' }),
      costToday: { amount: 0.3, currency: 'EUR' },
    });
    const noPrice = new TranscriberExtras({ muteAfterTurnMs: 0, clock: fakeClock() });
    noPrice.attach(s.session, () => undefined);
    assert.equal('cost' in noPrice.termination({ billedSeconds: 3 }), false);
    extras.dispose();
    noPrice.dispose();
  });

  it('redraws every refresh while a session is open, once more after it closed, then stops', async () => {
    const clock = fakeClock();
    const extras = new TranscriberExtras({ muteAfterTurnMs: 0, clock, refreshMs: 1000 });
    const s = fakeSession();
    let redraws = 0;
    extras.attach(s.session, () => redraws++);
    await clock.tick(3000);
    assert.equal(redraws, 0);
    s.setBilling({ openSeconds: 5, todaySeconds: 5, totalSeconds: 5 });
    await clock.tick(3000);
    assert.equal(redraws, 3);
    s.setBilling({ openSeconds: 0, todaySeconds: 8, totalSeconds: 8 });
    await clock.tick(3000);
    assert.equal(redraws, 4);
    extras.dispose();
    assert.equal(formatDuration(59.9), '0:59');
  });
});
