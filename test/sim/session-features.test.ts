import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../../src/sim';
import type { SpeakerRevisionMessage } from '../../src/protocol/messages';
import { configurationOf, connect, frames, speechPcm } from './helpers';

const speech = (ms: number) => ({ speechMs: ms });
const silence = (ms: number) => ({ silenceMs: ms });
/** Waits for a condition the server side settles after the client saw the close (bounded). */
async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const RATE_TEXT = /^Audio Transmission Rate Exceeded: Received \d+(\.\d+)? sec\. audio in \d+(\.\d+)? sec$/;

describe('sim: termination, warnings, speaker revisions, text forms, mode', function () {
  this.timeout(20000);
  let sim: Simulator;
  afterEach(async () => {
    await sim?.close();
  });

  it("Terminate: the open turn's final goes out at once, Termination only after terminationDelayMs", async () => {
    sim = await startSimulator({ script: ['turn on the kitchen lights'], timing: { throttleFactor: 40, terminationDelayMs: 400 } });
    const c = connect(sim.url, { query: { speech_model: 'u3-rt-pro', sample_rate: 16000, max_turn_silence: 10000 } });
    await c.waitForType('Begin');
    await c.sendPaced(frames(speechPcm([speech(1500), silence(100)]), 1600), 50, 10);
    const sentAt = Date.now();
    c.sendJson({ type: 'Terminate' });
    const final = await c.waitForMatch('Turn', (m) => m.end_of_turn, 3000, 'final turn');
    const finalAt = Date.now();
    await c.waitForType('Termination', 3000);
    const terminationAt = Date.now();
    assert.equal(final.transcript, 'Turn on the kitchen lights.');
    assert.ok(terminationAt - sentAt >= 390, `Termination ${terminationAt - sentAt} ms after Terminate`);
    assert.ok(finalAt <= terminationAt);
    const types = c.messages.map((m) => m.type);
    assert.ok(types.lastIndexOf('Turn') < types.indexOf('Termination'));
    assert.equal((await c.closedWithin()).code, 1000);
    await until(() => sim.connections()[0].closedAt !== undefined);
    assert.equal(sim.connections()[0].terminatedCleanly, true);
  });

  it('terminationDelayMs 0 answers Terminate at once', async () => {
    sim = await startSimulator({ timing: { terminationDelayMs: 0 } });
    const c = connect(sim.url);
    await c.waitForType('Begin');
    const sentAt = Date.now();
    c.sendJson({ type: 'Terminate' });
    await c.waitForType('Termination', 3000);
    assert.ok(Date.now() - sentAt < 250, `${Date.now() - sentAt} ms`);
  });

  it('a client that closes during the delay gets no Termination and nothing escapes', async () => {
    sim = await startSimulator({ timing: { terminationDelayMs: 300 } });
    const c = connect(sim.url);
    await c.waitForType('Begin');
    c.sendJson({ type: 'Terminate' });
    c.ws.close(1000);
    await c.closedWithin();
    await until(() => sim.connections()[0].closedAt !== undefined);
    assert.equal(c.ofType('Termination').length, 0);
    assert.equal(sim.connections()[0].closedBy, 'client');
  });

  it('warning fault: every open session and each new one gets the Warning once; a new object sends again', async () => {
    sim = await startSimulator({ timing: { tickMs: 20 } });
    const a = connect(sim.url);
    await a.waitForType('Begin');
    sim.setFaults({ warning: { code: 3100, text: 'Simulated warning' } });
    const w = await a.waitForType('Warning', 3000);
    assert.deepEqual(w, { type: 'Warning', warning_code: 3100, warning: 'Simulated warning' });
    const b = connect(sim.url);
    await b.waitForType('Warning', 3000);
    sim.setFaults({ warning: { code: 3101, text: 'Another' } });
    await a.waitForMatch('Warning', (m) => m.warning_code === 3101, 3000, 'second warning');
    assert.equal(a.ofType('Warning').length, 2);
    sim.setFaults({ warning: null });
    a.sendJson({ type: 'Terminate' });
    await a.closedWithin();
    assert.equal(a.ofType('Warning').length, 2);
    b.terminate();
  });

  it('SpeakerRevision: a scripted relabel after a later turn, on demand, and right before Termination', async () => {
    sim = await startSimulator({
      script: [
        { text: 'first speaker talks here', speaker: 'A', revisedSpeaker: 'C' },
        { text: 'second speaker answers now', speaker: 'B', relabel: [{ turnOrder: 0, speaker: 'B' }] },
      ],
      timing: { throttleFactor: 40, terminationDelayMs: 50 },
    });
    const c = connect(sim.url, { query: { speech_model: 'u3-rt-pro', sample_rate: 16000, speaker_labels: true } });
    const begin = await c.waitForType('Begin');
    await c.sendPaced(frames(speechPcm([speech(1500), silence(1100), speech(1500), silence(1100)]), 1600), 50, 10);
    const scripted = await c.waitForType('SpeakerRevision', 3000);
    const first = c.ofType('Turn').find((m) => m.end_of_turn && m.turn_order === 0)!;
    assert.equal(first.speaker_label, 'A');
    assert.equal(scripted.revisions.length, 1);
    const [rev] = scripted.revisions;
    assert.equal(rev.turn_order, 0);
    assert.equal(rev.speaker_label, 'B');
    assert.deepEqual(
      rev.words.map((w) => [w.text, w.start, w.end]),
      first.words.map((w) => [w.text, w.start, w.end]),
      'text and times unchanged',
    );
    assert.ok(rev.words.every((w) => w.speaker === 'B'));
    // On demand: relabel turn 1; unknown turns are skipped.
    assert.equal(
      sim.reviseSpeakers(begin.id, [
        { turnOrder: 1, speaker: 'D' },
        { turnOrder: 9, speaker: 'E' },
      ]),
      true,
    );
    const onDemand = await c.waitForMatch('SpeakerRevision', (m) => m.revisions[0].turn_order === 1, 3000, 'on-demand revision');
    assert.equal(onDemand.revisions.length, 1);
    c.sendJson({ type: 'Terminate' });
    await c.waitForType('Termination', 3000);
    const types = c.messages.map((m) => m.type);
    assert.equal(types.at(-2), 'SpeakerRevision', 'the closing revision comes right before Termination');
    const closing = c.messages.at(-2) as SpeakerRevisionMessage;
    assert.deepEqual(
      closing.revisions.map((r) => [r.turn_order, r.speaker_label]),
      [[0, 'C']],
    );
  });

  it('no SpeakerRevision without speaker_labels', async () => {
    sim = await startSimulator({
      script: [{ text: 'one turn only', revisedSpeaker: 'C' }],
      timing: { throttleFactor: 40, terminationDelayMs: 0 },
    });
    const c = connect(sim.url, { query: { speech_model: 'u3-rt-pro', sample_rate: 16000 } });
    const begin = await c.waitForType('Begin');
    await c.sendPaced(frames(speechPcm([speech(1500), silence(1100)]), 1600), 50, 10);
    await c.waitForMatch('Turn', (m) => m.end_of_turn, 3000, 'final');
    assert.equal(sim.reviseSpeakers(begin.id, [{ turnOrder: 0, speaker: 'B' }]), false);
    c.sendJson({ type: 'Terminate' });
    await c.waitForType('Termination', 3000);
    assert.equal(c.ofType('SpeakerRevision').length, 0);
  });

  it('text forms: unformatted messages carry the lowercase spoken form, formatted ones cased, punctuated, digits', async () => {
    sim = await startSimulator({ script: ['set a timer for twenty five minutes'], timing: { throttleFactor: 40 } });
    for (const model of ['universal-streaming-english', 'u3-rt-pro']) {
      const c = connect(sim.url, { query: { speech_model: model, sample_rate: 16000, format_turns: true } });
      const begin = await c.waitForType('Begin');
      sim.setScript(['set a timer for twenty five minutes'], { target: begin.id });
      await c.sendPaced(frames(speechPcm([speech(2600), silence(1400)]), 1600), 50, 10);
      await c.waitForMatch('Turn', (m) => m.end_of_turn && m.turn_is_formatted, 3000, `${model} formatted final`);
      const turns = c.ofType('Turn');
      for (const t of turns) {
        if (t.turn_is_formatted) {
          assert.equal(t.transcript, 'Set a timer for 25 minutes.', model);
          assert.deepEqual(
            t.words.map((w) => w.text),
            ['Set', 'a', 'timer', 'for', '25', 'minutes.'],
          );
        } else {
          assert.match(t.transcript, /^[a-z ]*$/, `${model}: ${t.transcript}`);
          assert.ok(
            t.words.every((w) => /^[a-z]+$/.test(w.text)),
            model,
          );
        }
      }
      assert.ok(
        turns.some((t) => !t.turn_is_formatted),
        `${model} sent partials`,
      );
      c.terminate();
    }
  });

  it('Begin echoes mode for the U3 family (default balanced) and none for Universal-Streaming', async () => {
    sim = await startSimulator();
    const u3 = connect(sim.url, { query: { speech_model: 'universal-3-5-pro', sample_rate: 16000, mode: 'max_accuracy' } });
    assert.equal(configurationOf(await u3.waitForType('Begin')).mode, 'max_accuracy');
    const u3d = connect(sim.url, { query: { speech_model: 'u3-rt-pro', sample_rate: 16000 } });
    assert.equal(configurationOf(await u3d.waitForType('Begin')).mode, 'balanced');
    const us = connect(sim.url);
    assert.equal('mode' in configurationOf(await us.waitForType('Begin')), false);
    for (const c of [u3, u3d, us]) c.terminate();
  });

  it('strict over the wire: a tight loop of a 20 s file closes 3007; the same file at 1.2x real time is accepted', async () => {
    sim = await startSimulator({ rateRule: 'strict', timing: { terminationDelayMs: 0 } });
    const file = speechPcm([silence(20000)]);
    const tight = connect(sim.url);
    await tight.waitForType('Begin');
    for (const f of frames(file, 3200)) tight.ws.send(f);
    const closed = await tight.closedWithin();
    assert.equal(closed.code, 3007);
    assert.match(closed.reason, RATE_TEXT);
    const paced = connect(sim.url);
    await paced.waitForType('Begin');
    await paced.sendPaced(frames(file.subarray(0, 32000 * 4), 3200), 100, 1.2);
    paced.sendJson({ type: 'Terminate' });
    assert.equal((await paced.closedWithin()).code, 1000);
  });
});
