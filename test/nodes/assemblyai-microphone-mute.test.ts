// msg.action "mute" / "unmute" on the microphone node: capture goes on, no
// frame is sent while muted, and the status says so (issue 15).
import assert from 'node:assert/strict';
import type { Node, NodeMessage } from 'node-red';
import helper from 'node-red-node-test-helper';
import registerMicrophone from '../../src/nodes/assemblyai-microphone/assemblyai-microphone';
import { setCaptureOverrides } from '../../src/nodes/assemblyai-microphone/capture-overrides';
import { FakeRecorderLog } from '../microphone/fake-recorder-log';
import { expectedPcm, fakeRecorder } from '../microphone/fake-recorder-source';
import { until } from '../microphone/until';
import { nodeRedPath } from '../support/node-red-path';
import { withLocale } from './support/locale';

const register = withLocale(registerMicrophone);
helper.init(nodeRedPath);

function statusTexts(node: Node): string[] {
  const spy = (node as unknown as { status: { getCalls(): Array<{ thisValue: unknown; args: unknown[] }> } }).status;
  return spy
    .getCalls()
    .filter((call) => call.thisValue === node)
    .map((call) => String((call.args[0] as { text?: string }).text));
}

describe('assemblyai-microphone node: mute', function () {
  this.timeout(40000);
  let log: FakeRecorderLog;
  beforeEach(() => {
    log = new FakeRecorderLog();
    setCaptureOverrides({
      recorder: fakeRecorder({ logChannel: log.name, readDelayMs: 5 }),
      backoff: { initialMs: 20, maxMs: 80 },
      levelIntervalMs: 0,
    });
  });
  afterEach(async () => {
    await helper.unload();
    setCaptureOverrides();
    log.close();
  });

  it('sends no frame while muted, keeps capturing, and sends again on unmute', async () => {
    const flow = [
      { id: 'f1', type: 'tab' },
      {
        id: 'mic',
        z: 'f1',
        type: 'assemblyai-microphone',
        name: '',
        device: 'default',
        frameMs: 50,
        startOnDeploy: true,
        wires: [['audio'], []],
      },
      { id: 'audio', z: 'f1', type: 'helper' },
    ];
    await helper.load(register, flow);
    const mic = helper.getNode('mic');
    const audio: NodeMessage[] = [];
    helper.getNode('audio').on('input', (msg: NodeMessage) => audio.push(msg));
    await until('audio before the mute', () => audio.length >= 3);

    mic.receive({ action: 'mute' });
    await until('muted status', () => statusTexts(mic).slice(-1)[0] === 'assemblyai-microphone.status.muted');
    const atMute = audio.length;
    const reads = () => log.events.filter((e) => e.event === 'read-end').length;
    const readsAtMute = reads();
    // Ordered by the device's reads, not by time: capture goes on while muted, and the frames it
    // reads are not sent. A frame already on its way when the mute arrived may still come; nothing after that.
    await until('capture to go on while muted', () => reads() >= readsAtMute + 4);
    const afterWait = audio.length;
    assert.ok(afterWait <= atMute + 1, `${afterWait - atMute} frames sent while muted`);
    const readsAfterWait = reads();
    await until('more reads while muted', () => reads() >= readsAfterWait + 4);
    assert.equal(audio.length, afterWait, 'frames sent while muted');
    assert.equal(statusTexts(mic).slice(-1)[0], 'assemblyai-microphone.status.muted', 'no level replaces the muted status');

    mic.receive({ action: 'unmute' });
    await until('audio after unmute', () => audio.length >= afterWait + 3);
    assert.equal(statusTexts(mic).slice(-1)[0] === 'assemblyai-microphone.status.muted', false, 'the status still says muted');
    // The muted frames were dropped, not held: what comes after the unmute is the device's audio from then on.
    const sentSamples = audio.reduce((n, msg) => n + (msg.payload as Buffer).length / 2, 0);
    const lastPayload = audio[audio.length - 1].payload as Buffer;
    assert.ok(
      !Buffer.concat(audio.map((m) => m.payload as Buffer)).equals(expectedPcm(0, sentSamples)),
      'the muted audio was sent after all',
    );
    assert.equal(lastPayload.length, 1600);
  });
});
