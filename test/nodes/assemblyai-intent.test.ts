// The intent node in a Node-RED runtime (node-red-node-test-helper), fed
// hand-made turn messages, and its editor endpoints. Errors are rendered from
// the en-US catalog (withLocale), so they are asserted as a user reads them;
// status texts stay keys, as the test helper's RED._ returns them.
import assert from 'node:assert/strict';
import helper from 'node-red-node-test-helper';
import type { Node } from 'node-red';
import intentNode from '../../src/nodes/assemblyai-intent/assemblyai-intent';
import { nodeRedPath } from '../support/node-red-path';
import { withLocale } from './support/locale';
import { waitFor } from './support/wait';
import { endOfTurnMessage, finalTurn, partialTurn } from '../filter/turn-messages';
import { HOME } from '../intent/fixtures/home';

helper.init(nodeRedPath);

type Msg = Record<string, unknown> & { payload?: unknown; topic?: string; _msgid?: string };

interface Loaded {
  node: Node;
  matched: Msg[];
  unmatched: Msg[];
  caught: Msg[];
  completed: Msg[];
  statuses: Array<{ fill?: string; shape?: string; text?: string }>;
  errors: unknown[][];
  /** Sends a message and waits until the node called done() for it (with or without an error). */
  handle(msg: Msg): Promise<void>;
}

const at = { z: 'f1', x: 100, y: 100 };

async function load(config: Record<string, unknown>): Promise<Loaded> {
  const flow = [
    { id: 'f1', type: 'tab', label: 'intent test' },
    { id: 'in', type: 'assemblyai-intent', ...at, name: '', ...config, wires: [['matched'], ['unmatched']] },
    { id: 'matched', type: 'helper', ...at },
    { id: 'unmatched', type: 'helper', ...at },
    { id: 'catcher', type: 'catch', ...at, scope: ['in'], uncaught: false, wires: [['caught']] },
    { id: 'caught', type: 'helper', ...at },
    { id: 'completer', type: 'complete', ...at, scope: ['in'], uncaught: false, wires: [['completed']] },
    { id: 'completed', type: 'helper', ...at },
  ];
  await helper.load(withLocale(intentNode), flow);
  const node = helper.getNode('in');
  const loaded: Loaded = {
    node,
    matched: [],
    unmatched: [],
    caught: [],
    completed: [],
    statuses: [],
    errors: [],
    async handle(msg) {
      const id = `m${Math.random().toString(16).slice(2)}`;
      msg._msgid = id;
      node.receive(msg);
      await waitFor(`done() for ${id}`, () => loaded.completed.some((m) => m._msgid === id) || loaded.caught.some((m) => m._msgid === id));
    },
  };
  for (const name of ['matched', 'unmatched', 'caught', 'completed'] as const) {
    helper.getNode(name).on('input', (msg: Msg) => loaded[name].push(msg));
  }
  const spied = node as unknown as { on(event: string, listener: (call: { args: unknown[] }) => void): void };
  spied.on('call:status', (call) => loaded.statuses.push(call.args[0] as Loaded['statuses'][number]));
  spied.on('call:error', (call) => loaded.errors.push(call.args));
  return loaded;
}

const homeAsText = {
  intents: JSON.stringify(HOME.intents),
  lists: JSON.stringify(HOME.lists),
  expansionRules: JSON.stringify(HOME.expansionRules),
};

