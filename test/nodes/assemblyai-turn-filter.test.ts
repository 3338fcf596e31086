// The turn filter node in a Node-RED runtime (node-red-node-test-helper), fed
// hand-made turn messages. The test helper's RED._ returns i18n keys as they
// are, so status and error texts are asserted as keys.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import helper from 'node-red-node-test-helper';
import type { Node } from 'node-red';
import turnFilterNode from '../../src/nodes/assemblyai-turn-filter/assemblyai-turn-filter';
import { RULE_TYPES } from '../../src/filter/rules';
import { builtEditorHtml } from '../config/editor-sandbox';
import { nodeRedPath } from '../support/node-red-path';
import { waitFor } from './support/wait';
import { endOfTurnMessage, finalTurn, partialTurn, type TurnMessage } from '../filter/turn-messages';

helper.init(nodeRedPath);

interface Received {
  payload: string;
  match: { rule: string; output: number; groups: Record<string, string | null>; score: number };
  turn: unknown;
  error?: { message: string };
}

interface Harness {
  filter: Node;
  /** Messages received on each output, in order. */
  outputs: Received[][];
  /** Messages that reached the Catch node. */
  caught: Received[];
  statuses: Array<{ fill?: string; shape?: string; text?: string }>;
  errors: unknown[][];
  send(msg: object): void;
  /** Words the sentinel turn opens with (a wake word). */
  sentinelPrefix: string;
}

const SENTINEL_RULE = { type: 'exact', value: 'sentinel zebra', label: 'sentinel' };

/**
 * Loads a turn filter with `config`; `outputCount` helper nodes are wired to
 * its outputs, a Catch node collects errors. A last rule, the sentinel, lets
 * tests wait until earlier messages were processed: messages leave the node
 * in order, so once the sentinel arrives every earlier message has too.
 */
async function load(config: Record<string, unknown>, { sentinel = true, sentinelPrefix = '' } = {}): Promise<Harness> {
  const rules = [...((config.rules as object[]) ?? []), ...(sentinel ? [SENTINEL_RULE] : [])];
  const outputCount = rules.length + (config.otherwise ? 1 : 0);
  // x and y make Node-RED treat these as flow nodes (without them they count as
  // config nodes, and a Catch node would not be registered as one).
  const at = { z: 'f1', x: 100, y: 100 };
  const helpers = Array.from({ length: outputCount }, (_, i) => ({ id: `out${i}`, type: 'helper', ...at }));
  const flow = [
    { id: 'f1', type: 'tab', label: 'turn filter test' },
    {
      id: 'tf',
      type: 'assemblyai-turn-filter',
      ...at,
      name: '',
      ...config,
      rules,
      outputs: outputCount,
      wires: helpers.map((h) => [h.id]),
    },
    ...helpers,
    { id: 'catcher', type: 'catch', ...at, scope: null, uncaught: false, wires: [['caught']] },
    { id: 'caught', type: 'helper', ...at },
  ];
  await helper.load(turnFilterNode, flow);
  const filter = helper.getNode('tf');
  const harness: Harness = {
    filter,
    outputs: helpers.map(() => []),
    caught: [],
    statuses: [],
    errors: [],
    send: (msg) => filter.receive(msg as never),
    sentinelPrefix,
  };
  helpers.forEach((h, i) => helper.getNode(h.id).on('input', (msg: unknown) => harness.outputs[i].push(msg as Received)));
  helper.getNode('caught').on('input', (msg: unknown) => harness.caught.push(msg as Received));
  // The helper's spies announce each call as a 'call:<method>' event.
  const spied = filter as unknown as { on(event: string, listener: (call: { args: unknown[] }) => void): void };
  spied.on('call:status', (call) => harness.statuses.push(call.args[0] as Harness['statuses'][number]));
  spied.on('call:error', (call) => harness.errors.push(call.args));
  return harness;
}

/** Waits until every message sent before it was handled. */
async function settle(h: Harness, ruleCount: number): Promise<void> {
  const before = h.outputs[ruleCount].length;
  h.send(finalTurn(`${h.sentinelPrefix} sentinel zebra`.trim(), { order: 999_999 }));
  await waitFor('the sentinel turn', () => h.outputs[ruleCount].length > before);
  h.outputs[ruleCount].pop();
  h.statuses.pop();
}

