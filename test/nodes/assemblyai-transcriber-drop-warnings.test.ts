// The dropped-audio warnings of the transcriber: told whole, throttled, with
// the amount since the last warning and a cause that matches what happened.
import assert from 'node:assert/strict';
import { dropReason as dropReasonIn, DropWarnings, type DroppedAudioWarning } from '../../src/nodes/assemblyai-transcriber/drop-warnings';
import type { SessionPolicy, SessionState } from '../../src/session/types';
import { render } from './support/locale';
import { fakeClock, type TestClock } from '../session/session-test-kit';

// The texts as a user reads them, rendered from the en-US catalog.
const dropReason = (cause: Parameters<typeof dropReasonIn>[0], state: SessionState, policy: SessionPolicy) =>
  dropReasonIn(cause, state, policy, render);

describe('assemblyai-transcriber: dropped-audio warnings', () => {
  let warnings: DroppedAudioWarning[];
  let drops: DropWarnings | undefined;
  let clock: TestClock; // the warnings are time-driven: time moves only when a test says so
  beforeEach(() => {
    warnings = [];
    clock = fakeClock();
  });
  afterEach(() => drops?.dispose());

  it('waits for a burst to settle, so one large write is reported in full', async () => {
    drops = new DropWarnings((w) => warnings.push(w), render, { settleMs: 40, windowMs: 200 }, clock);
    drops.add({ droppedMs: 50, totalDroppedMs: 50, cause: 'back-pressure' }, 'why');
    await clock.tick(20);
    drops.add({ droppedMs: 1636000, totalDroppedMs: 1636050, cause: 'back-pressure' }, 'why');
    await clock.tick(19);
    assert.equal(warnings.length, 0, 'warned before the burst settled');
    await clock.tick(1);
    assert.deepEqual(warnings, [
      { text: 'audio dropped: 1636050 ms (1636050 ms in all); why', droppedMs: 1636050, totalDroppedMs: 1636050, cause: 'back-pressure' },
    ]);
  });

  it('warns at most once per window, then with what was dropped since the last warning', async () => {
    drops = new DropWarnings((w) => warnings.push(w), render, { settleMs: 20, windowMs: 200 }, clock);
    drops.add({ droppedMs: 100, totalDroppedMs: 100, cause: 'back-pressure' }, 'back-pressure');
    await clock.tick(20);
    assert.equal(warnings.length, 1); // at 20 ms: the window runs to 220 ms
    await clock.tick(30);
    drops.add({ droppedMs: 300, totalDroppedMs: 400, cause: 'discarded' }, 'discarded');
    drops.add({ droppedMs: 200, totalDroppedMs: 600, cause: 'not-accepting' }, 'not-accepting');
    await clock.tick(169);
    assert.equal(warnings.length, 1, 'warned again inside the window');
    await clock.tick(1);
    assert.equal(warnings.length, 2);
    assert.equal(warnings[1].text, 'audio dropped: 500 ms (600 ms in all); not-accepting');
  });

  it('dispose() cancels a pending warning', async () => {
    drops = new DropWarnings((w) => warnings.push(w), render, { settleMs: 20, windowMs: 200 }, clock);
    drops.add({ droppedMs: 100, totalDroppedMs: 100, cause: 'back-pressure' }, 'why');
    drops.dispose();
    await clock.tick(1000);
    assert.deepEqual(warnings, []);
    assert.equal(clock.pending(), 0, 'a timer is left behind');
  });

  it('names the cause and what to do', () => {
    assert.match(dropReason('waiting-for-connection', 'reconnecting', 'auto'), /buffer full while connecting or reconnecting/);
    assert.match(dropReason('back-pressure', 'listening', 'auto'), /faster than the connection sends it; send audio at real-time pace/);
    assert.match(dropReason('not-accepting', 'idle', 'manual'), /send a start action first \(session policy manual\)/);
    assert.match(dropReason('discarded', 'failed', 'always'), /the session failed/);
    assert.match(dropReason('discarded', 'idle', 'always'), /when the session ended/);
  });
});