describe('assemblyai-intent node', function () {
  this.timeout(30000);

  afterEach(async () => {
    await helper.unload();
  });

  it('sends msg.intent and msg.topic on output 1 for a final turn that matches, keeping msg.turn and msg.payload', async () => {
    const n = await load(homeAsText);
    const msg = finalTurn('Set the bedroom lights to 40%.', { order: 3 });
    const turnBefore = JSON.parse(JSON.stringify(msg.turn)) as unknown;
    await n.handle(msg);
    assert.equal(n.matched.length, 1);
    assert.equal(n.unmatched.length, 0);
    const [out] = n.matched;
    assert.deepEqual(out.intent, {
      name: 'LightBrightness',
      slots: { area: 'bedroom', brightness: 40 },
      text: 'Set the bedroom lights to 40%.',
      sentence: '(set|dim|change) [the] {area} light[s] to {brightness}[%| percent]',
    });
    assert.equal(out.topic, 'LightBrightness');
    assert.equal(out.payload, 'Set the bedroom lights to 40%.');
    assert.deepEqual(out.turn, turnBefore);
    assert.deepEqual(out.session, msg.session);
    assert.deepEqual(n.statuses.at(-1), { fill: 'green', shape: 'dot', text: 'LightBrightness' });
  });

  it('sends a final turn that matches nothing, unchanged, on output 2', async () => {
    const n = await load(homeAsText);
    await n.handle(finalTurn("What's the weather like?"));
    await n.handle(finalTurn('Turn on the garage lights.'));
    assert.equal(n.matched.length, 0);
    assert.deepEqual(
      n.unmatched.map((m) => m.payload),
      ["What's the weather like?", 'Turn on the garage lights.'],
    );
    assert.equal(n.unmatched[0].intent, undefined);
    assert.deepEqual(n.statuses.at(-1), { fill: 'grey', shape: 'ring', text: 'assemblyai-intent.status.no-match' });
  });

  it('acts on final turns only by default: partials and the unformatted end of turn are ignored', async () => {
    const n = await load(homeAsText);
    await n.handle(partialTurn('turn on the kitchen', 'lights'));
    await n.handle(endOfTurnMessage('turn on the kitchen lights', false));
    await n.handle(finalTurn('Turn on the kitchen lights.'));
    assert.deepEqual(
      n.matched.map((m) => [m.topic, (m.intent as { slots: unknown }).slots]),
      [['LightOn', { state: 'ON', area: 'kitchen' }]],
    );
    assert.equal(n.unmatched.length, 0);
  });

  it('acts on every end of turn when told to', async () => {
    const n = await load({ ...homeAsText, stage: 'endOfTurn' });
    await n.handle(partialTurn('turn on the kitchen', 'lights'));
    await n.handle(endOfTurnMessage('turn on the kitchen lights', false));
    await n.handle(finalTurn('Turn on the kitchen lights.'));
    assert.deepEqual(
      n.matched.map((m) => (m.intent as { text: string }).text),
      ['turn on the kitchen lights', 'Turn on the kitchen lights.'],
    );
  });

  it('reads a blank stage as final turns, and refuses an unknown one at deploy (as the editor does)', async () => {
    const blank = await load({ ...homeAsText, stage: '' });
    await blank.handle(endOfTurnMessage('turn on the kitchen lights', false));
    await blank.handle(finalTurn('Turn on the kitchen lights.'));
    assert.deepEqual(
      blank.matched.map((m) => (m.intent as { text: string }).text),
      ['Turn on the kitchen lights.'],
    );
    await helper.unload();

    const typo = await load({ ...homeAsText, stage: 'finals' });
    await waitFor('the deploy error', () => typo.errors.length > 0);
    assert.equal(String(typo.errors[0][0]), 'Intent configuration is invalid: unknown stage "finals": use final or endOfTurn');
    assert.deepEqual(typo.statuses, [{ fill: 'red', shape: 'ring', text: 'assemblyai-intent.status.invalid-config' }]);
    await typo.handle(finalTurn('Turn on the kitchen lights.'));
    assert.equal(typo.matched.length, 0);
    assert.equal(typo.caught.length, 1);
  });

  it('matches a string payload without msg.turn (an inject node)', async () => {
    const n = await load(homeAsText);
    await n.handle({ payload: 'play Yesterday by The Beatles' });
    assert.deepEqual((n.matched[0].intent as { slots: unknown }).slots, { song: 'Yesterday', artist: 'The Beatles' });
  });

  it('takes the properties as objects too', async () => {
    const n = await load({ intents: HOME.intents, lists: HOME.lists, expansionRules: HOME.expansionRules });
    await n.handle(finalTurn('Set a timer for five minutes.'));
    assert.deepEqual(n.matched[0].intent, {
      name: 'StartTimer',
      slots: { minutes: 5 },
      text: 'Set a timer for five minutes.',
      sentence: '(set|start) [a] timer for {minutes} minute[s]',
    });
  });

  it('reports bad templates at deploy, naming the template and the position, and rejects messages with that error', async () => {
    const n = await load({
      intents: JSON.stringify([{ name: 'Broken', sentences: ['turn on (the lights', 'set {room} to {level}'] }]),
      lists: '{"level": {"range": {"from": 0, "to": 10}}}',
      expansionRules: '',
    });
    await waitFor('the deploy error', () => n.errors.length > 0);
    assert.equal(
      String(n.errors[0][0]),
      'Intent configuration is invalid: intent "Broken", sentence 1 "turn on (the lights": "(" is never closed at position 9; ' +
        'intent "Broken", sentence 2 "set {room} to {level}": unknown list "{room}" at position 5',
    );
    assert.deepEqual(n.statuses, [{ fill: 'red', shape: 'ring', text: 'assemblyai-intent.status.invalid-config' }]);

    await n.handle(finalTurn('turn on the lights'));
    assert.equal(n.matched.length + n.unmatched.length, 0);
    assert.equal(n.caught.length, 1);
    // Node-RED puts the error's toString() in msg.error.message.
    assert.equal((n.caught[0].error as { message: string }).message, `Error: ${String(n.errors[0][0])}`);
  });

  it('rejects a message that is neither a turn nor a string, with a status and an error a Catch node sees', async () => {
    const n = await load(homeAsText);
    await n.handle({ payload: 42 });
    await n.handle({ payload: 'x', turn: { transcript: 7 } });
    await n.handle({ payload: 'x', turn: { transcript: 'turn on the kitchen lights' } });
    assert.equal(n.caught.length, 3);
    assert.deepEqual(
      n.caught.map((m) => (m.error as { message: string }).message),
      [
        'Error: Not a turn message: expected a turn message (msg.turn from a transcriber) or a string msg.payload',
        'Error: Not a turn message: msg.turn.transcript is not a string',
        'Error: Not a turn message: msg.turn.final is not a boolean',
      ],
    );
    assert.deepEqual(n.statuses.at(-1), { fill: 'red', shape: 'ring', text: 'assemblyai-intent.status.not-a-turn' });
    // Still working afterwards.
    await n.handle(finalTurn('Never mind.'));
    assert.equal(n.matched[0].topic, 'Cancel');
  });

  describe('editor endpoints', () => {
    it('try: matches a sentence against an unsaved config, or lists its problems', async () => {
      await load(homeAsText);
      const ok = await helper
        .request()
        .post('/assemblyai-intent/try')
        .send({ ...homeAsText, text: 'dim the kitchen lights to twenty-five percent' })
        .expect(200);
      assert.deepEqual(ok.body, {
        problems: [],
        match: {
          name: 'LightBrightness',
          slots: { area: 'kitchen', brightness: 25 },
          text: 'dim the kitchen lights to twenty-five percent',
          sentence: '(set|dim|change) [the] {area} light[s] to {brightness}[%| percent]',
        },
      });
      const none = await helper
        .request()
        .post('/assemblyai-intent/try')
        .send({ ...homeAsText, text: 'hello' })
        .expect(200);
      assert.deepEqual(none.body, { problems: [], match: null });
      const bad = await helper
        .request()
        .post('/assemblyai-intent/try')
        .send({ intents: [{ name: 'X', sentences: ['set [the lights'] }], lists: {}, expansionRules: {}, text: 'set the lights' })
        .expect(200);
      assert.deepEqual(bad.body, {
        problems: ['intent "X", sentence 1 "set [the lights": "[" is never closed at position 5'],
        match: null,
      });
    });

    it('import: converts a Home Assistant custom_sentences file, and says what is wrong with a bad one', async () => {
      await load(homeAsText);
      const yaml = [
        'language: en',
        'intents:',
        '  HassTurnOn:',
        '    data:',
        '      - sentences:',
        '          - "turn on [the] {area} lights"',
        '        slots:',
        '          domain: light',
        'lists:',
        '  area:',
        '    values: [kitchen]',
      ].join('\n');
      const ok = await helper.request().post('/assemblyai-intent/import').send({ yaml }).expect(200);
      assert.deepEqual(ok.body, {
        config: {
          intents: [{ name: 'HassTurnOn', sentences: ['turn on [the] {area} lights'], slots: { domain: 'light' } }],
          lists: { area: { values: ['kitchen'] } },
          expansionRules: {},
        },
        language: 'en',
        notes: [],
      });
      const bad = await helper.request().post('/assemblyai-intent/import').send({ yaml: 'intents: [' }).expect(400);
      assert.match((bad.body as { error: string }).error, /^not valid YAML \(line 1/);
      const missing = await helper.request().post('/assemblyai-intent/import').send({}).expect(400);
      assert.match((missing.body as { error: string }).error, /send the YAML text/);
    });
  });
});
