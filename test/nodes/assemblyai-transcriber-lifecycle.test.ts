// Sessions over time: redeploy and shutdown Terminate every session within
// 5 s, rollover at a short maximum duration, and the auto policy's open/idle
// cycle, all without losing audio.
import assert from 'node:assert/strict';
import { pcmBytes, samplesOf, tone, utterances } from './support/audio';
import { Harness, helper, statusState, TEST_KEY, transcriberFlow, type FlowNode } from './support/harness';
import { waitFor } from './support/wait';
import { fakeClock } from '../support/fake-clock';

const S = 'assemblyai-transcriber.status.';
const SCRIPT = ['Turn on the kitchen lights.', 'Set a timer for ten minutes.'];
/** The production timing bounds (DEFAULT_TUNING), not the shortened test ones. */
const DEFAULT_BOUNDS = { connectTimeoutMs: 10000, terminationTimeoutMs: 2500, closeTimeoutMs: 4000 };

/**
 * The node's own status says its session has begun (the simulator counts a socket a moment before the
 * client). The helper spies on the Node prototype, so the harness keeps this node's calls only.
 */
function listening(h: Harness | undefined, id: string): boolean {
  return statusState(h?.lastStatus(helper.getNode(id) ?? null)?.text) === `${S}listening`;
}

function moreTranscribers(count: number, extra: Record<string, unknown> = {}): FlowNode[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `tr${i + 2}`,
    type: 'assemblyai-transcriber',
    z: 'f1',
    name: '',
    account: 'acc',
    speechModel: 'u3-rt-pro',
    policy: 'always',
    ...extra,
    wires: [['turns'], ['events']],
  }));
}

