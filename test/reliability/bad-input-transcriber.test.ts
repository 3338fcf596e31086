// Bad input to the transcriber node: every message gets a clear error through
// done(err) or a documented handling, nothing crashes or hangs, nothing
// unintended reaches the service, and the node keeps working afterwards.
import assert from 'node:assert/strict';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pcmBytes, samplesOf, utterances } from '../nodes/support/audio';
import { delay, waitFor } from '../nodes/support/wait';
import { FaultRig, S } from './support/fault-rig';
import { wavFile } from './support/wav-files';

const SCRIPT = ['Turn on the kitchen lights.', 'Set a timer for ten minutes.'];
const FRAME_SAMPLES = 800; // 50 ms at 16 kHz

/**
 * The 50 MB tests are about what is kept, dropped and told, not about the pace: their 30 s buffer
 * goes out at 10x real time (the node's highest catch-up rate) to a strict simulator that allows
 * 10x, so each takes ~3 s instead of ~24 s at 1.25x. framesRejected still proves the pace was kept.
 */
const FAST_RATE = 10;

function fastSend(policy: string): Parameters<typeof FaultRig.start>[0] {
  return {
    simulator: { script: SCRIPT, timing: { strictFactor: FAST_RATE } },
    transcriber: { policy, maxSendRate: FAST_RATE },
  };
}