const lightRules = [
  { type: 'phrase', value: 'lights on', label: 'lights on' },
  { type: 'phrase', value: 'lights off', label: 'lights off' },
];

function counts(h: Harness): number[] {
  return h.outputs.map((received) => received.length);
}

describe('assemblyai-turn-filter node', function () {
  this.timeout(30000);

  afterEach(async () => {
    await helper.unload();
  });

  describe('rule types', () => {
    const cases: Array<{ rule: Record<string, unknown>; hit: string; miss: string }> = [
      { rule: { type: 'phrase', value: 'lights on' }, hit: 'Kitchen lights on, please.', miss: 'On the lights.' },
      { rule: { type: 'all', value: 'kitchen lights' }, hit: 'Lights in the kitchen.', miss: 'Lights in the bedroom.' },
      { rule: { type: 'any', value: 'stop, never mind' }, hit: 'Never mind.', miss: 'Keep going.' },
      { rule: { type: 'exact', value: 'stop' }, hit: 'Stop!', miss: "Don't stop." },
      { rule: { type: 'starts', value: 'play' }, hit: 'Play some jazz.', miss: 'Stop the play.' },
      { rule: { type: 'regex', value: '^set .* to \\d+$' }, hit: 'Set the heat to twenty one.', miss: 'Set the heat.' },
      { rule: { type: 'fuzzy', value: 'turn off the lights' }, hit: 'Turn of the lights.', miss: 'Turn on the lights.' },
    ];
    assert.deepEqual(cases.map((c) => c.rule.type).sort(), [...RULE_TYPES].sort());

    for (const { rule, hit, miss } of cases) {
      it(`${String(rule.type)}: routes "${hit}" and not "${miss}"`, async () => {
        const h = await load({ rules: [rule], otherwise: true });
        h.send(finalTurn(hit, { order: 1 }));
        h.send(finalTurn(miss, { order: 2 }));
        await settle(h, 1);
        assert.deepEqual(
          h.outputs[0].map((m) => m.payload),
          [hit],
        );
        assert.deepEqual(
          h.outputs[2].map((m) => m.payload),
          [miss],
        );
        assert.equal(h.outputs[0][0].match.output, 1);
        assert.deepEqual(h.outputs[2][0].match, { rule: 'otherwise', output: 3, groups: {}, score: 0 });
      });
    }

    it('puts named groups and the rule label in msg.match and leaves msg.turn alone', async () => {
      const h = await load({ rules: [{ type: 'regex', value: 'set (?<room>\\w+) to (?<degrees>\\d+)', label: 'heat' }] });
      const msg = finalTurn('Set bedroom to twenty one degrees.', { order: 1 });
      const turnBefore = JSON.parse(JSON.stringify(msg.turn)) as unknown;
      h.send(msg);
      await settle(h, 1);
      const [out] = h.outputs[0];
      assert.deepEqual(out.match, { rule: 'heat', output: 1, groups: { room: 'bedroom', degrees: '21' }, score: 1 });
      assert.equal(out.payload, 'Set bedroom to twenty one degrees.');
      assert.deepEqual(out.turn, turnBefore);
    });

    it('matches raw text when configured', async () => {
      const h = await load({ rules: [{ type: 'phrase', value: 'Lights on' }], textMode: 'raw' });
      h.send(finalTurn('lights on', { order: 1 }));
      h.send(finalTurn('Lights on now', { order: 2 }));
      await settle(h, 1);
      assert.deepEqual(
        h.outputs[0].map((m) => m.payload),
        ['Lights on now'],
      );
    });

    it('stops at the first match, or sends a copy to every matching output', async () => {
      const rules = [
        { type: 'any', value: 'lights' },
        { type: 'any', value: 'on' },
      ];
      const first = await load({ rules });
      first.send(finalTurn('lights on', { order: 1 }));
      await settle(first, 2);
      assert.deepEqual(counts(first), [1, 0, 0]);
      await helper.unload();

      const all = await load({ rules, checkAll: 'true' });
      all.send(finalTurn('lights on', { order: 1 }));
      await settle(all, 2);
      assert.deepEqual(counts(all), [1, 1, 0]);
      assert.notEqual(all.outputs[0][0], all.outputs[1][0]);
      assert.equal(all.outputs[0][0].match.output, 1);
      assert.equal(all.outputs[1][0].match.output, 2);
    });
  });

  describe('stages', () => {
    const turnMessages = (order: number): TurnMessage[] => [
      partialTurn('turn the lights', 'on', { order }),
      partialTurn('turn the lights on', '', { order }),
      endOfTurnMessage('turn the lights on', false, { order }),
      endOfTurnMessage('Turn the lights on.', true, { order }, true),
    ];

    it('final: only the final message of the turn is routed', async () => {
      const h = await load({ rules: lightRules, stage: 'final' });
      for (const msg of turnMessages(1)) h.send(msg);
      await settle(h, 2);
      assert.deepEqual(
        h.outputs[0].map((m) => m.payload),
        ['Turn the lights on.'],
      );
    });

    it('endOfTurn: the first end-of-turn message is routed, once per turn', async () => {
      const h = await load({ rules: lightRules, stage: 'endOfTurn' });
      for (const msg of [...turnMessages(1), ...turnMessages(2)]) h.send(msg);
      await settle(h, 2);
      assert.deepEqual(
        h.outputs[0].map((m) => m.payload),
        ['turn the lights on', 'turn the lights on'],
      );
    });

    it('partial: acts early on the first partial whose finalized words match, once per turn', async () => {
      const h = await load({ rules: lightRules, stage: 'partial', otherwise: true });
      for (const msg of [...turnMessages(1), ...turnMessages(2)]) h.send(msg);
      await settle(h, 2);
      assert.equal(h.outputs[0].length, 2);
      for (const out of h.outputs[0]) {
        assert.equal(out.payload, 'turn the lights on');
        assert.equal((out.turn as { endOfTurn: boolean }).endOfTurn, false, 'fired on the partial');
      }
      assert.equal(h.outputs[2].length, 0, 'a turn that fired early does not also go to otherwise');
    });
  });

  describe('wake word', () => {
    it('must open: routes turns opening with it, without it, and arms the next turn after a lone wake word', async () => {
      const h = await load(
        { rules: lightRules, wakeWord: 'hey jarvis', wakeMode: 'open', wakeWindow: 30 },
        { sentinelPrefix: 'hey jarvis' },
      );
      h.send(finalTurn('Lights on.', { order: 1 }));
      h.send(finalTurn('Hey Jarvis, lights on.', { order: 2 }));
      h.send(finalTurn('Hey Jarvis.', { order: 3 }));
      await waitFor('armed status', () => h.statuses.find((s) => s.text === 'assemblyai-turn-filter.status.armed'));
      h.send(finalTurn('Lights off.', { order: 4 }));
      h.send(finalTurn('Lights off.', { order: 5 }));
      await settle(h, 2);
      assert.deepEqual(
        h.outputs[0].map((m) => m.payload),
        ['lights on.'],
      );
      assert.deepEqual(
        h.outputs[1].map((m) => m.payload),
        ['Lights off.'],
        'the lone wake word armed one turn only',
      );
      assert.ok(h.statuses.some((s) => s.text === 'assemblyai-turn-filter.status.dropped-no-wake-word'));
    });

    it('arm: routes the rest of the wake turn and the turns within the window', async () => {
      const h = await load({ rules: lightRules, wakeWord: 'jarvis', wakeMode: 'arm', wakeWindow: 30 }, { sentinelPrefix: 'jarvis' });
      h.send(finalTurn('Lights on.', { order: 1 }));
      h.send(finalTurn('Jarvis, lights on.', { order: 2 }));
      h.send(finalTurn('Lights off.', { order: 3 }));
      h.send(finalTurn('Lights on.', { order: 4 }));
      await settle(h, 2);
      assert.deepEqual(
        h.outputs[0].map((m) => m.payload),
        ['lights on.', 'Lights on.'],
      );
      assert.deepEqual(
        h.outputs[1].map((m) => m.payload),
        ['Lights off.'],
      );
    });
  });

  describe('guards', () => {
    it('minimum confidence', async () => {
      const h = await load({ rules: lightRules, minConfidence: '0.8' });
      h.send(finalTurn('lights on', { order: 1, confidence: 0.5 }));
      h.send(finalTurn('lights off', { order: 2, confidence: 0.9 }));
      await settle(h, 2);
      assert.deepEqual(counts(h), [0, 1, 0]);
      assert.ok(h.statuses.some((s) => s.text === 'assemblyai-turn-filter.status.dropped-confidence'));
    });

    it('speakers', async () => {
      const h = await load({ rules: lightRules, speakers: 'A' });
      h.send(finalTurn('lights on', { order: 1, speaker: 'B' }));
      h.send(finalTurn('lights off', { order: 2, speaker: 'A' }));
      await waitFor('the speaker-A turn', () => h.outputs[1].length === 1);
      assert.deepEqual(counts(h), [0, 1, 0]);
      assert.ok(h.statuses.some((s) => s.text === 'assemblyai-turn-filter.status.dropped-speaker'));
    });

    it('minimum and maximum word count', async () => {
      const h = await load({ rules: [{ type: 'any', value: 'lights' }], minWords: 2, maxWords: 3 });
      h.send(finalTurn('lights', { order: 1 }));
      h.send(finalTurn('all the lights off now', { order: 2 }));
      h.send(finalTurn('lights off now', { order: 3 }));
      await waitFor('the three-word turn', () => h.outputs[0].length === 1);
      h.send(finalTurn('sentinel zebra', { order: 4 }));
      await waitFor('the sentinel', () => h.outputs[1].length === 1);
      assert.deepEqual(
        h.outputs[0].map((m) => m.payload),
        ['lights off now'],
      );
      const texts = h.statuses.map((s) => s.text);
      assert.ok(texts.includes('assemblyai-turn-filter.status.dropped-min-words'));
      assert.ok(texts.includes('assemblyai-turn-filter.status.dropped-max-words'));
    });

    it('per-rule cooldown against repeats', async () => {
      const h = await load({ rules: [{ type: 'any', value: 'doorbell', cooldown: '60', label: 'bell' }] });
      h.send(finalTurn('doorbell', { order: 1 }));
      h.send(finalTurn('doorbell', { order: 2 }));
      await settle(h, 1);
      assert.deepEqual(counts(h), [1, 0]);
      assert.ok(h.statuses.some((s) => s.text === 'assemblyai-turn-filter.status.cooldown'));
    });
  });

  describe('status', () => {
    it('shows the last thing it did', async () => {
      const h = await load({ rules: lightRules }, { sentinel: false });
      h.send(finalTurn('lights on', { order: 1 }));
      await waitFor('matched status', () => h.statuses.length === 1);
      assert.deepEqual(h.statuses[0], { fill: 'green', shape: 'dot', text: 'assemblyai-turn-filter.status.matched' });
      h.send(finalTurn('what time is it', { order: 2 }));
      await waitFor('no-match status', () => h.statuses.length === 2);
      assert.deepEqual(h.statuses[1], { fill: 'grey', shape: 'ring', text: 'assemblyai-turn-filter.status.no-match' });
    });
  });

  describe('bad input and configuration', () => {
    it('reports a message that is not a turn through done(err), with a red status, and keeps working', async () => {
      const h = await load({ rules: lightRules });
      h.send({ payload: 'lights on' });
      h.send({ payload: 'lights on', turn: { transcript: 'lights on', order: 1 } });
      await waitFor('two caught errors', () => h.caught.length === 2);
      for (const msg of h.caught) assert.match(msg.error?.message ?? '', /assemblyai-turn-filter\.errors\.not-a-turn$/);
      assert.deepEqual(
        h.statuses.slice(0, 2).map((s) => [s.fill, s.text]),
        [
          ['red', 'assemblyai-turn-filter.status.not-a-turn'],
          ['red', 'assemblyai-turn-filter.status.not-a-turn'],
        ],
      );
      h.send(finalTurn('lights on', { order: 1 }));
      await settle(h, 2);
      assert.deepEqual(counts(h), [1, 0, 0]);
    });

    it('catches a broken regular expression at deploy: red status, node.error, every message rejected', async () => {
      const h = await load({ rules: [{ type: 'regex', value: 'lights (on' }] }, { sentinel: false });
      // The constructor's status and error happen before the harness listens: read the spies.
      const status = (h.filter.status as unknown as { args: unknown[][] }).args[0][0];
      assert.deepEqual(status, { fill: 'red', shape: 'ring', text: 'assemblyai-turn-filter.status.invalid-config' });
      const errorCall = (h.filter.error as unknown as { args: unknown[][] }).args[0];
      assert.equal(errorCall[0], 'assemblyai-turn-filter.errors.invalid-config');
      h.send(finalTurn('lights on', { order: 1 }));
      await waitFor('the rejected message', () => h.caught.length === 1);
      assert.deepEqual(counts(h), [0]);
    });

    it('stops a catastrophic regular expression at its time bound without blocking the flow', async () => {
      // A lookahead keeps the pattern off RE2, on the time-bounded engine.
      const h = await load({
        rules: [
          { type: 'regex', value: '^(?=a)(a+)+$' },
          { type: 'any', value: 'b' },
        ],
      });
      h.send(finalTurn(`${'a'.repeat(40)} b`, { order: 1 }));
      await settle(h, 2);
      assert.equal(h.errors.length, 1);
      assert.equal(h.errors[0][0], 'assemblyai-turn-filter.errors.rule-failed');
      assert.equal(h.outputs[1].length, 1, 'the next rule still matched');
      assert.equal(h.caught.length, 1, 'a Catch node sees the failed rule');
    });
  });
});

