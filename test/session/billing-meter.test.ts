// The billing meter on a fake clock: open time summed per session, overlaps
// counted twice (both are billed), "today" split at local midnight.
import assert from 'node:assert/strict';
import { BillingMeter, localMidnight, nextLocalMidnight } from '../../src/session/billing-meter';
import { fakeClock } from './session-test-kit';

/** 23:59:30 local time on some day. */
function halfAMinuteToMidnight(): number {
  const d = new Date(2026, 11, 3, 23, 59, 30, 0);
  return d.getTime();
}

describe('session/billing-meter', () => {
  it('sums the open time of each session from its Begin to its end', async () => {
    const clock = fakeClock(new Date(2026, 11, 3, 10, 0, 0).getTime());
    const meter = new BillingMeter(clock);
    meter.opened(1);
    await clock.tick(12_500);
    assert.equal(meter.secondsOf(1), 12.5);
    assert.deepEqual(meter.figures(), { openSeconds: 12.5, todaySeconds: 12.5, totalSeconds: 12.5 });
    assert.equal(meter.closed(1), 12.5);
    await clock.tick(60_000);
    assert.deepEqual(meter.figures(), { openSeconds: 0, todaySeconds: 12.5, totalSeconds: 12.5 });
    assert.equal(meter.closed(1), 0, 'a second close of the same session bills nothing');
    assert.equal(meter.closed(7), 0, 'a session that never began bills nothing');
  });

  it('bills overlapping sessions (a rollover) each', async () => {
    const clock = fakeClock(new Date(2026, 11, 3, 10, 0, 0).getTime());
    const meter = new BillingMeter(clock);
    meter.opened('a');
    await clock.tick(5000);
    meter.opened('b');
    await clock.tick(2000);
    assert.equal(meter.figures().openSeconds, 9);
    meter.closed('a');
    await clock.tick(1000);
    meter.closed('b');
    assert.equal(meter.figures().totalSeconds, 10);
  });

  it('splits the day at local midnight, also for a session open across it', async () => {
    const clock = fakeClock(halfAMinuteToMidnight());
    const meter = new BillingMeter(clock);
    meter.opened(1);
    await clock.tick(20_000); // 23:59:50
    assert.equal(meter.figures().todaySeconds, 20);
    await clock.tick(25_000); // 00:00:15, still open
    assert.equal(meter.figures().todaySeconds, 15, 'the open session counts from midnight on the new day');
    assert.equal(meter.figures().openSeconds, 45);
    await clock.tick(30_000);
    meter.closed(1); // 00:00:45
    const figures = meter.figures();
    assert.equal(figures.todaySeconds, 45);
    assert.equal(figures.totalSeconds, 75);
  });

  it('starts a new day at zero when the previous one ended with nothing open', async () => {
    const clock = fakeClock(halfAMinuteToMidnight());
    const meter = new BillingMeter(clock);
    meter.opened(1);
    await clock.tick(10_000);
    meter.closed(1);
    assert.equal(meter.figures().todaySeconds, 10);
    await clock.tick(3_600_000);
    assert.deepEqual(meter.figures(), { openSeconds: 0, todaySeconds: 0, totalSeconds: 10 });
  });

  it('finds local midnights', () => {
    const at = new Date(2026, 5, 1, 13, 14, 15).getTime();
    assert.equal(localMidnight(at), new Date(2026, 5, 1).getTime());
    assert.equal(nextLocalMidnight(at), new Date(2026, 5, 2).getTime());
  });
});
