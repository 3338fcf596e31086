// examples/04-phone-call-media-stream.json run as shipped, with its websocket
// in node replaced by the test: Twilio-style media events (20 ms of 8 kHz
// mu-law, base64) go through the example's function node into the transcriber,
// which streams them to the simulator as pcm_mulaw at 8000 Hz.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import helper from 'node-red-node-test-helper';
import { pcm16ToMulaw } from '../../src/audio/mulaw';
import { parseWav } from '../../src/audio/wav-parse';
import accountNode from '../../src/nodes/assemblyai-account/assemblyai-account';
import transcriberNode from '../../src/nodes/assemblyai-transcriber/assemblyai-transcriber';
import { startSimulator } from '../../src/sim';
import type { Simulator } from '../../src/sim/types';
import { demoWav, examplesDir } from '../../scripts/demo/paths';
import { readDemoScript } from '../../scripts/demo/simulator';
import { nodeRedPackageDir, nodeRedPath } from '../support/node-red-path';

helper.init(nodeRedPath);

const coreNodes = path.join(nodeRedPackageDir, '..', '@node-red', 'nodes', 'core', 'function');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- Node-RED core nodes are CommonJS files found at run time
const functionNode: unknown = require(path.join(coreNodes, '10-function.js'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const switchNode: unknown = require(path.join(coreNodes, '10-switch.js'));

type FlowNode = { id: string; type: string; z?: string; name?: string; wires?: string[][]; [key: string]: unknown };
type Msg = { payload?: unknown; topic?: string; turn?: { final: boolean; transcript: string } };

const example = JSON.parse(fs.readFileSync(path.join(examplesDir, '04-phone-call-media-stream.json'), 'utf8')) as FlowNode[];

/** The first seconds of the demo sample as 8 kHz mu-law, in 20 ms (160-byte) packets like a phone call. */
function phoneAudioPackets(seconds: number): Buffer[] {
  const wav = parseWav(fs.readFileSync(demoWav));
  assert.equal(wav.sampleRate, 16000);
  const pcm16k = new Int16Array(wav.data.buffer, wav.data.byteOffset, Math.floor(wav.data.length / 2));
  const count = Math.min(Math.floor(pcm16k.length / 2), seconds * 8000);
  const pcm8k = new Int16Array(count);
  // Averaging each pair of samples is a crude low-pass filter before halving the rate.
  for (let i = 0; i < count; i += 1) pcm8k[i] = Math.round((pcm16k[2 * i] + pcm16k[2 * i + 1]) / 2);
  const mulaw = pcm16ToMulaw(pcm8k);
  const packets: Buffer[] = [];
  for (let offset = 0; offset < mulaw.length; offset += 160) packets.push(mulaw.subarray(offset, offset + 160));
  return packets;
}

function mediaEvent(packet: Buffer, chunk: number, track = 'inbound'): string {
  return JSON.stringify({
    event: 'media',
    streamSid: 'MZ-test',
    media: { track, chunk: String(chunk), timestamp: String(chunk * 20), payload: packet.toString('base64') },
  });
}

describe('example 04: phone call media stream', function () {
  this.timeout(60000);
  let simulator: Simulator;

  beforeEach(async function () {
    simulator = await startSimulator({ port: 0, keys: ['phone-example-key'], script: readDemoScript() });
    await new Promise<void>((resolve) => helper.startServer(() => resolve()));
  });

  afterEach(async function () {
    await helper.unload();
    await new Promise<void>((resolve) => helper.stopServer(() => resolve()));
    await simulator.close();
  });

  /** The example as shipped, but: no websocket, debug nodes become test probes, the account points at the simulator. */
  function exampleFlow(): FlowNode[] {
    const tab = example.find((n) => n.z)!.z!;
    const flow: FlowNode[] = [{ id: tab, type: 'tab', label: 'phone' }];
    for (const node of example) {
      if (node.type === 'websocket in' || node.type === 'websocket-listener' || node.type === 'comment') continue;
      if (node.type === 'debug') flow.push({ id: node.id, type: 'helper', z: tab, name: node.name, wires: [] });
      else if (node.type === 'assemblyai-account') flow.push({ ...node, region: 'custom', customUrl: simulator.url });
      else flow.push(node);
    }
    return flow;
  }

  const byType = (type: string) => example.find((n) => n.type === type)!;
  const debugNamed = (name: string) => example.find((n) => n.type === 'debug' && n.name === name)!;

  it('is wired websocket in -> function -> transcriber (8000 Hz pcm_mulaw) -> final turns -> debug', function () {
    const ws = byType('websocket in');
    const fn = byType('function');
    const transcriber = byType('assemblyai-transcriber');
    assert.deepEqual(ws.wires, [[fn.id]]);
    assert.deepEqual(fn.wires, [[transcriber.id]]);
    assert.equal(transcriber.sampleRate, 8000);
    assert.equal(transcriber.encoding, 'pcm_mulaw');
    assert.ok(example.some((n) => n.type === 'comment' && String(n.info).includes('mu-law')));
    const allowed = new Set([
      'comment',
      'websocket in',
      'websocket-listener',
      'function',
      'switch',
      'debug',
      'assemblyai-transcriber',
      'assemblyai-account',
    ]);
    for (const node of example) assert.ok(allowed.has(node.type), `unexpected node type ${node.type}`);
  });

  it("transcribes the caller's mu-law audio and ends the session when the call stops", async function () {
    const account = byType('assemblyai-account');
    await helper.load([functionNode, switchNode, accountNode, transcriberNode] as never, exampleFlow(), {
      [account.id]: { apiKey: 'phone-example-key' },
    });
    const decoder = helper.getNode(byType('function').id);
    const said: string[] = [];
    const events: string[] = [];
    helper.getNode(debugNamed('caller said').id).on('input', (msg: Msg) => said.push(String(msg.payload)));
    helper.getNode(debugNamed('session events').id).on('input', (msg: Msg) => events.push(String(msg.topic)));

    decoder.receive({ payload: JSON.stringify({ event: 'connected', protocol: 'Call', version: '1.0.0' }) });
    decoder.receive({ payload: JSON.stringify({ event: 'start', start: { callSid: 'CA-test-call', streamSid: 'MZ-test' } }) });
    decoder.receive({ payload: 'not json at all' });
    const packets = phoneAudioPackets(4);
    packets.forEach((packet, i) => {
      decoder.receive({ payload: mediaEvent(packet, i + 1) });
      // The callee's side of the call is not transcribed.
      decoder.receive({ payload: mediaEvent(Buffer.alloc(160, 0x00), i + 1, 'outbound') });
    });
    decoder.receive({ payload: JSON.stringify({ event: 'stop', streamSid: 'MZ-test' }) });

    const deadline = Date.now() + 30000;
    while (Date.now() < deadline && !events.includes('closed')) await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(said, [readDemoScript()[0]], `events: ${events.join(', ')}`);
    assert.ok(events.includes('begin') && events.includes('termination'), `events: ${events.join(', ')}`);

    const [connection] = simulator.connections();
    assert.equal(connection?.query.sample_rate, '8000');
    assert.equal(connection?.query.encoding, 'pcm_mulaw');
    // Only the inbound track: 160 bytes of mu-law = 160 samples per packet.
    assert.equal(connection?.samplesReceived, packets.length * 160);
    assert.equal(connection?.terminatedCleanly, true);
  });
});
