// From spoken turn to device topic, for real: examples 07 and 08 as shipped
// (account, transcriber, intent, function, Node-RED's own mqtt out and
// mqtt-broker nodes, http request), the simulator speaking a script, a real
// Mosquitto broker on a free loopback port, and an `mqtt` client subscribed
// to it asserting the topics and payloads the spoken turns produce.
import assert from 'node:assert/strict';
import http from 'node:http';
import path from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import type { Node } from 'node-red';
import accountNode from '../../src/nodes/assemblyai-account/assemblyai-account';
import intentNode from '../../src/nodes/assemblyai-intent/assemblyai-intent';
import transcriberNode from '../../src/nodes/assemblyai-transcriber/assemblyai-transcriber';
import { startSimulator } from '../../src/sim';
import type { Simulator } from '../../src/sim/types';
import { nodeRedPackageDir } from '../support/node-red-path';
import { chunk, pcmBytes, samplesOf, utterances } from '../nodes/support/audio';
import { FAST_TUNING, helper, TEST_KEY, type Msg } from '../nodes/support/harness';
import { waitFor } from '../nodes/support/wait';
import { byName, byType, loopbackFlow, readExample } from './support/example-flow';
import { findMosquitto, startMosquitto, type Broker } from './support/mosquitto';

const coreNodes = path.join(nodeRedPackageDir, '..', '@node-red', 'nodes', 'core');
/* eslint-disable @typescript-eslint/no-require-imports -- Node-RED's core nodes are CommonJS files found at run time */
const functionNode: unknown = require(path.join(coreNodes, 'function', '10-function.js'));
const mqttNodes: unknown = require(path.join(coreNodes, 'network', '10-mqtt.js'));
const httpRequestNode: unknown = require(path.join(coreNodes, 'network', '21-httprequest.js'));
/* eslint-enable @typescript-eslint/no-require-imports */

interface Published {
  topic: string;
  payload: unknown;
}

async function subscribe(broker: Broker, topic: string): Promise<{ client: MqttClient; received: Published[] }> {
  const client = await mqtt.connectAsync(broker.url, { reconnectPeriod: 0, connectTimeout: 10000 });
  const received: Published[] = [];
  client.on('message', (t, payload) => received.push({ topic: t, payload: JSON.parse(payload.toString('utf8')) as unknown }));
  await client.subscribeAsync(topic, { qos: 1 });
  return { client, received };
}

/** Streams one utterance of tone per scripted sentence into the transcriber. */
function speak(transcriber: Node, sentences: number): void {
  for (const part of chunk(pcmBytes(samplesOf(utterances(sentences))), [3200])) transcriber.receive({ payload: part });
}

