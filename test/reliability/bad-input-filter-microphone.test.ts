// Bad input to the turn filter and the microphone: every message is answered
// through done(err) (a Catch node sees it) or handled as documented, nothing
// crashes or hangs, and each node keeps working afterwards.
import assert from 'node:assert/strict';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import helper from 'node-red-node-test-helper';
import type { Node } from 'node-red';
import registerMicrophone from '../../src/nodes/assemblyai-microphone/assemblyai-microphone';
import { setCaptureOverrides } from '../../src/nodes/assemblyai-microphone/capture-overrides';
import turnFilterNode from '../../src/nodes/assemblyai-turn-filter/assemblyai-turn-filter';
import { finalTurn, partialTurn } from '../filter/turn-messages';
import { fakeRecorder } from '../microphone/fake-recorder-source';
import { withLocale } from '../nodes/support/locale';
import { waitFor } from '../nodes/support/wait';
import { nodeRedPath } from '../support/node-red-path';
import { LeakTracker } from './support/leak-tracker';

helper.init(nodeRedPath);

// Errors rendered from the en-US catalog, as a user reads them (the test helper's RED._ returns keys).
const microphoneNode = withLocale(registerMicrophone);

type Msg = Record<string, unknown>;

interface Loaded {
  node: Node;
  outputs: Msg[][];
  caught: Msg[];
  completed: Msg[];
}

/** One node under test with `outputs` helper nodes, a Catch and a Complete node scoped to it. */
async function loadNode(module: unknown, props: Record<string, unknown> & { type: string }, outputs: number): Promise<Loaded> {
  const at = { z: 'f1' };
  const helpers = Array.from({ length: outputs }, (_, i) => ({ id: `out${i}`, type: 'helper', ...at }));
  const flow = [
    { id: 'f1', type: 'tab' },
    { id: 'n', ...at, ...props, wires: helpers.map((h) => [h.id]) },
    ...helpers,
    { id: 'catcher', type: 'catch', ...at, scope: ['n'], uncaught: false, wires: [['caught']] },
    { id: 'caught', type: 'helper', ...at },
    { id: 'completer', type: 'complete', ...at, scope: ['n'], uncaught: false, wires: [['completed']] },
    { id: 'completed', type: 'helper', ...at },
  ];
  await helper.load(module as never, flow);
  const loaded: Loaded = { node: helper.getNode('n'), outputs: helpers.map(() => []), caught: [], completed: [] };
  helpers.forEach((h, i) => helper.getNode(h.id).on('input', (msg: Msg) => loaded.outputs[i].push(msg)));
  helper.getNode('caught').on('input', (msg: Msg) => loaded.caught.push(msg));
  helper.getNode('completed').on('input', (msg: Msg) => loaded.completed.push(msg));
  return loaded;
}

let sequence = 0;

/** Sends a message and resolves with the error its done() reported, or undefined. */
async function outcome(loaded: Loaded, msg: Msg, timeoutMs = 10000): Promise<Error | undefined> {
  const id = `bad${++sequence}`;
  loaded.node.receive({ ...msg, _msgid: id });
  return waitFor(
    `done() for ${id}`,
    () => {
      const failed = loaded.caught.find((m) => m._msgid === id);
      if (failed) return { error: new Error((failed.error as { message: string }).message) };
      if (loaded.completed.some((m) => m._msgid === id)) return { error: undefined };
      return undefined;
    },
    timeoutMs,
  ).then((o) => o.error);
}

const LIGHT_RULES = [
  { type: 'phrase', value: 'lights on', label: 'on' },
  { type: 'phrase', value: 'lights off', label: 'off' },
];

