// Spoken turns from the simulator through a real transcriber into the intent
// node: audio in, msg.intent out, with and without the service's formatting.
import assert from 'node:assert/strict';
import accountNode from '../../src/nodes/assemblyai-account/assemblyai-account';
import intentNode from '../../src/nodes/assemblyai-intent/assemblyai-intent';
import transcriberNode from '../../src/nodes/assemblyai-transcriber/assemblyai-transcriber';
import { startSimulator } from '../../src/sim';
import type { Simulator } from '../../src/sim/types';
import { chunk, pcmBytes, samplesOf, utterances } from './support/audio';
import { FAST_TUNING, helper, TEST_KEY, transcriberFlow, type Msg } from './support/harness';
import { waitFor } from './support/wait';
import { HOME } from '../intent/fixtures/home';

const SCRIPT = [
  'Set the bedroom lights to 40%.',
  'Turn on the kitchen lights.',
  "What's the weather like?",
  'Set a timer for twenty five minutes.',
];

/**
 * The turns and their intents are the point, not the pace: the transcriber sends the audio written
 * at once at 10x real time (its highest catch-up rate) to a simulator whose strict rule allows 10x
 * (so a node sending faster still fails), instead of ~13 s of audio at 1.25x.
 */
const FAST_RATE = 10;
const SIM = { port: 0, script: SCRIPT, rateRule: 'strict', timing: { strictFactor: FAST_RATE } } as const;

interface Run {
  matched: Msg[];
  unmatched: Msg[];
  turns: Msg[];
}

async function speak(sim: Simulator, transcriber: Record<string, unknown>): Promise<Run> {
  helper.settings({ assemblyaiTranscriber: FAST_TUNING } as Record<string, unknown>);
  const flow = transcriberFlow(sim.url, {}, { maxSendRate: FAST_RATE, ...transcriber });
  const tr = flow.find((n) => n.id === 'tr');
  assert.ok(tr);
  tr.wires = [['turns', 'intent'], ['events']];
  flow.push(
    {
      id: 'intent',
      type: 'assemblyai-intent',
      z: 'f1',
      name: '',
      intents: JSON.stringify(HOME.intents),
      lists: JSON.stringify(HOME.lists),
      expansionRules: JSON.stringify(HOME.expansionRules),
      wires: [['matched'], ['unmatched']],
    },
    { id: 'matched', type: 'helper', z: 'f1' },
    { id: 'unmatched', type: 'helper', z: 'f1' },
  );
  await helper.load([accountNode, transcriberNode, intentNode], flow, { acc: { apiKey: TEST_KEY } });
  const run: Run = { matched: [], unmatched: [], turns: [] };
  helper.getNode('matched').on('input', (msg: Msg) => run.matched.push(msg));
  helper.getNode('unmatched').on('input', (msg: Msg) => run.unmatched.push(msg));
  helper.getNode('turns').on('input', (msg: Msg) => run.turns.push(msg));
  const audio = chunk(pcmBytes(samplesOf(utterances(SCRIPT.length))), [3200]);
  const node = helper.getNode('tr');
  for (const part of audio) node.receive({ payload: part });
  await waitFor('every turn to reach the intent node', () => run.matched.length + run.unmatched.length >= SCRIPT.length, 20000);
  return run;
}

function summary(run: Run): unknown[] {
  return run.matched.map((m) => [m.topic, (m.intent as { slots: unknown }).slots]);
}

describe('assemblyai-intent node: spoken turns from the simulator', function () {
  this.timeout(40000);
  let sim: Simulator | undefined;

  afterEach(async () => {
    await helper.unload();
    await sim?.close();
    sim = undefined;
  });

  it('matches the formatted final turns ("40%"), one message per turn, and sends the rest to output 2', async () => {
    sim = await startSimulator(SIM);
    const run = await speak(sim, { formatTurns: true });
    assert.deepEqual(summary(run), [
      ['LightBrightness', { area: 'bedroom', brightness: 40 }],
      ['LightOn', { state: 'ON', area: 'kitchen' }],
      ['StartTimer', { minutes: 25 }],
    ]);
    assert.deepEqual(
      run.unmatched.map((m) => m.payload),
      ["What's the weather like?"],
    );
    assert.equal(run.matched[0].payload, 'Set the bedroom lights to 40%.');
    const turn = run.matched[0].turn as { final: boolean; formatted: boolean; order: number };
    assert.deepEqual([turn.final, turn.formatted, turn.order], [true, true, 0]);
    // The transcriber sent partials and unformatted ends of turn too; the node acted on the finals only.
    assert.ok(run.turns.length > SCRIPT.length * 2, `only ${run.turns.length} turn messages`);
  });

  // The simulator's unformatted form is the spoken one (numbers as words, no punctuation), as the service sends it.
  it('matches the same turns unformatted ("set the bedroom lights to forty", "twenty five")', async () => {
    sim = await startSimulator(SIM);
    const run = await speak(sim, { formatTurns: false });
    assert.deepEqual(summary(run), [
      ['LightBrightness', { area: 'bedroom', brightness: 40 }],
      ['LightOn', { state: 'ON', area: 'kitchen' }],
      ['StartTimer', { minutes: 25 }],
    ]);
    assert.equal((run.matched[0].intent as { text: string }).text, 'set the bedroom lights to forty');
    assert.equal((run.matched[2].intent as { text: string }).text, 'set a timer for twenty five minutes');
    assert.deepEqual(
      run.unmatched.map((m) => m.payload),
      ["what's the weather like"],
    );
  });
});
