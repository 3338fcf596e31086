import assert from 'node:assert/strict';
import { DropReporter, type DropReport } from '../../src/session/drop-reporter';

describe('session/drop-reporter', () => {
  it('reports the first loss at once and coalesces the rest, naming the latest cause', async () => {
    const events: DropReport[] = [];
    const reporter = new DropReporter((e) => events.push(e), 40);
    reporter.add(50, 'back-pressure');
    reporter.add(50, 'back-pressure');
    reporter.add(25, 'discarded');
    assert.deepEqual(events, [{ droppedMs: 50, totalDroppedMs: 50, cause: 'back-pressure' }]);
    await new Promise((r) => setTimeout(r, 80));
    assert.deepEqual(events[1], { droppedMs: 75, totalDroppedMs: 125, cause: 'discarded' });
    reporter.add(10, 'not-accepting');
    reporter.flush();
    assert.equal(events.length, 3);
    assert.equal(events[2].cause, 'not-accepting');
    assert.equal(reporter.totalDroppedMs, 135);
  });
});
