// The microphone node with the real pvrecorder, capturing a PulseAudio FIFO
// source (test/support/virtual-mic.ts) that is fed known speech in real time.
//
// Alignment: the device may deliver silence (zero samples) before the fed
// audio, so the offset is where the first non-zero captured sample sits,
// minus the position of the first non-zero fed sample. From there on the
// captured samples must equal the fed ones exactly; only a last partial
// frame may be missing (pvrecorder hands out whole frames). A failure says
// where the audio differs and whether stretches were dropped
// (test/support/pcm-runs.ts).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Node, NodeMessage } from 'node-red';
import helper from 'node-red-node-test-helper';
import registerMicrophone from '../../src/nodes/assemblyai-microphone/assemblyai-microphone';
import { setCaptureOverrides } from '../../src/nodes/assemblyai-microphone/capture-overrides';
import { until } from '../microphone/until';
import { matchInOrder } from '../support/pcm-runs';
import { nodeRedPath } from '../support/node-red-path';
import { raiseCapturePriority, startVirtualMic, type VirtualMic, virtualMicUnavailableReason } from '../support/virtual-mic';
import { withLocale } from './support/locale';

helper.init(nodeRedPath);

// Errors and log lines rendered from the en-US catalog; statuses stay keys.
const register = withLocale(registerMicrophone);

const FRAME_MS = 50;
const FRAME_BYTES = FRAME_MS * 32;

/** PCM s16le of the bundled espeak-ng speech sample (16 kHz mono), from `fromS` for `seconds`. */
function speech(fromS: number, seconds: number): Buffer {
  const wav = fs.readFileSync(path.resolve(__dirname, '../../assets/demo-speech.wav'));
  const dataAt = wav.indexOf('data', 12, 'ascii');
  const samples = wav.subarray(dataAt + 8);
  return Buffer.from(samples.subarray(fromS * 32000, (fromS + seconds) * 32000));
}

function firstNonZeroSample(pcm: Buffer): number {
  for (let i = 0; i + 1 < pcm.length; i += 2) if (pcm.readInt16LE(i) !== 0) return i / 2;
  return -1;
}

function callsOf(node: Node, method: 'status' | 'error' | 'log'): unknown[][] {
  const spy = (node as unknown as Record<string, { getCalls(): Array<{ thisValue: unknown; args: unknown[] }> }>)[method];
  return spy
    .getCalls()
    .filter((call) => call.thisValue === node)
    .map((call) => call.args);
}

