// The two widget nodes in a Node-RED runtime against a fake dashboard group
// that implements the register(node, config, evts) contract.
import assert from 'node:assert/strict';
import helper from 'node-red-node-test-helper';
import micNodeRaw from '../../packages/node-red-dashboard-2-assemblyai/src/nodes/ui-assemblyai-microphone/ui-assemblyai-microphone';
import captionsNodeRaw from '../../packages/node-red-dashboard-2-assemblyai/src/nodes/ui-assemblyai-captions/ui-assemblyai-captions';
import { nodeRedPath } from '../support/node-red-path';
import { delay, waitFor } from '../nodes/support/wait';
import { FakeSocket, fakeGroupNode, fromBrowser, registrations } from './fake-dashboard';
import { withWidgetLocale } from './widget-locale';

helper.init(nodeRedPath);

// The test helper's RED._ returns the key: these render the widgets' en-US catalogs, as a user reads them.
const micNode = withWidgetLocale(micNodeRaw);
const captionsNode = withWidgetLocale(captionsNodeRaw);

type Spied = { on(event: string, listener: (call: { args: unknown[] }) => void): void };

function watch(node: unknown) {
  const seen = { statuses: [] as Array<{ fill?: string; text?: string }>, warnings: [] as string[], errors: [] as unknown[][] };
  const spied = node as Spied;
  spied.on('call:status', (c) => seen.statuses.push(c.args[0] as { fill?: string; text?: string }));
  spied.on('call:warn', (c) => seen.warnings.push(String(c.args[0])));
  spied.on('call:error', (c) => seen.errors.push(c.args));
  return seen;
}

/** What the microphone node sends: audio frames, or a stop for the transcriber. */
interface Output {
  payload: Buffer;
  audio?: unknown;
  action?: string;
  _client: { socketId: string; socketIp?: string };
  _sentAt?: number;
  _receivedAt?: number;
}

const frame = (samples: number, fill = 1) => Buffer.alloc(samples * 2, fill);