describe('example flow 02-voice-commands.json', function () {
  this.timeout(30000);
  interface FlowNode {
    id: string;
    type: string;
    name?: string;
    wires?: string[][];
    props?: Array<{ p: string; v: string; vt: string }>;
    [key: string]: unknown;
  }
  const example = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'examples', '02-voice-commands.json'), 'utf8')) as FlowNode[];

  afterEach(async () => {
    await helper.unload();
  });

  /** What an inject node sends: its props, JSON ones parsed. */
  function injected(node: FlowNode): Record<string, unknown> {
    const msg: Record<string, unknown> = {};
    for (const prop of node.props ?? []) msg[prop.p] = prop.vt === 'json' ? JSON.parse(prop.v) : prop.v;
    return msg;
  }

  it('uses only core nodes besides the turn filter, and explains itself in a comment', () => {
    const types = new Set(example.map((n) => n.type));
    assert.deepEqual([...types].sort(), ['assemblyai-turn-filter', 'comment', 'debug', 'inject']);
    assert.ok(example.some((n) => n.type === 'comment' && String(n.info).length > 200));
  });

  it('routes each sample turn to the output its label names', async () => {
    const z = example[0].z as string;
    const flow = [
      { id: z, type: 'tab', label: 'example' },
      ...example.filter((n) => n.type === 'assemblyai-turn-filter'),
      ...example.filter((n) => n.type === 'debug').map((n) => ({ id: n.id, type: 'helper', z, x: n.x, y: n.y, name: n.name })),
    ];
    await helper.load(turnFilterNode, flow);
    const received: Array<{ debug: string; msg: Received }> = [];
    for (const n of example.filter((n) => n.type === 'debug')) {
      helper.getNode(n.id).on('input', (msg: unknown) => received.push({ debug: n.name ?? '', msg: msg as Received }));
    }
    const injects = example.filter((n) => n.type === 'inject');
    assert.equal(injects.length, 8);
    for (const inject of injects) helper.getNode(inject.wires![0][0]).receive(injected(inject));
    // A next turn that fires: once it arrives, anything the example's last inject fired would have too.
    const earlyFilter = injects[injects.length - 1].wires![0][0];
    helper.getNode(earlyFilter).receive(finalTurn('Turn on the lights.', { order: 8, sessionId: 'demo-session' }));
    await waitFor('seven routed turns', () => received.length >= 7 && received);
    // Every inject but the first act-early partial and the final after it reaches a debug node.
    assert.deepEqual(
      received.map((r) => [r.debug, r.msg.payload]),
      [
        ['lights on', 'Turn on the lights.'],
        ['lights off', 'Turn of the lights.'],
        ['temperature', 'Set the temperature to twenty one.'],
        ['stop', 'Never mind.'],
        ['otherwise', "What's the weather like?"],
        ['fired early', 'turn on the lights'],
        ['fired early', 'Turn on the lights.'],
      ],
    );
    assert.equal(received[2].msg.match.groups.degrees, '21');
  });
});

