// Examples 03 (WAV file) and 05 (session control): core nodes and ours only,
// sound wiring, settings the nodes accept, and (05) every inject's message
// accepted by a transcriber configured as in the example, against the simulator.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { readAccountSettings, type AccountConfig } from '../../src/config/account-settings';
import { readTranscriberSettings, type TranscriberConfig } from '../../src/config/transcriber-settings';
import { Harness } from './support/harness';

type FlowNode = { id: string; type: string; z?: string; wires?: string[][]; [key: string]: unknown };

function load(name: string): FlowNode[] {
  return JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../examples', name), 'utf8')) as FlowNode[];
}

const CORE = ['comment', 'inject', 'debug', 'switch', 'file in'];
const OURS = ['assemblyai-account', 'assemblyai-transcriber'];

function checkStructure(flow: FlowNode[]): void {
  const byId = new Map(flow.map((n) => [n.id, n]));
  assert.equal(byId.size, flow.length, 'ids are unique');
  // One flow, imported into the tab the user is on (no tab node); the account is a global config node.
  const tabs = new Set(flow.filter((n) => n.type !== 'assemblyai-account').map((n) => n.z));
  assert.equal(tabs.size, 1);
  for (const node of flow) {
    assert.ok([...CORE, ...OURS].includes(node.type), `unexpected node type ${node.type}`);
    if (node.type === 'assemblyai-account') continue;
    for (const port of node.wires ?? []) for (const target of port) assert.ok(byId.has(target), `wire to missing ${target}`);
  }
  const comment = flow.find((n) => n.type === 'comment');
  assert.ok(comment && String(comment.info).includes('assemblyai-sim'), 'a comment explains how to run the simulator');
  const [transcriber] = flow.filter((n) => n.type === 'assemblyai-transcriber');
  const [account] = flow.filter((n) => n.type === 'assemblyai-account');
  assert.equal(transcriber.account, account.id);
  assert.ok(!('credentials' in account) && !('apiKey' in account), 'no key in the example');
  assert.equal(account.customUrl, 'ws://127.0.0.1:8765/v3/ws');
  assert.equal(readAccountSettings(account as AccountConfig).ok, true);
  const settings = readTranscriberSettings(transcriber as TranscriberConfig);
  assert.ok(settings.ok, settings.ok ? '' : settings.errors.join('; '));
  assert.deepEqual(settings.warnings, []);
  assert.equal(transcriber.wires?.length, 2);
}

describe('example 03-transcribe-wav-file', () => {
  const flow = load('03-transcribe-wav-file.json');

  it('reads a file as one Buffer into a transcriber whose final turns reach a debug node', () => {
    checkStructure(flow);
    const fileIn = flow.find((n) => n.type === 'file in') as FlowNode;
    assert.equal(fileIn.format, '', 'the file in node must send a single Buffer');
    const transcriber = flow.find((n) => n.type === 'assemblyai-transcriber') as FlowNode;
    assert.deepEqual(fileIn.wires, [[transcriber.id]]);
    const filter = flow.find((n) => n.id === transcriber.wires?.[0][0]) as FlowNode;
    assert.equal(filter.type, 'switch');
    assert.equal(filter.property, 'turn.final');
    assert.equal(flow.find((n) => n.id === filter.wires?.[0][0])?.type, 'debug');
    assert.equal(flow.find((n) => n.id === transcriber.wires?.[1][0])?.type, 'debug');
  });
});

describe('example 05-session-control', function () {
  this.timeout(20000);
  const flow = load('05-session-control.json');
  const injects = flow.filter((n) => n.type === 'inject');

  function messageOf(inject: FlowNode): Record<string, unknown> {
    const msg: Record<string, unknown> = {};
    for (const prop of inject.props as Array<{ p: string; v?: string; vt?: string }>) {
      if (prop.p === 'payload') msg.payload = inject.payloadType === 'json' ? JSON.parse(String(inject.payload)) : inject.payload;
      else msg[prop.p] = prop.v;
    }
    return msg;
  }

  it('has an inject for each action, wired to the transcriber', () => {
    checkStructure(flow);
    const transcriber = flow.find((n) => n.type === 'assemblyai-transcriber') as FlowNode;
    assert.deepEqual(injects.map((i) => messageOf(i).action).sort(), ['configure', 'forceEndpoint', 'keepAlive', 'start', 'stop']);
    for (const inject of injects) assert.deepEqual(inject.wires, [[transcriber.id]]);
  });

  it('every inject message is accepted by the example transcriber, in order start to stop', async () => {
    const transcriber = flow.find((n) => n.type === 'assemblyai-transcriber') as FlowNode;
    const config = Object.fromEntries(
      Object.entries(transcriber).filter(([k]) => !['id', 'type', 'z', 'x', 'y', 'wires', 'account'].includes(k)),
    );
    const h = await Harness.start({ simulator: {}, transcriber: config });
    try {
      for (const action of ['start', 'configure', 'forceEndpoint', 'keepAlive', 'stop']) {
        const inject = injects.find((i) => messageOf(i).action === action) as FlowNode;
        assert.equal(await h.sendAndWait(messageOf(inject)), undefined, action);
      }
      assert.equal(h.sim?.stats().terminatedCleanly, 1);
      assert.equal(h.sim?.connections()[0].query.inactivity_timeout, '60');
    } finally {
      await h.stop();
    }
  });
});
