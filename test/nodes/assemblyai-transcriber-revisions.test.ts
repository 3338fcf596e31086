// The transcriber node against the simulator: speaker revisions reach the
// events output and re-send the relabelled turn; a backlog is reported on the
// events output and in the status, then its catching up.
import assert from 'node:assert/strict';
import type { Turn } from '../../src/protocol/turn';
import { pcmBytes, samplesOf, utterances } from './support/audio';
import { Harness, statusState, type Msg } from './support/harness';
import { waitFor } from './support/wait';

const turnOf = (msg: Msg) => msg.turn as Turn & { revised?: boolean; previousSpeaker?: string };

describe('assemblyai-transcriber node: speaker revisions and backlog events', function () {
  this.timeout(40000);
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('a SpeakerRevision goes to the events output (topic speaker-revision) and the earlier turn is sent again, marked revised', async () => {
    h = await Harness.start({
      simulator: {
        script: [
          { text: 'Turn on the kitchen lights.', speaker: 'A' },
          { text: 'Set a timer for ten minutes.', speaker: 'B', relabel: [{ turnOrder: 0, speaker: 'B' }] },
        ],
      },
      transcriber: { speakerLabels: 'true', policy: 'manual' },
    });
    await h.sendAndWait({ action: 'start' });
    await h.stream(pcmBytes(samplesOf(utterances(2, 1500, 1600))));
    const [event] = await h.waitForEvent('speaker-revision');
    const payload = event.payload as {
      revisions: Array<{ order?: number; turnOrder: number; speaker: string; words: Array<{ speaker?: string }> }>;
    };
    assert.equal(payload.revisions.length, 1);
    assert.equal(payload.revisions[0].order, 0);
    assert.equal(payload.revisions[0].turnOrder, 0);
    assert.equal(payload.revisions[0].speaker, 'B');
    assert.ok(payload.revisions[0].words.length > 0 && payload.revisions[0].words.every((w) => w.speaker === 'B'));
    await waitFor('the revised turn', () => (h?.turns ?? []).some((m) => turnOf(m).revised === true));
    const finals = h.turns.filter((m) => turnOf(m).final);
    const first = finals.find((m) => turnOf(m).order === 0) as Msg;
    assert.equal(turnOf(first).speaker, 'A');
    const revised = h.turns.filter((m) => turnOf(m).revised === true);
    assert.equal(revised.length, 1);
    const turn = turnOf(revised[0]);
    assert.equal(turn.order, 0);
    assert.equal(turn.speaker, 'B');
    assert.equal(turn.previousSpeaker, 'A');
    assert.equal(turn.final, false, 'not final again: a flow acts on a turn once');
    assert.equal(turn.transcript, turnOf(first).transcript);
    assert.ok(turn.words.every((w) => w.speaker === 'B'));
    assert.equal(finals.filter((m) => turnOf(m).order === 0).length, 1);
  });

  it('audio written at once is reported as a backlog (events and status), sent paced, then caught-up', async () => {
    h = await Harness.start({
      simulator: { rateRule: 'strict', timing: {}, script: ['Turn on the kitchen lights.'] },
      transcriber: { policy: 'manual' },
    });
    await h.sendAndWait({ action: 'start' });
    const pcm = pcmBytes(samplesOf([{ silenceMs: 200 }, { speechMs: 1200 }, { silenceMs: 1600 }]));
    h.send({ payload: pcm }); // 3 s in one message
    const [backlog] = await h.waitForEvent('backlog');
    const figures = backlog.payload as { bufferedMs: number; maxSendRate: number; catchUpSeconds: number };
    assert.equal(figures.maxSendRate, 1.25);
    assert.ok(figures.bufferedMs >= 2900 && figures.bufferedMs <= 3000, `${figures.bufferedMs} ms`);
    assert.equal(figures.catchUpSeconds, Math.round((figures.bufferedMs / 250) * 10) / 10);
    await waitFor('the catching-up status', () => (h?.statuses() ?? []).some((s) => s.text === 'assemblyai-transcriber.status.catchingUp'));
    const [caughtUp] = await h.waitForEvent('caught-up', 1, 10000);
    const took = (caughtUp.payload as { tookMs: number }).tookMs;
    assert.ok(took >= 2000 && took < 6000, `caught up after ${took} ms (3 s at 1.25x with no live audio: about 2.4 s)`);
    await waitFor('listening again', () => statusState(h?.lastStatus()?.text) === 'assemblyai-transcriber.status.listening');
    await h.waitForFinals(1);
    assert.equal(h.sim?.stats().framesRejected, 0);
    assert.equal(h.sim?.connections()[0].samplesReceived, pcm.length / 2);
  });
});
