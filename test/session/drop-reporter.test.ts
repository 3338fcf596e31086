import assert from 'node:assert/strict';
import { DropReporter, type DropReport } from '../../src/session/drop-reporter';
import { fakeClock } from './session-test-kit';

describe('session/drop-reporter', () => {
  it('reports the first loss at once and coalesces the rest, naming the latest cause', async () => {
    const clock = fakeClock();
    const events: DropReport[] = [];
    const reporter = new DropReporter((e) => events.push(e), 40, 0, clock);
    reporter.add(50, 'back-pressure');
    reporter.add(50, 'back-pressure');
    reporter.add(25, 'discarded');
    assert.deepEqual(events, [{ droppedMs: 50, totalDroppedMs: 50, cause: 'back-pressure' }]);
    await clock.tick(39);
    assert.equal(events.length, 1, 'nothing more within the interval');
    await clock.tick(1);
    assert.deepEqual(events[1], { droppedMs: 75, totalDroppedMs: 125, cause: 'discarded' });
    reporter.add(10, 'not-accepting');
    assert.equal(events.length, 2, 'the interval since the last report has not passed');
    reporter.flush();
    assert.equal(events.length, 3);
    assert.equal(events[2].cause, 'not-accepting');
    assert.equal(reporter.totalDroppedMs, 135);
    assert.equal(clock.pending(), 0, 'flush() cancels the pending report');
  });

  it('with a settle time every report waits for it, so a burst is told whole; cancel() forgets it', async () => {
    const clock = fakeClock();
    const events: DropReport[] = [];
    const reporter = new DropReporter((e) => events.push(e), 1000, 300, clock);
    reporter.add(100, 'back-pressure');
    await clock.tick(299);
    reporter.add(100, 'back-pressure');
    assert.equal(events.length, 0);
    await clock.tick(1);
    assert.deepEqual(events, [{ droppedMs: 200, totalDroppedMs: 200, cause: 'back-pressure' }]);
    reporter.add(50, 'discarded');
    reporter.cancel();
    await clock.tick(5000);
    assert.equal(events.length, 1);
    assert.equal(reporter.totalDroppedMs, 250, 'cancelled reports still count in the total');
  });
});