describe('reliability: bad input to the transcriber node', function () {
  this.timeout(40000);
  let rig: FaultRig | undefined;
  afterEach(async () => {
    await rig?.abandon();
    rig = undefined;
  });

  async function openRig(policy = 'manual', fast = false): Promise<FaultRig> {
    rig = await FaultRig.start(fast ? fastSend(policy) : { simulator: { script: SCRIPT }, transcriber: { policy } });
    if (policy === 'manual') assert.equal(await rig.h.sendAndWait({ action: 'start' }), undefined);
    return rig;
  }

  /** Each message fails with its own clear error; afterwards a real utterance is still transcribed. */
  async function expectErrors(r: FaultRig, cases: Array<[Record<string, unknown>, RegExp]>): Promise<void> {
    for (const [msg, expected] of cases) {
      const error = await r.h.sendAndWait(msg);
      assert.ok(error, `no error for ${String(Object.keys(msg))}: ${String(msg.payload ?? msg.action)}`);
      assert.match(error.message, expected);
    }
    assert.equal(r.h.caught.length, cases.length, 'every error reached the Catch node');
    const audio = samplesOf(utterances(1, 700, 900));
    r.send(audio);
    await r.h.waitForFinals(1);
    assert.ok(
      r.sim.connections().every((c) => c.closeCode === undefined),
      'a session was closed by bad input',
    );
  }

  it('payloads that are not audio: strings, numbers, booleans, objects, arrays, null and other typed arrays', async () => {
    const r = await openRig();
    await expectErrors(r, [
      [{ payload: 'hello' }, /msg.payload must be audio in a Buffer .* not a string \(to transcribe a file/],
      [{ payload: '/tmp/file.wav' }, /not a string/],
      [{ payload: 42 }, /not a number/],
      [{ payload: Number.NaN }, /not a number/],
      [{ payload: true }, /not a boolean/],
      [{ payload: { samples: [1, 2] } }, /not an object/],
      [{ payload: { type: 'Buffer', data: [1, 2, 3, 4] } }, /not an object/],
      [{ payload: [1, 2, 3] }, /not an array/],
      [{ payload: null }, /not null/],
      [{}, /not undefined/],
      [{ payload: new Float32Array(1600) }, /not a Float32Array/],
      [{ payload: new Int8Array(1600) }, /not a Int8Array/],
      [{ payload: new Uint16Array(1600) }, /not a Uint16Array/],
      [{ payload: new ArrayBuffer(3200) }, /not an ArrayBuffer/],
      [{ payload: new DataView(new ArrayBuffer(3200)) }, /not a DataView/],
    ]);
    assert.equal(r.sim.stats().framesReceived > 0, true);
    await r.finish();
  });

  it('odd byte counts: re-framed into 50 ms frames; every whole sample arrives, a trailing half sample is dropped', async () => {
    const r = await openRig();
    const bytes = pcmBytes(samplesOf(utterances(1, 600, 600)));
    const sizes = [1, 3, 7, 4097, 333, 2, 1601];
    let offset = 0;
    for (let i = 0; offset < bytes.length; i++) {
      const size = sizes[i % sizes.length];
      r.h.send({ payload: bytes.subarray(offset, offset + size) });
      offset += size;
    }
    r.h.send({ payload: Buffer.from([0x7f]) }); // one more byte: the total is odd
    await r.h.waitForFinals(1);
    assert.equal(await r.h.sendAndWait({ action: 'stop' }), undefined);
    const wholeSamples = Math.floor((bytes.length + 1) / 2);
    // stop() pads the last part-frame with silence to the 50 ms minimum.
    const expected = Math.ceil(wholeSamples / FRAME_SAMPLES) * FRAME_SAMPLES;
    assert.equal(r.sim.stats().samplesReceived, expected);
    assert.equal(r.sim.stats().framesRejected, 0);
    await r.finish();
  });

  it('an Int16Array and a Uint8Array are taken as audio', async () => {
    const r = await openRig();
    const samples = samplesOf(utterances(1, 600, 800));
    assert.equal(await r.h.sendAndWait({ payload: samples.subarray(0, 8000) }), undefined);
    assert.equal(await r.h.sendAndWait({ payload: new Uint8Array(pcmBytes(samples.subarray(8000))) }), undefined);
    await r.h.waitForFinals(1);
    await r.waitReceived(samples.length);
    assert.equal(r.sim.stats().samplesReceived, samples.length);
    await r.finish();
  });

  it('a 50 MB buffer into an open session: the event loop is not blocked, no copy is made, what does not fit is dropped with a warning', async function () {
    // The 30 s kept go out at 10x real time (see FAST_RATE): the stop that sends them takes about 3 s.
    this.timeout(70000);
    const r = await openRig('manual', true);
    const big = Buffer.alloc(50 * 1024 * 1024, 0x01);
    const loop = monitorEventLoopDelay({ resolution: 5 });
    const before = process.memoryUsage().arrayBuffers;
    loop.enable();
    const error = await r.h.sendAndWait({ payload: big }, 20000);
    await delay(500); // the window in which the event loop is watched while the pump takes the buffer (not a margin)
    loop.disable();
    const grown = process.memoryUsage().arrayBuffers - before;
    assert.equal(error, undefined);
    // A hang guard, not a speed test: the longest stall of the event loop stays under a second (measured: about 20-30 ms).
    assert.ok(loop.max / 1e6 < 1000, `the event loop stalled for ${Math.round(loop.max / 1e6)} ms`);
    assert.ok(grown < 50 * 1024 * 1024, `${Math.round(grown / 1048576)} MiB more array buffers: the audio was copied`);
    const warning = await waitFor('the dropped-audio warning', () => r.h.warnings().find((w) => w.startsWith('audio dropped')), 5000);
    // Told in full (50 MiB is 1638 s of audio; at most the 30 s buffer and what the socket took are kept), with the cause.
    const told = Number(/^audio dropped: (\d+) ms/.exec(warning)?.[1]);
    assert.ok(told > 1000000, warning);
    assert.match(warning, /faster than the connection sends it/);
    const [event] = await r.h.waitForEvent('warning');
    assert.equal((event.payload as { droppedMs: number }).droppedMs, told);
    // The node is still usable: no fault, and stop ends the session cleanly.
    assert.ok(r.h.statuses().every((s) => s.fill !== 'red'));
    assert.equal(await r.h.sendAndWait({ action: 'stop' }, 40000), undefined);
    assert.equal(r.sim.stats().terminatedCleanly, 1);
    assert.equal(r.sim.stats().framesRejected, 0);
    await r.finish();
  });

  it('a 50 MB buffer while the session is still connecting: exactly the newest 30 s (the buffer window) is sent', async function () {
    // 30 s at 10x real time (see FAST_RATE): about 3 s.
    this.timeout(70000);
    const r = await openRig('auto', true);
    const big = Buffer.alloc(50 * 1024 * 1024, 0x01);
    assert.equal(await r.h.sendAndWait({ payload: big }, 20000), undefined);
    await r.waitReceived(30 * 16000, 40000);
    // Event-ordered: stop sends whatever is still held before its Terminate and returns on the
    // Termination, so once it has returned the simulator has counted every sample it will get.
    assert.equal(await r.h.sendAndWait({ action: 'stop' }, 20000), undefined);
    assert.equal(r.receivedSamples(), 30 * 16000);
    const warning = await waitFor('the dropped-audio warning', () => r.h.warnings().find((w) => w.startsWith('audio dropped')), 5000);
    assert.match(warning, /^audio dropped: 1608400 ms \(1608400 ms in all\); buffer full while connecting or reconnecting$/);
    await r.finish();
  });

  it('WAV files it cannot take: stereo, 8-bit PCM, float, A-law, truncated, or with a broken header', async () => {
    const r = await openRig();
    const data = pcmBytes(samplesOf([{ speechMs: 200 }]));
    await expectErrors(r, [
      [{ payload: wavFile(data, { channels: 2 }) }, /Unsupported WAV file: the file has 2 channels; only mono/],
      [{ payload: wavFile(data, { bitsPerSample: 8 }) }, /Unsupported WAV file: 8-bit PCM is not supported/],
      [{ payload: wavFile(data, { formatTag: 3, bitsPerSample: 32 }) }, /Unsupported WAV file: 32-bit float audio is not supported/],
      [{ payload: wavFile(data, { formatTag: 6, bitsPerSample: 8 }) }, /Unsupported WAV file: A-law audio is not supported/],
      [{ payload: wavFile(data).subarray(0, 30) }, /Unsupported WAV file: the file ends inside the fmt chunk/],
      [{ payload: wavFile(data).subarray(0, 36) }, /Unsupported WAV file: no data chunk found/],
      [{ payload: wavFile(data, { blockAlign: 4 }) }, /Unsupported WAV file: the header is inconsistent/],
      [{ payload: wavFile(data, { sampleRate: 0 }) }, /Unsupported WAV file: the file declares a sample rate of 0/],
      [{ payload: wavFile(data, { sampleRate: 44100 }) }, /WAV file is 44100 Hz pcm_s16le but the open session streams 16000 Hz/],
    ]);
    await r.finish();
  });

  it('WAV files whose data size lies: too big is read to the end with a warning event, too small stops at the declared size', async () => {
    const r = await openRig();
    const data = pcmBytes(samplesOf([{ speechMs: 400 }]));
    assert.equal(await r.h.sendAndWait({ payload: wavFile(data, { declaredDataBytes: data.length * 10 }) }), undefined);
    const [warning] = await r.h.waitForEvent('warning');
    assert.match(
      (warning.payload as { message: string }).message,
      /WAV file: the data chunk says \d+ bytes but the file holds \d+; used what is there/,
    );
    await r.waitReceived(data.length / 2);
    assert.equal(await r.h.sendAndWait({ payload: wavFile(data, { declaredDataBytes: 3200 }) }), undefined);
    await r.waitReceived(data.length / 2 + 1600);
    // Event-ordered: once stop has returned (on the Termination) every sample sent has been counted.
    assert.equal(await r.h.sendAndWait({ action: 'stop' }), undefined);
    assert.equal(r.receivedSamples(), data.length / 2 + 1600);
    await r.finish();
  });

  it('msg.audio that disagrees with the session, or is malformed: refused before anything is sent', async () => {
    const r = await openRig();
    const chunk = pcmBytes(samplesOf([{ speechMs: 100 }]));
    await expectErrors(r, [
      [{ payload: chunk, audio: { sampleRate: 8000 } }, /Audio is 8000 Hz pcm_s16le but the session streams 16000 Hz pcm_s16le/],
      [{ payload: chunk, audio: { encoding: 'pcm_mulaw' } }, /16000 Hz pcm_mulaw but the session streams 16000 Hz pcm_s16le/],
      [{ payload: chunk, audio: { channels: 2 } }, /mono audio only/],
      [{ payload: chunk, audio: { encoding: 'opus' } }, /msg.audio.encoding must be pcm_s16le or pcm_mulaw, not "opus"/],
      [{ payload: chunk, audio: { sampleRate: '16000' } }, /msg.audio.sampleRate must be a whole number/],
      [{ payload: chunk, audio: { sampleRate: -1 } }, /msg.audio.sampleRate must be a whole number/],
      [{ payload: chunk, audio: 'pcm' }, /msg.audio must be an object/],
      [{ payload: new Int16Array(1600), audio: { encoding: 'pcm_mulaw' } }, /an Int16Array payload holds 16-bit samples/],
    ]);
    assert.equal(await r.h.sendAndWait({ payload: chunk, audio: { sampleRate: 16000, encoding: 'pcm_s16le', channels: 1 } }), undefined);
    await r.finish();
  });

  it('unknown actions and bad configure payloads or values out of range: refused locally, the session is never closed with 3006', async () => {
    const r = await openRig();
    await expectErrors(r, [
      [{ action: 'restart' }, /unknown msg.action "restart": use one of start, stop, forceEndpoint, configure, keepAlive/],
      [{ action: 'x'.repeat(5000) }, /unknown msg.action "x{40}":/],
      [{ action: 7 }, /unknown msg.action a number/],
      [{ action: null }, /unknown msg.action null/],
      [{ action: { name: 'start' } }, /unknown msg.action an object/],
      [{ action: 'configure' }, /configure: msg.payload must be an object/],
      [{ action: 'configure', payload: 'max_turn_silence=800' }, /configure: msg.payload must be an object/],
      [{ action: 'configure', payload: [['max_turn_silence', 800]] }, /configure: msg.payload must be an object/],
      [{ action: 'configure', payload: {} }, /configure: msg.payload has no fields/],
      [{ action: 'configure', payload: { sample_rate: 8000 } }, /sample_rate cannot be changed mid-session/],
      [{ action: 'configure', payload: { speech_model: 'u3-rt-pro' } }, /speech_model cannot be changed mid-session/],
      [{ action: 'configure', payload: { no_such_field: 1 } }, /no_such_field cannot be changed mid-session/],
      [{ action: 'configure', payload: { max_turn_silence: -5 } }, /max_turn_silence must be between 50 and 10000/],
      [{ action: 'configure', payload: { max_turn_silence: 1e9 } }, /max_turn_silence must be between 50 and 10000/],
      [{ action: 'configure', payload: { max_turn_silence: Number.POSITIVE_INFINITY } }, /max_turn_silence/],
      [{ action: 'configure', payload: { max_turn_silence: 'soon' } }, /max_turn_silence/],
      [{ action: 'configure', payload: { min_turn_silence: 12.5 } }, /min_turn_silence/],
      [{ action: 'configure', payload: { vad_threshold: 2 } }, /vad_threshold/],
      [{ action: 'configure', payload: { vad_threshold: -0.1 } }, /vad_threshold/],
      [{ action: 'configure', payload: { end_of_turn_confidence_threshold: 1.5 } }, /end_of_turn_confidence_threshold/],
      [{ action: 'configure', payload: { format_turns: 'yes' } }, /format_turns/],
      [{ action: 'configure', payload: { prompt: 'x' } }, /prompt applies to/],
      [{ action: 'configure', payload: { maxTurnSilence: 800, max_turn_silence: 900 } }, /max_turn_silence is given twice/],
    ]);
    assert.equal(r.sim.stats().parameterErrors, 0);
    assert.ok(r.sim.connections().every((c) => c.closeCode !== 3006));
    // A value in range still goes through.
    assert.equal(await r.h.sendAndWait({ action: 'configure', payload: { max_turn_silence: 800 } }), undefined);
    assert.equal(await r.h.sendAndWait({ action: 'stop' }), undefined);
    assert.equal(r.sim.stats().terminatedCleanly, 1);
    await r.finish();
  });

  it('bad input to a node that cannot connect (no key) is answered too, without flooding', async () => {
    rig = await FaultRig.start({ simulator: {}, transcriber: { policy: 'auto' }, credentials: {} });
    const r = rig;
    r.h.send({ payload: 'x' });
    r.h.send({ action: 'nope' });
    await waitFor('two errors', () => r.h.caught.length >= 2, 5000);
    assert.equal(r.h.lastStatus()?.fill, 'red');
    assert.ok([`${S}missingKey`, `${S}invalidConfig`, `${S}noAccount`].includes(r.h.lastStatus()?.text ?? ''));
    await r.finish();
  });
});