describe('dashboard/widget nodes', () => {
  afterEach(async () => {
    registrations.clear();
    await helper.unload();
  });

  async function loadMic(extra: Record<string, unknown> = {}) {
    const flow = [
      { id: 'g1', type: 'ui-group', name: 'voice' },
      { id: 'mic', type: 'ui-assemblyai-microphone', group: 'g1', frameMs: 100, bufferSeconds: 5, wires: [['out']], ...extra },
      { id: 'out', type: 'helper' },
    ];
    await helper.load([fakeGroupNode, micNode] as never, flow);
    const mic = helper.getNode('mic');
    const out = helper.getNode('out');
    const received: Output[] = [];
    out.on('input', (msg: unknown) => received.push(msg as Output));
    return { mic, received, seen: watch(mic) };
  }

  describe('ui-assemblyai-microphone', () => {
    it('registers with its group, with socket hooks for audio, state, hello and disconnect', async () => {
      await loadMic();
      const reg = registrations.get('mic');
      assert.ok(reg, 'registered');
      assert.equal(reg.config.group, 'g1');
      assert.deepEqual(Object.keys(reg.evts.onSocket ?? {}).sort(), [
        'assemblyai-mic:audio',
        'assemblyai-mic:hello',
        'assemblyai-mic:state',
        'disconnect',
      ]);
    });

    it("emits each browser's frames as audio messages carrying its msg._client", async () => {
      const { received } = await loadMic();
      const a = new FakeSocket('sock-a');
      const b = new FakeSocket('sock-b');
      const pageSentAt = Date.now() - 250; // a page whose frame took 250 ms to arrive
      const before = Date.now();
      fromBrowser('mic', 'assemblyai-mic:audio', a, 'mic', { seq: 0, data: frame(1600, 1), sentAt: pageSentAt });
      fromBrowser('mic', 'assemblyai-mic:audio', b, 'mic', { seq: 0, data: new Uint8Array(3200).fill(2), sentAt: Date.now() });
      fromBrowser('mic', 'assemblyai-mic:audio', a, 'other-widget', { seq: 1, data: frame(1600, 9) });
      await waitFor('two audio messages', () => received.length >= 2);
      assert.equal(received.length, 2);
      const [fromA, fromB] = received;
      assert.ok(Buffer.isBuffer(fromA.payload) && fromA.payload.length === 3200 && fromA.payload[0] === 1);
      assert.deepEqual(fromA.audio, { sampleRate: 16000, encoding: 'pcm_s16le', channels: 1 });
      assert.deepEqual(fromA._client, { socketId: 'sock-a', socketIp: '127.0.0.1' });
      assert.equal(fromB._client.socketId, 'sock-b');
      assert.ok(Buffer.isBuffer(fromB.payload) && fromB.payload[0] === 2);
      // The page's send time and Node-RED's receive time travel with the frame.
      assert.equal(fromA._sentAt, pageSentAt);
      assert.ok(typeof fromA._receivedAt === 'number' && fromA._receivedAt >= before && fromA._receivedAt <= Date.now());
    });

    it('refuses frames that are not 16-bit PCM, with one warning', async () => {
      const { received, seen } = await loadMic();
      const a = new FakeSocket('sock-a');
      fromBrowser('mic', 'assemblyai-mic:audio', a, 'mic', { data: Buffer.alloc(3) });
      fromBrowser('mic', 'assemblyai-mic:audio', a, 'mic', { data: 'text' });
      fromBrowser('mic', 'assemblyai-mic:audio', a, 'mic', { data: frame(800) });
      await waitFor('the valid frame', () => received.length === 1);
      assert.equal(seen.warnings.filter((w) => /not 16-bit PCM/.test(w)).length, 1);
    });

    it('keeps at most bufferSeconds per client: a burst drops the oldest, with one warning', async () => {
      const { received, seen } = await loadMic({ bufferSeconds: 1 });
      const a = new FakeSocket('sock-a');
      for (let i = 0; i < 25; i++) fromBrowser('mic', 'assemblyai-mic:audio', a, 'mic', { data: frame(1600, i) });
      await waitFor('the kept frames', () => received.length === 10);
      assert.deepEqual(
        received.map((m) => m.payload[0]),
        [15, 16, 17, 18, 19, 20, 21, 22, 23, 24],
      );
      assert.equal(seen.warnings.filter((w) => /1500 ms of the oldest was dropped/.test(w)).length, 1);
    });

    // A real stall and a real idle gap of the runtime's event loop: a frame on time, then
    // 2 s later 1.5 s of audio at once into a 1 s queue (500 ms must go).
    async function backlogAfter(gap: (ms: number) => Promise<void> | void) {
      const { received, seen } = await loadMic({ bufferSeconds: 1 });
      const a = new FakeSocket('sock-a');
      fromBrowser('mic', 'assemblyai-mic:audio', a, 'mic', { data: frame(1600, 99) });
      await waitFor('the frame on time', () => received.length === 1);
      await gap(2000);
      for (let i = 0; i < 15; i++) fromBrowser('mic', 'assemblyai-mic:audio', a, 'mic', { data: frame(1600, i) });
      await waitFor('the kept frames', () => received.length === 11);
      assert.deepEqual(
        received.slice(1).map((m) => m.payload[0]),
        [5, 6, 7, 8, 9, 10, 11, 12, 13, 14],
      );
      const drops = seen.warnings.filter((w) => /dropped/.test(w));
      assert.equal(drops.length, 1, drops.join('\n'));
      return drops[0];
    }

    it('a backlog after Node-RED was blocked names Node-RED and its busy time, with the audio dropped in ms', async () => {
      const warning = await backlogAfter((ms) => {
        const until = Date.now() + ms;
        while (Date.now() < until); // a function node that blocks the event loop
      });
      assert.match(warning, /^Node-RED did not take the audio of dashboard client sock-a: its event loop was busy (\d+) ms/);
      const busy = Number(/busy (\d+) ms/.exec(warning)![1]);
      assert.ok(busy >= 1900, `busy ${busy} ms: ${warning}`);
      assert.match(warning, /1500 ms of audio came in at once and 500 ms of the oldest was dropped/);
      assert.match(warning, /keeps 1000 ms per client/);
    });

    it('the same backlog while Node-RED was free is blamed on the network or the browser', async () => {
      const warning = await backlogAfter((ms) => delay(ms));
      assert.match(warning, /^Audio of dashboard client sock-a came late, 1500 ms at once, while Node-RED was free/);
      assert.match(warning, /the network, a proxy or the browser held it back\. 500 ms of the oldest was dropped/);
    });

    it('sends flow actions to the one client in msg._client, or to all', async () => {
      const { mic, seen } = await loadMic();
      const a = new FakeSocket('sock-a');
      const b = new FakeSocket('sock-b');
      fromBrowser('mic', 'assemblyai-mic:hello', a, 'mic', {});
      fromBrowser('mic', 'assemblyai-mic:hello', b, 'mic', {});
      mic.receive({ action: 'mute', _client: { socketId: 'sock-b' } });
      await waitFor('mute to b', () => b.emitted.length === 1);
      assert.deepEqual(b.emitted[0], { event: 'assemblyai-mic:control:mic', payload: { action: 'mute' } });
      assert.equal(a.emitted.length, 0);
      mic.receive({ action: 'stop' });
      await waitFor('stop to both', () => a.emitted.length === 1 && b.emitted.length === 2);
      assert.deepEqual(a.emitted[0].payload, { action: 'stop' });
      mic.receive({ action: 'explode' });
      mic.receive({ action: 'start', _client: { socketId: 'gone' } });
      await waitFor('two warnings', () => seen.warnings.length >= 2);
      assert.ok(seen.warnings.some((w) => /must be one of start, stop, mute, unmute/.test(w)));
      assert.ok(seen.warnings.some((w) => /No dashboard client gone/.test(w)));
    });

    it("shows each browser's state and error on its status, reports errors with msg._client, and stops the stream", async () => {
      const { received, seen } = await loadMic();
      const a = new FakeSocket('sock-a');
      fromBrowser('mic', 'assemblyai-mic:state', a, 'mic', { state: 'live', captureRate: 48000 });
      await waitFor('the live status', () => seen.statuses.find((st) => st.text === '1 live' && st.fill === 'green'));
      fromBrowser('mic', 'assemblyai-mic:state', a, 'mic', {
        state: 'error',
        error: { code: 'device-unplugged', message: 'The microphone stopped (unplugged or disabled).' },
      });
      await waitFor('the error status', () =>
        seen.statuses.find((st) => st.fill === 'red' && /1 error: device-unplugged/.test(String(st.text))),
      );
      await waitFor('the error', () => seen.errors.length > 0);
      assert.match(String(seen.errors.at(-1)?.[0]), /client sock-a.*unplugged/);
      assert.deepEqual((seen.errors.at(-1)?.[1] as { _client?: unknown } | undefined)?._client, {
        socketId: 'sock-a',
        socketIp: '127.0.0.1',
      });
      await waitFor('a stop for the transcriber', () => received.find((m) => m.action === 'stop'));
      assert.equal(received.find((m) => m.action === 'stop')?._client.socketId, 'sock-a');
    });

    it('speaks German with lang "de": statuses and warnings from the de catalog', async () => {
      await helper.load([fakeGroupNode, withWidgetLocale(micNodeRaw, 'de')] as never, [
        { id: 'g1', type: 'ui-group', name: 'voice' },
        { id: 'mic', type: 'ui-assemblyai-microphone', group: 'g1', frameMs: 100, bufferSeconds: 5, wires: [[]] } as never,
      ]);
      const mic = helper.getNode('mic');
      const seen = watch(mic);
      const a = new FakeSocket('sock-a');
      fromBrowser('mic', 'assemblyai-mic:state', a, 'mic', { state: 'muted' });
      await waitFor('the muted status', () => seen.statuses.find((st) => st.text === '1 stumm'));
      mic.receive({ action: 'start', _client: { socketId: 'gone' } });
      await waitFor('a warning', () => seen.warnings.length === 1);
      assert.equal(seen.warnings[0], "Kein Dashboard-Client gone ist mit diesem Mikrofon verbunden; Aktion 'start' nicht gesendet.");
    });

    it('a browser that disconnects while live gets its stream stopped', async () => {
      const { received, seen } = await loadMic();
      const a = new FakeSocket('sock-a');
      fromBrowser('mic', 'assemblyai-mic:audio', a, 'mic', { data: frame(1600) });
      await waitFor('audio', () => received.length === 1);
      fromBrowser('mic', 'disconnect', a, 'transport close');
      await waitFor('stop', () => received.find((m) => m.action === 'stop'));
      assert.equal(received.at(-1)?._client.socketId, 'sock-a');
      await waitFor('the idle status', () => /^waiting for a page$/.test(String(seen.statuses.at(-1)?.text)));
    });

    it('without the dashboard: a red status and an error saying what to install, never a crash', async () => {
      await helper.load([micNode, captionsNode] as never, [
        { id: 'mic', type: 'ui-assemblyai-microphone', group: 'missing-group', wires: [[]] } as never,
        { id: 'cap', type: 'ui-assemblyai-captions', group: 'missing-group' } as never,
      ]);
      const mic = helper.getNode('mic');
      const cap = helper.getNode('cap');
      // the constructor ran before the spies could attach: check the status it left and what input does now
      const seen = watch(mic);
      mic.receive({ action: 'start' });
      await waitFor('the input error', () => seen.errors.length > 0);
      assert.match(String(seen.errors[0][0]), /install @flowfuse\/node-red-dashboard/);
      const capSeen = watch(cap);
      cap.receive({ payload: 'hello' });
      await waitFor('the captions input error', () => capSeen.errors.length > 0);
      assert.match(String(capSeen.errors[0][0]), /install @flowfuse\/node-red-dashboard/);
    });
  });

  describe('ui-assemblyai-captions', () => {
    async function loadCaptions(audience: string) {
      await helper.load([fakeGroupNode, captionsNode] as never, [
        { id: 'g1', type: 'ui-group' },
        { id: 'cap', type: 'ui-assemblyai-captions', group: 'g1', audience } as never,
      ]);
      const cap = helper.getNode('cap');
      const a = new FakeSocket('sock-a');
      const b = new FakeSocket('sock-b');
      fromBrowser('cap', 'assemblyai-captions:hello', a, 'cap', {});
      fromBrowser('cap', 'assemblyai-captions:hello', b, 'cap', {});
      return { cap, a, b, seen: watch(cap) };
    }

    const turn = (transcript: string, final: boolean, socketId?: string) => ({
      payload: transcript,
      turn: { order: 0, transcript, final, endOfTurn: final, speaker: 'A', words: [{ text: transcript, start: 1500 }] },
      ...(socketId ? { _client: { socketId } } : {}),
    });

    it('sends a turn only to the page whose audio made it', async () => {
      const { cap, a, b } = await loadCaptions('client');
      cap.receive(turn('turn on', false, 'sock-a'));
      cap.receive(turn('turn on the light', true, 'sock-a'));
      await waitFor('two captions to a', () => a.emitted.length === 2);
      assert.equal(b.emitted.length, 0);
      assert.deepEqual(
        a.emitted.map((e) => e.event),
        ['assemblyai-captions:cap', 'assemblyai-captions:cap'],
      );
      assert.deepEqual(a.emitted[0].payload, { kind: 'partial', text: 'turn on', speaker: 'A', order: 0, startMs: 1500 });
      assert.deepEqual(a.emitted[1].payload, { kind: 'final', text: 'turn on the light', speaker: 'A', order: 0, startMs: 1500 });
    });

    it('"every page" sends to all; a turn without _client goes to all; clear empties', async () => {
      const { cap, a, b } = await loadCaptions('all');
      cap.receive(turn('hello', true, 'sock-a'));
      cap.receive({ action: 'clear' });
      await waitFor('both got both', () => a.emitted.length === 2 && b.emitted.length === 2);
      assert.deepEqual(b.emitted[1].payload, { kind: 'clear' });
    });

    it('warns once about messages that are not turns', async () => {
      const { cap, a, seen } = await loadCaptions('client');
      cap.receive({ payload: 42 });
      cap.receive({ payload: { x: 1 } });
      await waitFor('a warning', () => seen.warnings.length === 1);
      assert.match(seen.warnings[0], /take transcriber turn messages/);
      assert.equal(a.emitted.length, 0);
    });
  });
});