describe('assemblyai-microphone with a real device (PulseAudio FIFO source)', function () {
  this.timeout(60000);
  let mic: VirtualMic | undefined;
  let restorePriority: () => void = () => undefined;

  before(async function () {
    const reason = virtualMicUnavailableReason();
    if (reason) {
      console.log(`      skipping the real-device tests: ${reason}`);
      this.skip();
    }
    mic = await startVirtualMic();
    restorePriority = raiseCapturePriority();
  });

  after(async () => {
    restorePriority();
    await mic?.stop();
  });

  afterEach(async () => {
    await helper.unload();
    setCaptureOverrides();
  });

  async function loadMic(): Promise<{ node: Node; audio: NodeMessage[] }> {
    const flow = [
      { id: 'f1', type: 'tab' },
      {
        id: 'mic',
        z: 'f1',
        type: 'assemblyai-microphone',
        device: mic!.deviceName,
        frameMs: FRAME_MS,
        startOnDeploy: true,
        wires: [['audio'], []],
      },
      { id: 'audio', z: 'f1', type: 'helper' },
    ];
    await helper.load(register, flow);
    const audio: NodeMessage[] = [];
    helper.getNode('audio').on('input', (msg: NodeMessage) => audio.push(msg));
    return { node: helper.getNode('mic'), audio };
  }

  /** Feeds speech framed by a second of silence each side, and returns what the node emitted. */
  async function captureSpeech(fed: Buffer): Promise<{ node: Node; captured: Buffer }> {
    const { node, audio: received } = await loadMic();
    await until('capture to start', () =>
      callsOf(node, 'status').some((args) => (args[0] as { text: string }).text === 'assemblyai-microphone.status.capturing'),
    );
    const firstFed = firstNonZeroSample(fed);
    // A real microphone never stops producing: a second of silence before the speech lets the capture
    // settle (on a loaded machine the audio server dropped stretches of the first 0.7 s of a stream),
    // and a second after it carries its last frames through PulseAudio, which holds back a
    // part-filled fragment when its writer goes.
    await mic!.feed(Buffer.concat([Buffer.alloc(32000), fed, Buffer.alloc(32000)])).done;
    // The device hands the fed audio out in whole frames: wait until all but a last partial frame of it came.
    const capturedSoFar = () => {
      const captured = Buffer.concat(received.map((msg) => msg.payload as Buffer));
      const firstCaptured = firstNonZeroSample(captured);
      return { bytes: captured.length, firstCaptured, afterSpeechStart: captured.length - (firstCaptured - firstFed) * 2 };
    };
    await until(
      'the fed speech to be captured',
      () => {
        const { firstCaptured, afterSpeechStart } = capturedSoFar();
        return firstCaptured >= 0 && afterSpeechStart >= fed.length - FRAME_BYTES;
      },
      20000,
    ).catch((err: Error) => {
      throw new Error(`${err.message}: ${JSON.stringify({ ...capturedSoFar(), fedBytes: fed.length, firstFed, frames: received.length })}`);
    });
    node.receive({ action: 'stop' });
    await until('stopped', () =>
      callsOf(node, 'status').some((args) => (args[0] as { text: string }).text === 'assemblyai-microphone.status.stopped'),
    );
    assert.ok(received.length > 0, 'frames were emitted');
    for (const msg of received) {
      assert.ok(Buffer.isBuffer(msg.payload));
      assert.equal(msg.payload.length, FRAME_BYTES);
    }
    return { node, captured: Buffer.concat(received.map((msg) => msg.payload as Buffer)) };
  }

  it('emits exactly the PCM fed into the device', async () => {
    const fed = speech(0, 4);
    const firstFed = firstNonZeroSample(fed);
    assert.ok(firstFed >= 0);
    // A capture the audio server cut stretches out of (and nothing else) is taken again, up to three
    // times in all: under the whole suite plus `stress`, and in a clean-clone CI run, PulseAudio dropped
    // whole buffers before pvrecorder saw them, with every audio thread at nice -10. The one counted
    // must be exact.
    for (let attempt = 1; ; attempt++) {
      const { node, captured } = await captureSpeech(fed);
      const firstCaptured = firstNonZeroSample(captured);
      assert.ok(firstCaptured >= firstFed, `captured audio starts with the fed speech (first non-zero at ${firstCaptured})`);
      const offsetBytes = (firstCaptured - firstFed) * 2;
      assert.ok(
        captured.subarray(0, offsetBytes).every((byte) => byte === 0),
        'before the speech the device delivered silence',
      );
      const match = matchInOrder(captured.subarray(offsetBytes), fed);
      const dropped = match.drops.reduce((sum, drop) => sum + drop.to - drop.from, 0);
      const dropList = match.drops.map((drop) => `${drop.from}-${drop.to - 1}`).join(', ');
      assert.equal(
        match.foreignAt,
        undefined,
        `captured sample ${match.foreignAt} (after ${offsetBytes / 2} of leading silence) is not the fed audio; drops before it: ${dropList || 'none'}`,
      );
      assert.equal(callsOf(node, 'error').length, 0);
      if (dropped > 0 && attempt < 3) {
        console.log(`      the audio server dropped fed samples ${dropList}; capturing again`);
        await helper.unload();
        continue;
      }
      const serverLog = mic!
        .log()
        .split('\n')
        .filter((line) => /^[EW]:/.test(line) && !/authkey|cookie/.test(line))
        .slice(-5)
        .join(' | ');
      assert.equal(
        dropped,
        0,
        `fed samples ${dropList} were dropped on the way, in three captures running (${dropped} in all, the last time); pulseaudio: ${serverLog || 'nothing logged'}`,
      );
      assert.ok(
        match.fedWalked >= fed.length / 2 - FRAME_BYTES / 2,
        `only a last partial frame may be missing (reached fed sample ${match.fedWalked} of ${fed.length / 2})`,
      );
      assert.ok(
        captured.subarray(offsetBytes + match.capturedWalked * 2).every((byte) => byte === 0),
        'after the speech the device delivered the fed silence',
      );
      console.log(`      aligned at ${offsetBytes / 2} samples of leading silence; ${match.matchedSamples} samples identical`);
      return;
    }
  });

  it('reports a stalled device, retries, and captures again when audio returns', async () => {
    setCaptureOverrides({ backoff: { initialMs: 200, maxMs: 800 } });
    const { node, audio } = await loadMic();
    await mic!.feed(speech(4, 1)).done;
    await until('the stall to be reported', () => callsOf(node, 'error').length > 0, 20000);
    assert.match(
      String(callsOf(node, 'error')[0][0]),
      /^No audio from microphone "Unix FIFO source .*" \(device stalled or disconnected\): .*failed to read audio data frame/,
    );
    const statusTexts = () => callsOf(node, 'status').map((args) => (args[0] as { text: string }).text);
    await until('a second retry', () => statusTexts().filter((text) => text === 'assemblyai-microphone.status.stalled').length >= 2, 20000);
    assert.equal(callsOf(node, 'error').length, 1, 'one error for the stall, not one per retry');

    const before = audio.length;
    const feeder = mic!.feed(speech(6, 3));
    await until('capture to resume', () => callsOf(node, 'log').some((args) => /capturing again/.test(String(args[0]))), 20000);
    await until('new audio', () => audio.slice(before).some((msg) => firstNonZeroSample(msg.payload as Buffer) >= 0), 20000);
    feeder.stop();
  });
});
