// The API key must appear in no message, status, log line or event. Every node
// test's Harness.stop() scans for it; this file checks that the scan works and
// runs one session through every kind of output with a rejected and an accepted key.
import assert from 'node:assert/strict';
import { chunk, pcmBytes, samplesOf, utterances } from './support/audio';
import { Harness, TEST_KEY } from './support/harness';
import { waitFor } from './support/wait';

describe('assemblyai-transcriber node: the API key stays secret', function () {
  this.timeout(30000);
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('the scan notices a key that reaches a log line', async () => {
    const leaky = await Harness.start({ simulator: {} });
    leaky.node.warn(`debugging with ${TEST_KEY}`);
    await assert.rejects(leaky.stop(), /leaked into messages, status or logs/);
  });

  it('the scan notices a key that reaches a message', async () => {
    const leaky = await Harness.start({ simulator: {} });
    leaky.node.send([null, { topic: 'x', payload: { note: TEST_KEY } }]);
    await waitFor('the leaked message', () => leaky.events.length === 1);
    await assert.rejects(leaky.stop(), /leaked/);
  });

  it('a full run (turns, events, errors, retries, bad input, stop) never shows the key', async () => {
    h = await Harness.start({
      simulator: {
        script: ['Turn on the kitchen lights.'],
        keys: [TEST_KEY],
        faults: { closeBeforeBegin: { code: 1011, reason: 'Internal error' } },
      },
      transcriber: { policy: 'always', formatTurns: 'true' },
      secrets: [TEST_KEY],
    });
    await h.waitForEvent('reconnecting');
    h.sim?.setFaults({ closeBeforeBegin: null });
    await h.waitForEvent('begin');
    for (const c of chunk(pcmBytes(samplesOf(utterances(1))), [3200])) h.send({ payload: c });
    await h.waitForFinals(1);
    assert.ok(await h.sendAndWait({ payload: 'not audio' }));
    assert.ok(await h.sendAndWait({ action: 'configure', payload: { nope: 1 } }));
    assert.equal(await h.sendAndWait({ action: 'stop' }), undefined);
    assert.ok(h.events.length >= 4 && h.turns.length >= 2 && h.caught.length >= 3);
    assert.equal(h.sim?.connections().at(-1)?.authorization, TEST_KEY);
  });
});
