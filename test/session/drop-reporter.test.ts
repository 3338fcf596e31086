import assert from 'node:assert/strict';
import { DropReporter } from '../../src/session/drop-reporter';

describe('session/drop-reporter', () => {
  it('reports the first loss at once and coalesces the rest', async () => {
    const events: Array<{ droppedMs: number; totalDroppedMs: number }> = [];
    const reporter = new DropReporter((e) => events.push(e), 40);
    reporter.add(50);
    reporter.add(50);
    reporter.add(25);
    assert.deepEqual(events, [{ droppedMs: 50, totalDroppedMs: 50 }]);
    await new Promise((r) => setTimeout(r, 80));
    assert.deepEqual(events[1], { droppedMs: 75, totalDroppedMs: 125 });
    reporter.add(10);
    reporter.flush();
    assert.equal(events.length, 3);
    assert.equal(reporter.totalDroppedMs, 135);
  });
});