describe('assemblyai-transcriber node: lifecycle', function () {
  this.timeout(40000);
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('a Node-RED stop Terminates every open session cleanly', async () => {
    h = await Harness.start({
      simulator: { script: SCRIPT },
      transcriber: { policy: 'always' },
      extraNodes: moreTranscribers(2),
      tuning: DEFAULT_BOUNDS,
    });
    // Begin on every client too: the simulator counts a socket open a moment before the client has it.
    await waitFor('three open sessions', () => h?.sim?.stats().openNow === 3 && h.eventsOf('begin').length === 3);
    h.send({ payload: pcmBytes(tone(500)) });
    const started = Date.now();
    await helper.clearFlows();
    const took = Date.now() - started;
    // The client has closed its side; the server sees the close frame a moment later.
    await waitFor('the simulator to see every socket closed', () => h?.sim?.stats().openNow === 0, 1000);
    const stats = h.sim?.stats();
    assert.equal(stats?.sessionsOpened, 3);
    const ends = h.sim?.connections().map((c) => ({
      closeCode: c.closeCode,
      closeReason: c.closeReason,
      closedBy: c.closedBy,
      terminateReceived: c.terminateReceived,
      error: c.error,
      samples: c.samplesReceived,
    }));
    assert.equal(stats?.terminatedCleanly, 3, `stop took ${took} ms; how each session ended: ${JSON.stringify(ends)}`);
    assert.ok(took < 5000, `stop took ${took} ms`);
  });

  it('a Node-RED stop finishes within 5 s when the server never sends Termination', async () => {
    h = await Harness.start({
      simulator: { faults: { noTermination: true } },
      transcriber: { policy: 'always' },
      extraNodes: moreTranscribers(2),
      tuning: DEFAULT_BOUNDS,
    });
    await waitFor('three open sessions', () => h?.sim?.stats().openNow === 3 && h.eventsOf('begin').length === 3);
    const started = Date.now();
    await helper.clearFlows();
    const took = Date.now() - started;
    assert.ok(took < 5000, `stop took ${took} ms`);
    await waitFor('every socket closed', () => h?.sim?.stats().openNow === 0, 3000);
    const connections = h.sim?.connections() ?? [];
    assert.equal(connections.length, 3);
    assert.ok(
      connections.every((c) => c.terminateReceived),
      'each session was sent Terminate',
    );
  });

  it('a Node-RED stop while a connection is still pending ends it without a session', async () => {
    h = await Harness.start({ simulator: { faults: { stall: true } }, transcriber: { policy: 'always' }, tuning: DEFAULT_BOUNDS });
    await waitFor('a pending connection', () => h?.sim?.connections().length === 1);
    const started = Date.now();
    await helper.clearFlows();
    assert.ok(Date.now() - started < 5000);
    assert.equal(h.sim?.stats().openNow, 0);
    assert.equal(h.sim?.stats().sessionsOpened, 0);
  });

  it('a redeploy Terminates the old sessions and opens new ones', async () => {
    h = await Harness.start({
      simulator: { script: SCRIPT },
      transcriber: { policy: 'always' },
      extraNodes: moreTranscribers(1),
      tuning: DEFAULT_BOUNDS,
    });
    await waitFor('two open sessions', () => h?.sim?.stats().openNow === 2 && h.eventsOf('begin').length === 2);
    const url = h.sim?.url as string;
    const changed = [...transcriberFlow(url, {}, { policy: 'always', name: 'renamed' }), ...moreTranscribers(1, { name: 'renamed' })];
    const started = Date.now();
    // The helper's setFlows waits only 300 ms for the restart, so run the runtime's deploy and watch the simulator.
    await helper.setFlows(changed, 'full', { acc: { apiKey: TEST_KEY } }).catch(() => undefined);
    await waitFor('the old sessions Terminated', () => h?.sim?.stats().terminatedCleanly === 2, 5000);
    assert.ok(Date.now() - started < 5000);
    await waitFor(
      'two new sessions, begun on the clients too',
      () => h?.sim?.stats().sessionsOpened === 4 && h?.sim?.stats().openNow === 2 && ['tr', 'tr2'].every((id) => listening(h, id)),
      10000,
    );
    const stopping = Date.now();
    await helper.clearFlows();
    const took = Date.now() - stopping;
    await waitFor('the simulator to see every socket closed', () => h?.sim?.stats().openNow === 0, 1000);
    const stats = h.sim?.stats();
    const ends = h.sim?.connections().map((c) => ({
      closeCode: c.closeCode,
      closedBy: c.closedBy,
      terminateReceived: c.terminateReceived,
      terminatedCleanly: c.terminatedCleanly,
      openMs: c.closedAt === undefined ? undefined : c.closedAt - c.openedAt,
    }));
    assert.equal(stats?.terminatedCleanly, stats?.sessionsOpened, `stop took ${took} ms; how each session ended: ${JSON.stringify(ends)}`);
  });

  it('a redeploy finishes within 5 s when the server never sends Termination', async () => {
    h = await Harness.start({
      simulator: { faults: { noTermination: true } },
      transcriber: { policy: 'always' },
      extraNodes: moreTranscribers(1),
      tuning: DEFAULT_BOUNDS,
    });
    await waitFor('two open sessions', () => h?.sim?.stats().openNow === 2 && h.eventsOf('begin').length === 2);
    const url = h.sim?.url as string;
    const changed = [...transcriberFlow(url, {}, { policy: 'always', name: 'renamed' }), ...moreTranscribers(1, { name: 'renamed' })];
    const started = Date.now();
    await helper.setFlows(changed, 'full', { acc: { apiKey: TEST_KEY } }).catch(() => undefined);
    // The new nodes connect only after the old ones have closed.
    await waitFor('the new nodes connected', () => (h?.sim?.connections().length ?? 0) >= 4, 8000);
    const took = Date.now() - started;
    assert.ok(took < 5000, `redeploy took ${took} ms`);
    const old = (h.sim?.connections() ?? []).slice(0, 2);
    assert.ok(
      old.every((c) => c.terminateReceived && c.closedAt !== undefined),
      'the old sessions were Terminated and closed',
    );
  });

  it('rolls over before a short maximum duration without losing audio or turns', async () => {
    // The simulator and the node's sessions share one fake clock, moved on with the audio: the rollover
    // (half-way, 1.5 s), the switch wait (up to 1 s for the turn under way to end) and the expiry (3 s)
    // all come at the audio's time, not at a loaded machine's. It starts on a whole second, so that
    // expires_at (whole seconds) puts each rollover at the same point of the audio in every run: each
    // lands 200 ms or more into a turn (or in a pause), never where the service has not yet said a turn began.
    const clock = fakeClock(Math.ceil(Date.now() / 1000) * 1000);
    h = await Harness.start({
      simulator: { script: SCRIPT, maxSessionSeconds: 3, clock },
      transcriber: { policy: 'always', minTurnSilence: '200', maxTurnSilence: '400' },
      tuning: { rolloverLeadSeconds: 2, clock },
    });
    await h.waitForEvent('begin');
    const samples = samplesOf(utterances(5, 500, 700));
    await h.streamOnClock(pcmBytes(samples), clock);
    await h.waitForFinals(5, 10000);
    assert.equal(await h.sendAndWait({ action: 'stop' }), undefined);
    const stats = h.sim?.stats();
    const sessions = JSON.stringify(h.connectionSummary());
    assert.ok((stats?.sessionsOpened ?? 0) >= 3, `only ${stats?.sessionsOpened} sessions for 6 s at 3 s each`);
    assert.equal(stats?.samplesReceived, samples.length, `audio was lost in a rollover; sessions: ${sessions}`);
    assert.equal(stats?.framesRejected, 0);
    assert.equal(stats?.terminatedCleanly, stats?.sessionsOpened, sessions);
    assert.ok(
      h.sim?.connections().every((c) => c.closeCode !== 3008),
      `a session expired before its rollover: ${sessions}`,
    );
    const shown = h.finals().map((m) => `${(m.session as { id: string }).id.slice(0, 4)} ${String(m.payload)}`);
    assert.equal(h.finals().length, 5, `a sentence was split or lost:\n${shown.join('\n')}\n${sessions}`);
    assert.deepEqual(
      h.finals().map((m) => (m.turn as { order: number }).order),
      [0, 1, 2, 3, 4],
    );
  });

  it('auto policy, open on any audio: opens on audio, closes when idle, reopens on new audio, loses none of it', async () => {
    h = await Harness.start({
      simulator: { script: SCRIPT },
      transcriber: { policy: 'auto', openOn: 'audio', idleSeconds: 1, maxTurnSilence: '600' },
    });
    assert.equal(h.lastStatus()?.text, `${S}idleAuto`, h.errorsLogged().join('; '));
    assert.equal(h.sim?.connections().length, 0);

    const first = samplesOf(utterances(1, 800, 800));
    await h.stream(pcmBytes(first));
    await h.waitForFinals(1);
    await waitFor('the idle session Terminated', () => h?.sim?.stats().terminatedCleanly === 1, 5000);
    assert.equal(h.sim?.stats().openNow, 0);
    await h.waitForStatus(`${S}idleAuto`);

    // New audio: the first chunk must not be lost while the next session connects.
    const second = samplesOf(utterances(1, 800, 800));
    await h.stream(pcmBytes(second));
    await h.waitForFinals(2);
    await waitFor('the second idle close', () => h?.sim?.stats().terminatedCleanly === 2, 5000);
    const stats = h.sim?.stats();
    assert.equal(stats?.sessionsOpened, 2);
    assert.equal(stats?.samplesReceived, first.length + second.length);
    const [, secondSession] = h.sim?.connections() ?? [];
    assert.equal(secondSession.samplesReceived, second.length, 'the start of the second burst was lost');
    const finals = h.finals();
    assert.notEqual((finals[0].session as { id: string }).id, (finals[1].session as { id: string }).id);
    assert.equal(finals[1].payload, 'turn on the kitchen lights');
  });

  it('auto policy, open on speech (default): a stream of silence opens nothing, speech opens a session with its first words', async () => {
    h = await Harness.start({ simulator: { script: SCRIPT }, transcriber: { policy: 'auto', idleSeconds: 1, maxTurnSilence: '600' } });
    assert.equal(h.lastStatus()?.text, `${S}idleSpeech`);
    const speechMs = 800;
    // A microphone: silence, a spoken command, silence long past the idle time, another command.
    // 1 s of silence proves that silence opens nothing as well as 2 s did; the 2.5 s between the commands
    // is the turn's end (600 ms) plus idleSeconds (1 s, the node's minimum) plus margin, on the clock.
    const segments = [{ silenceMs: 1000 }, { speechMs }, { silenceMs: 2500 }, { speechMs }, { silenceMs: 800 }];
    await h.stream(pcmBytes(samplesOf(segments.slice(0, 1))));
    assert.equal(h.sim?.connections().length, 0, 'silence opened a session');
    await h.stream(pcmBytes(samplesOf(segments.slice(1))));
    await h.waitForFinals(2);
    await waitFor('both sessions Terminated', () => h?.sim?.stats().terminatedCleanly === 2 && h?.sim?.stats().openNow === 0, 5000);
    const connections = h.sim?.connections() ?? [];
    assert.equal(connections.length, 2, 'the silence between the commands should have closed the first session');
    const speechSamples = (16000 * speechMs) / 1000;
    for (const connection of connections) {
      assert.ok(connection.samplesReceived >= speechSamples, `a session got ${connection.samplesReceived} samples, less than its command`);
    }
    assert.deepEqual(
      h.finals().map((m) => m.payload),
      ['turn on the kitchen lights', 'turn on the kitchen lights'],
    );
    assert.ok(!h.warnings().some((w) => /audio dropped/.test(w)), 'gated silence is not reported as lost audio');
    await h.waitForStatus(`${S}idleSpeech`);
  });
});