describe('reliability: bad input to the turn filter node', function () {
  this.timeout(30000);
  let tracker: LeakTracker | undefined;
  beforeEach(() => {
    tracker = LeakTracker.start();
  });
  afterEach(async () => {
    await helper.unload();
    await tracker?.expectNoneLeft();
  });

  const filterProps = (extra: Record<string, unknown> = {}) => ({
    type: 'assemblyai-turn-filter',
    name: '',
    stage: 'final',
    rules: LIGHT_RULES,
    outputs: 2,
    ...extra,
  });

  it('messages that are not turns: each fails with "not a turn" and a red status; a real turn still routes', async () => {
    const f = await loadNode(turnFilterNode, filterProps(), 2);
    const bad: Msg[] = [
      { payload: 'lights on' },
      { payload: 42 },
      { payload: { transcript: 'lights on' } },
      { payload: ['lights', 'on'] },
      { payload: null },
      { payload: 'lights on', turn: null },
      { payload: 'lights on', turn: 'lights on' },
      { payload: 'lights on', turn: [1, 2] },
      { payload: 'lights on', turn: { transcript: 'lights on' } },
      { payload: 'lights on', turn: { ...finalTurn('lights on').turn, words: 'lights on' } },
      { payload: 'lights on', turn: { ...finalTurn('lights on').turn, words: [{ text: 5 }] } },
      { payload: 'lights on', turn: { ...finalTurn('lights on').turn, final: 'yes' } },
      { payload: new Float32Array(4), turn: { ...finalTurn('lights on').turn, transcript: 12 } },
    ];
    for (const msg of bad) {
      const error = await outcome(f, msg);
      assert.ok(error, `no error for ${JSON.stringify(msg).slice(0, 80)}`);
      assert.match(error.message, /not-a-turn/);
    }
    assert.equal(f.caught.length, bad.length);
    assert.equal(await outcome(f, finalTurn('lights on', { order: 1 })), undefined);
    assert.equal(f.outputs[0].length, 1);
    assert.equal(f.outputs[1].length, 0);
  });

  it('rules that cannot work: a broken pattern, a rule that is not an object, an unknown type: invalid config at deploy, every message refused', async () => {
    for (const rules of [[{ type: 'regex', value: '(unclosed' }], ['lights on'], [{ type: 'telepathy', value: 'x' }], 'lights on']) {
      const f = await loadNode(turnFilterNode, filterProps({ rules, outputs: 1 }), 1);
      const error = await outcome(f, finalTurn('lights on', { order: 1 }));
      assert.match(error?.message ?? '', /invalid-config/, JSON.stringify(rules));
      await helper.unload();
    }
  });

  it('catastrophic regular expressions: RE2 runs the ones it can in linear time; the others are stopped at their time bound, reported, and later rules still run', async () => {
    // RE2 takes these (no lookaround, backreference or capture inside a repeated group): they cannot backtrack.
    const linear = ['^(a+)+$', '(a|aa)+$', '^(\\w+\\s?)*$', '(.*a){25}'];
    // These stay on V8 (a lookahead, captures inside a repeated group) under the 50 ms bound.
    const bounded = ['^(([a-z])+.)+[A-Z]([a-z])+$', '^(?=a)(a+)+$', '^(?=\\w)(\\w+\\s?)*!$'];
    const patterns = [...linear, ...bounded];
    const rules = [...patterns.map((value) => ({ type: 'regex', value })), { type: 'any', value: 'zebra', label: 'zebra' }];
    const f = await loadNode(turnFilterNode, filterProps({ rules, outputs: rules.length, checkAll: true }), rules.length);
    const evil = [`${'a'.repeat(38)}!`, `${'ab '.repeat(30)}! zebra`, `${'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'}x zebra`];
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    for (const [i, text] of evil.entries()) {
      // A failed rule is reported with node.error(err, msg) (Catch nodes see it), and the message still completes.
      const id = `evil${i}`;
      f.node.receive({ ...finalTurn(`${text} zebra`, { order: i }), _msgid: id });
      await waitFor(`message ${id} done`, () => f.completed.some((m) => m._msgid === id));
      assert.ok(
        f.caught.some((m) => m._msgid === id),
        'the rule failure did not reach the Catch node',
      );
    }
    loop.disable();
    // Hang guard: one message runs at most five 50 ms-bounded matches; the loop never stalls for seconds.
    assert.ok(loop.max / 1e6 < 2000, `the event loop stalled for ${Math.round(loop.max / 1e6)} ms`);
    const ruleErrors = (f.node.error as unknown as { args: unknown[][] }).args.filter(
      (a) => a[0] === 'assemblyai-turn-filter.errors.rule-failed',
    );
    assert.ok(ruleErrors.length >= evil.length, `${ruleErrors.length} rule errors`);
    assert.ok(ruleErrors.length <= evil.length * bounded.length, `${ruleErrors.length} rule errors: a pattern on RE2 failed`);
    assert.equal(f.outputs[rules.length - 1].length, evil.length, 'the rule after the catastrophic ones stopped working');
  });

  it('a huge turn (10,000 words) through every rule type: handled, no crash, no hang', async () => {
    const rules = [
      { type: 'phrase', value: 'lights on' },
      { type: 'all', value: 'kitchen lights' },
      { type: 'any', value: 'zebra' },
      { type: 'exact', value: 'stop' },
      { type: 'starts', value: 'play' },
      { type: 'regex', value: '(\\w+ )+zebra$' },
      { type: 'fuzzy', value: 'turn off the kitchen lights please' },
    ];
    const f = await loadNode(turnFilterNode, filterProps({ rules, outputs: rules.length, checkAll: true }), rules.length);
    const text = Array.from({ length: 10000 }, (_, i) => ['turn', 'of', 'the', 'kitchen', 'light', 'please'][i % 6]).join(' ');
    assert.equal(await outcome(f, finalTurn(text, { order: 1 }), 20000), undefined);
    assert.equal(await outcome(f, partialTurn(text, 'zeb', { order: 2 })), undefined);
    assert.equal(await outcome(f, finalTurn('lights on', { order: 3 })), undefined);
    assert.equal(f.outputs[0].length, 1);
  });
});

