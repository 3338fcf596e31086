// The live-captions example flow: only this package's nodes and core nodes,
// wired microphone -> transcriber -> turn filter -> debug, with settings the
// microphone node accepts.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parseMicrophoneSettings } from '../../src/nodes/assemblyai-microphone/microphone-settings';
import { DEFAULT_SPEECH_MODEL } from '../../src/config/model-fields';

interface FlowNode {
  id: string;
  type: string;
  z?: string;
  wires?: string[][];
  [key: string]: unknown;
}

const flow = JSON.parse(
  fs.readFileSync(path.resolve(__dirname, '../../examples/01-live-captions-from-microphone.json'), 'utf8'),
) as FlowNode[];
const byId = new Map(flow.map((node) => [node.id, node]));
const ofType = (type: string) => flow.filter((node) => node.type === type);

describe('example 01-live-captions-from-microphone', () => {
  it('uses only this package’s nodes and core nodes, with unique ids and wires that lead somewhere', () => {
    const allowed = [
      'comment',
      'inject',
      'debug',
      'assemblyai-microphone',
      'assemblyai-transcriber',
      'assemblyai-turn-filter',
      'assemblyai-account',
    ];
    for (const node of flow) assert.ok(allowed.includes(node.type), `unexpected node type ${node.type}`);
    assert.equal(byId.size, flow.length, 'ids are unique');
    // One flow (imported into the tab the user is on); the account is a global config node.
    const tabs = new Set(flow.filter((node) => node.type !== 'assemblyai-account').map((node) => node.z));
    assert.equal(tabs.size, 1);
    for (const node of flow) {
      for (const port of node.wires ?? []) for (const target of port) assert.ok(byId.has(target), `wire to missing ${target}`);
    }
    assert.ok(
      ofType('comment').some((c) => typeof c.info === 'string' && c.info.length > 100),
      'a comment explains the flow',
    );
  });

  it('wires microphone -> transcriber -> turn filter -> debug, the transcriber using the key-less account', () => {
    const [mic] = ofType('assemblyai-microphone');
    const [transcriber] = ofType('assemblyai-transcriber');
    const [filter] = ofType('assemblyai-turn-filter');
    const [account] = ofType('assemblyai-account');
    assert.deepEqual(mic.wires![0], [transcriber.id]);
    assert.equal(mic.wires!.length, 2);
    assert.deepEqual(transcriber.wires![0], [filter.id]);
    assert.equal(byId.get(filter.wires![0][0])!.type, 'debug');
    assert.equal(transcriber.account, account.id);
    assert.deepEqual(
      Object.keys(transcriber)
        .filter((k) => !['id', 'type', 'z', 'x', 'y', 'wires'].includes(k))
        .sort(),
      ['account', 'name', 'speechModel'],
    );
    // Saved explicitly: a transcriber without a model would keep the old default (universal-streaming-english).
    assert.equal(transcriber.speechModel, DEFAULT_SPEECH_MODEL);
    assert.ok(!('credentials' in account), 'no key in the example');
    for (const inject of ofType('inject')) {
      assert.deepEqual(inject.wires, [[mic.id]]);
    }
    const actions = ofType('inject').map((i) => (i.props as Array<{ p: string; v: string }>).find((p) => p.p === 'action')?.v);
    assert.deepEqual(actions.sort(), ['start', 'stop']);
  });

  it('gives the microphone settings the node accepts', () => {
    const [mic] = ofType('assemblyai-microphone');
    const settings = parseMicrophoneSettings(mic as Parameters<typeof parseMicrophoneSettings>[0]);
    assert.equal(settings.frameLength, 800);
    assert.equal(settings.deviceName, 'default');
  });
});
