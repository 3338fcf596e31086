// The built microphone node (dist/, what Node-RED loads) with its compiled
// capture worker: the other node tests import the TypeScript source, whose
// worker starts from source through tsx. `npm test` builds dist/ first.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { NodeMessage } from 'node-red';
import helper from 'node-red-node-test-helper';
import { FakeRecorderLog } from '../microphone/fake-recorder-log';
import { expectedPcm, fakeRecorder } from '../microphone/fake-recorder-source';
import { until } from '../microphone/until';
import { nodeRedPath } from '../support/node-red-path';
import { withLocale } from './support/locale';

helper.init(nodeRedPath);

const distNode = path.resolve(__dirname, '../../dist/nodes/assemblyai-microphone');

describe('assemblyai-microphone from dist/', function () {
  this.timeout(30000);
  type Overrides = { setCaptureOverrides(o?: object): void };
  let register: (RED: never) => void;
  let overrides: Overrides;
  let log: FakeRecorderLog;

  before(function () {
    const entry = path.join(distNode, 'assemblyai-microphone.js');
    if (!fs.existsSync(entry) || !fs.existsSync(path.resolve(distNode, '../../microphone/capture-worker.js'))) {
      console.log('      skipping the dist/ tests: run `npm run build` first (npm test does)');
      this.skip();
    }
    /* eslint-disable @typescript-eslint/no-require-imports -- the built CommonJS files are found at run time, after the skip check */
    // Errors rendered from the en-US catalog (the test helper's RED._ returns keys).
    register = withLocale((require(entry) as { default: (RED: never) => void }).default);
    overrides = require(path.join(distNode, 'capture-overrides.js')) as Overrides;
    /* eslint-enable @typescript-eslint/no-require-imports */
  });

  beforeEach(() => {
    log = new FakeRecorderLog();
  });

  afterEach(async () => {
    await helper.unload();
    overrides?.setCaptureOverrides();
    log?.close();
  });

  it('captures through the compiled worker and releases the device on close', async () => {
    overrides.setCaptureOverrides({ recorder: fakeRecorder({ logChannel: log.name }), levelIntervalMs: 0 });
    const flow = [
      { id: 'f1', type: 'tab' },
      { id: 'mic', z: 'f1', type: 'assemblyai-microphone', device: 'Fake Mic A', frameMs: 20, startOnDeploy: true, wires: [['audio'], []] },
      { id: 'audio', z: 'f1', type: 'helper' },
    ];
    await helper.load(register as never, flow);
    const audio: NodeMessage[] = [];
    helper.getNode('audio').on('input', (msg: NodeMessage) => audio.push(msg));
    await until('5 frames', () => audio.length >= 5);
    const all = Buffer.concat(audio.map((msg) => msg.payload as Buffer));
    assert.equal((audio[0].payload as Buffer).length, 640);
    assert.ok(all.equals(expectedPcm(0, all.length / 2)));
    await helper.unload();
    await log.waitFor((e) => e.event === 'release');
    assert.deepEqual(log.violations(), []);
  });

  it('reports pvrecorder failing to load, through the compiled adapter', async () => {
    overrides.setCaptureOverrides({
      recorder: {
        modulePath: path.resolve(distNode, '../../microphone/pvrecorder-module.js'),
        options: { packageName: '@picovoice/pvrecorder-node-not-installed' },
      },
    });
    const flow = [
      { id: 'f1', type: 'tab' },
      { id: 'mic', z: 'f1', type: 'assemblyai-microphone', device: 'default', frameMs: 50, startOnDeploy: true, wires: [[], []] },
    ];
    await helper.load(register as never, flow);
    const mic = helper.getNode('mic');
    const errors = () =>
      (mic.error as unknown as { getCalls(): Array<{ thisValue: unknown; args: unknown[] }> })
        .getCalls()
        .filter((call) => call.thisValue === mic)
        .map((call) => String(call.args[0]));
    await until('an error', () => errors().length > 0);
    assert.match(errors()[0], /Microphone capture is not available on this system/);
  });
});