describe('reliability: bad input to the microphone node', function () {
  this.timeout(30000);
  let tracker: LeakTracker | undefined;
  afterEach(async () => {
    await helper.unload();
    setCaptureOverrides();
    await tracker?.expectNoneLeft();
  });

  it('anything but a start or stop action fails with a clear error; the microphone then starts and stops normally', async () => {
    tracker = LeakTracker.start();
    setCaptureOverrides({ recorder: fakeRecorder({ readDelayMs: 5 }), backoff: { initialMs: 20, maxMs: 80 }, levelIntervalMs: 0 });
    const m = await loadNode(
      microphoneNode,
      { type: 'assemblyai-microphone', name: '', device: 'default', frameMs: 50, startOnDeploy: false },
      2,
    );
    const bad: Msg[] = [
      { payload: 'begin' },
      { payload: 'START ' },
      { payload: 1 },
      { payload: { action: 'start' } },
      { payload: ['start'] },
      { payload: null },
      { payload: Buffer.from('start') },
      { payload: new Float32Array(800) },
      { payload: new Int8Array(800) },
      { action: 'pause' },
      { action: 7 },
      { action: null, payload: 'nonsense' },
    ];
    for (const msg of bad) {
      const error = await outcome(m, msg);
      assert.match(error?.message ?? '', /microphone: expected msg.action "start" or "stop"/, JSON.stringify(msg));
    }
    assert.equal(m.outputs[0].length, 0, 'bad input started the capture');
    assert.equal(await outcome(m, { action: 'start' }), undefined);
    await waitFor('audio', () => m.outputs[0].length >= 3);
    assert.equal(await outcome(m, { action: 'start' }), undefined, 'a second start is harmless');
    assert.equal(await outcome(m, { action: 'stop' }), undefined);
    assert.equal(await outcome(m, { action: 'stop' }), undefined, 'a second stop is harmless');
  });

  it('a configuration it cannot use (frame size 5 ms) is reported at deploy and every message is refused', async () => {
    setCaptureOverrides({ recorder: fakeRecorder({ readDelayMs: 5 }) });
    const m = await loadNode(
      microphoneNode,
      { type: 'assemblyai-microphone', name: '', device: 'default', frameMs: 5, startOnDeploy: true },
      2,
    );
    const error = await outcome(m, { action: 'start' });
    assert.match(error?.message ?? '', /not configured correctly/);
    assert.equal(m.outputs[0].length, 0);
  });
});