describe('assemblyai-turn-filter editor', () => {
  const dir = path.join(__dirname, '..', '..', 'src', 'nodes', 'assemblyai-turn-filter');
  const html = fs.readFileSync(path.join(dir, 'assemblyai-turn-filter.html'), 'utf8');
  const catalog = JSON.parse(fs.readFileSync(path.join(dir, 'locales', 'en-US', 'assemblyai-turn-filter.json'), 'utf8')) as unknown;
  const runtime = fs.readFileSync(path.join(dir, 'assemblyai-turn-filter.ts'), 'utf8');
  const status = fs.readFileSync(path.join(dir, 'filter-status.ts'), 'utf8');
  const lookup = (key: string): unknown =>
    key
      .split('.')
      .reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), catalog);

  it('has a text in the locale for every key the editor and the runtime use', () => {
    const keys = [
      ...[...html.matchAll(/data-i18n="(?:\[[a-z]+\])?([^"]+)"/g)].map((m) => m[1]),
      ...[...html.matchAll(/\bt\('([a-zA-Z-]+\.[a-zA-Z.-]+)'\)/g)].map((m) => `assemblyai-turn-filter.${m[1]}`),
      ...[...`${runtime}\n${status}`.matchAll(/\bt\('([a-z-]+\.[a-z-]+)'/g)].map((m) => `assemblyai-turn-filter.${m[1]}`),
      ...RULE_TYPES.flatMap((type) => [`assemblyai-turn-filter.ruleType.${type}`, `assemblyai-turn-filter.placeholder.${type}`]),
      ...['confidence', 'speaker', 'min-words', 'max-words', 'no-wake-word'].map((r) => `assemblyai-turn-filter.status.dropped-${r}`),
    ];
    assert.ok(keys.length > 40, `only ${keys.length} keys found`);
    for (const key of keys) assert.equal(typeof lookup(key), 'string', `missing text for ${key}`);
  });

  it('offers exactly the rule types the runtime knows', () => {
    const listed = /var RULE_TYPES = \[([^\]]+)\]/
      .exec(html)?.[1]
      .match(/'([a-z]+)'/g)
      ?.map((s) => s.slice(1, -1));
    assert.deepEqual([...(listed ?? [])].sort(), [...RULE_TYPES].sort());
  });

  it('keeps the registerType fields the scorecard reads inline, with a default for every runtime option (as built)', () => {
    // The source .html has a marker for the defaults; the build writes them from src/config/node-fields.ts.
    const built = builtEditorHtml('assemblyai-turn-filter');
    const def = built.slice(built.indexOf("RED.nodes.registerType('assemblyai-turn-filter', {"));
    for (const field of [
      /\n\s+category: 'AssemblyAI',/,
      /\n\s+color: '#[0-9A-Fa-f]{6}',/,
      /\n\s+defaults: \{/,
      /\n\s+inputs: 1,/,
      /\n\s+outputs: 1,/,
      /\n\s+icon: '[^']+',/,
    ]) {
      assert.match(def, field);
    }
    const defaults = def.slice(def.indexOf('defaults: {'), def.indexOf('inputs: 1,'));
    const runtimeKeys =
      /const CONFIG_KEYS = \[([^\]]+)\]/
        .exec(runtime)?.[1]
        .match(/'([a-zA-Z]+)'/g)
        ?.map((s) => s.slice(1, -1)) ?? [];
    assert.ok(runtimeKeys.length >= 13);
    for (const key of [...runtimeKeys, 'name', 'outputs'])
      assert.match(defaults, new RegExp(`\\n\\s+${key}: \\{`), `no default for ${key}`);
    assert.ok(fs.existsSync(path.join(dir, 'icons', 'assemblyai-turn-filter.svg')));
  });
});