describe('voice to MQTT: spoken turns through the examples to a real Mosquitto', function () {
  this.timeout(60000);
  const mosquitto = findMosquitto();
  let broker: Broker | undefined;
  let sim: Simulator | undefined;
  let client: MqttClient | undefined;
  let server: http.Server | undefined;

  before(async function () {
    if (!mosquitto) {
      console.log('    skipped: no mosquitto binary (apt-get install mosquitto, or set MOSQUITTO_PATH)');
      this.skip();
    }
    broker = await startMosquitto(mosquitto);
  });

  after(async () => {
    await broker?.stop();
  });

  afterEach(async () => {
    await helper.unload();
    await client?.endAsync();
    client = undefined;
    await sim?.close();
    sim = undefined;
    if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
  });

  it('07: "Turn on the bedroom light" ... publish zigbee2mqtt/<area> light/set with state and brightness; other speech publishes nothing', async () => {
    const script = [
      'Turn on the bedroom light.',
      'Set the bedroom lights to 40%.',
      "What's the weather like?",
      'Switch off the living room lights.',
    ];
    sim = await startSimulator({ port: 0, script });
    const example = readExample('07-voice-to-mqtt.json');
    const flow = loopbackFlow(example, { simulatorUrl: sim.url, brokerPort: broker!.port });
    const subscriber = await subscribe(broker!, 'zigbee2mqtt/#');
    client = subscriber.client;

    helper.settings({ assemblyaiTranscriber: FAST_TUNING } as Record<string, unknown>);
    const account = byType(flow, 'assemblyai-account');
    await helper.load([accountNode, transcriberNode, intentNode, functionNode, mqttNodes] as never, flow, {
      [account.id]: { apiKey: TEST_KEY },
    });
    const notUnderstood: Msg[] = [];
    helper.getNode(byName(flow, 'not understood').id).on('input', (msg: Msg) => notUnderstood.push(msg));
    const mqttOut = helper.getNode(byType(flow, 'mqtt out').id) as unknown as { on(e: string, l: (c: { args: unknown[] }) => void): void };
    const outStatuses: string[] = [];
    mqttOut.on('call:status', (call) => outStatuses.push(String((call.args[0] as { text?: string }).text)));
    await waitFor('mqtt out to connect to the broker', () => outStatuses.includes('node-red:common.status.connected'), 15000);

    speak(helper.getNode(byType(flow, 'assemblyai-transcriber').id), script.length);
    await waitFor('three device commands', () => subscriber.received.length >= 3, 30000);
    // Turns are handled in order: once the last command arrived, the weather turn was handled too.
    assert.deepEqual(subscriber.received, [
      { topic: 'zigbee2mqtt/bedroom light/set', payload: { state: 'ON' } },
      { topic: 'zigbee2mqtt/bedroom light/set', payload: { brightness: 102 } },
      { topic: 'zigbee2mqtt/living room light/set', payload: { state: 'OFF' } },
    ]);
    assert.equal(notUnderstood.length, 1);
    assert.match(String(notUnderstood[0].payload), /weather/i);
  });

  it('08: matched intents go to voice/intent/<name>, the rest to a conversation API (a local stand-in for Home Assistant)', async () => {
    const script = ['Turn on the living room lights.', "What's the temperature outside?", 'Set the kitchen lights to 30%.'];
    const asked: Array<{ url?: string; authorization?: string; body: unknown }> = [];
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (part: Buffer) => (body += part.toString('utf8')));
      req.on('end', () => {
        asked.push({ url: req.url, authorization: req.headers.authorization, body: JSON.parse(body) as unknown });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ response: { speech: { plain: { speech: 'It is 5 degrees outside.' } } } }));
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
    const port = (server.address() as { port: number }).port;

    sim = await startSimulator({ port: 0, script });
    const example = readExample('08-home-assistant.json');
    const flow = loopbackFlow(example, {
      simulatorUrl: sim.url,
      brokerPort: broker!.port,
      httpUrl: `http://127.0.0.1:${port}/api/conversation/process`,
    });
    const subscriber = await subscribe(broker!, 'voice/intent/#');
    client = subscriber.client;

    helper.settings({ assemblyaiTranscriber: FAST_TUNING } as Record<string, unknown>);
    const account = byType(flow, 'assemblyai-account');
    const request = byType(flow, 'http request');
    await helper.load([accountNode, transcriberNode, intentNode, functionNode, mqttNodes, httpRequestNode] as never, flow, {
      [account.id]: { apiKey: TEST_KEY },
      [request.id]: { password: 'ha-long-lived-token' },
    });
    const answers: Msg[] = [];
    helper.getNode(byName(flow, 'Assist answered').id).on('input', (msg: Msg) => answers.push(msg));
    const mqttOut = helper.getNode(byType(flow, 'mqtt out').id) as unknown as { on(e: string, l: (c: { args: unknown[] }) => void): void };
    const outStatuses: string[] = [];
    mqttOut.on('call:status', (call) => outStatuses.push(String((call.args[0] as { text?: string }).text)));
    await waitFor('mqtt out to connect to the broker', () => outStatuses.includes('node-red:common.status.connected'), 15000);

    speak(helper.getNode(byType(flow, 'assemblyai-transcriber').id), script.length);
    await waitFor(
      'two intents on MQTT and one answer from the conversation API',
      () => subscriber.received.length >= 2 && answers.length >= 1,
      30000,
    );
    const texts = subscriber.received.map((m) => (m.payload as { text: string }).text);
    assert.deepEqual(
      subscriber.received.map((m) => [m.topic, (m.payload as { slots: unknown }).slots]),
      [
        ['voice/intent/HassTurnOn', { domain: 'light', area: 'living_room' }],
        ['voice/intent/HassLightSet', { area: 'kitchen', brightness: 30 }],
      ],
    );
    assert.ok(texts.every((t) => typeof t === 'string' && t.length > 0));
    assert.equal(asked.length, 1);
    assert.equal(asked[0].url, '/api/conversation/process');
    assert.equal(asked[0].authorization, 'Bearer ha-long-lived-token');
    assert.equal((asked[0].body as { language: string }).language, 'en');
    assert.match((asked[0].body as { text: string }).text, /temperature outside/i);
    assert.equal(
      (answers[0].payload as { response: { speech: { plain: { speech: string } } } }).response.speech.plain.speech,
      'It is 5 degrees outside.',
    );
  });
});
