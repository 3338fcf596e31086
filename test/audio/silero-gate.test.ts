import assert from 'node:assert/strict';
import { mulawEncodeSample } from '../../src/audio/mulaw';
import { SileroGate } from '../../src/audio/silero-gate';
import { loadSileroModel, VoiceModelUnavailableError, type SileroModel } from '../../src/audio/silero-model';
import { commandAfter, FRAME_MS, frames, policy, RATE, SAMPLES_PER_FRAME, speech, speechFrames, synth } from './scene-support';

const format = { sampleRate: RATE, encoding: 'pcm_s16le' as const };

describe('audio/silero-gate (Silero VAD v5 on onnxruntime-web)', function () {
  this.timeout(180000);

  describe('with the model', () => {
    before(async function () {
      try {
        await loadSileroModel();
      } catch (error) {
        if (!(error instanceof VoiceModelUnavailableError)) throw error;
        console.log(`      skipping: ${error.message}`);
        this.skip();
      }
    });

    const make = () => SileroGate.create({ ...format, preRollMs: 1500 });

    for (const [name, background] of [
      ['a fan at -35 dBFS', () => synth.fan(30, -35, 31)],
      ['pink noise at -35 dBFS', () => synth.pink(30, -35, 32)],
      ['pink noise at -45 dBFS', () => synth.pink(30, -45, 33)],
      ['kitchen clatter', () => synth.clatter(30, { seed: 34 })],
    ] as Array<[string, () => Float32Array]>) {
      it(`never hears speech in 30 s of ${name} alone`, async () => {
        const gate = await make();
        assert.deepEqual(await speechFrames(gate, frames(background()), () => gate.settled()), []);
        assert.ok(gate.probability < 0.5);
      });
    }

    describe('a command after 30 s of fan noise at -35 dBFS', () => {
      before(function () {
        const missing = speech.speechUnavailable();
        if (missing) {
          console.log(`      skipping: ${missing}`);
          this.skip();
        }
      });

      it('is detected within 500 ms of its onset and reaches the session whole with its pre-roll', async () => {
        const { samples, command } = commandAfter((s) => synth.fan(s, -35, 35), 30);
        const audio = frames(samples);
        const onsetFrame = Math.floor(command.onset / SAMPLES_PER_FRAME);
        const gate = await make();
        const hits = await speechFrames(gate, audio, () => gate.settled());
        assert.ok(hits.length > 0, 'the command was not heard');
        assert.ok(hits[0] >= onsetFrame, `speech reported at frame ${hits[0]}, before the command began (frame ${onsetFrame})`);
        assert.ok((hits[0] - onsetFrame) * FRAME_MS <= 500, `heard ${(hits[0] - onsetFrame) * FRAME_MS} ms after the onset`);

        const policyGate = await make();
        const run = await policy.runPolicy({
          frames: audio,
          frameMs: FRAME_MS,
          idleMs: 10000,
          gate: policyGate,
          settle: () => policyGate.settled(),
        });
        assert.deepEqual(policy.lostCommands([command], run.sent, SAMPLES_PER_FRAME), []);
        assert.equal(run.sent[onsetFrame - 1], 1, 'the frame before the onset went out too (pre-roll)');
        assert.equal(run.sessions.length, 1);
        assert.ok(run.sessions[0][0] >= 30000, `a session opened at ${run.sessions[0][0]} ms, during the fan alone`);
      });

      it('hears the same command in 8 kHz mu-law audio (resampled for the model)', async () => {
        const { samples, command } = commandAfter((s) => synth.fan(s, -35, 36), 5);
        const pcm = synth.toPcm16(samples);
        const mulaw = Buffer.alloc(pcm.length / 4);
        for (let i = 0; i < mulaw.length; i++) mulaw[i] = mulawEncodeSample(pcm.readInt16LE(i * 4)); // every other sample: 8 kHz
        const gate = await SileroGate.create({ sampleRate: 8000, encoding: 'pcm_mulaw', preRollMs: 1500 });
        const chunks: Buffer[] = [];
        for (let at = 0; at + 400 <= mulaw.length; at += 400) chunks.push(mulaw.subarray(at, at + 400));
        const hits = await speechFrames(gate, chunks, () => gate.settled());
        const onsetChunk = Math.floor(command.onset / SAMPLES_PER_FRAME);
        assert.ok(
          hits.length > 0 && hits[0] >= onsetChunk && hits[0] - onsetChunk <= 10,
          `first speech at chunk ${hits[0]}, onset at ${onsetChunk}`,
        );
      });
    });
  });

  it('fails open when inference fails: reports speech from then on and calls onError once', async () => {
    const errors: Error[] = [];
    const broken = {
      newStream: () => ({ state: { data: new Float32Array(256) }, context: new Float32Array(64) }),
      probability: () => Promise.reject(new Error('wasm trap')),
      skip: () => undefined,
    } as unknown as SileroModel;
    const gate = new SileroGate(broken, { ...format, preRollMs: 100, onError: (e) => errors.push(e) });
    const chunk = synth.toPcm16(synth.pink(0.1, -30, 37)); // loud enough to be rated
    assert.equal(gate.hasSpeech(chunk), false);
    await gate.settled();
    assert.equal(gate.hasSpeech(chunk), true);
    await gate.settled();
    assert.equal(gate.hasSpeech(chunk), true);
    assert.equal(errors.length, 1);
    assert.equal(gate.error?.message, 'wasm trap');
  });

  it('does not run the model on windows quieter than -65 dBFS', async () => {
    let rated = 0;
    let skipped = 0;
    const counting = {
      newStream: () => ({ state: { data: new Float32Array(256) }, context: new Float32Array(64) }),
      probability: () => {
        rated++;
        return Promise.resolve(0.9);
      },
      skip: () => {
        skipped++;
      },
    } as unknown as SileroModel;
    const gate = new SileroGate(counting, { ...format, preRollMs: 100 });
    for (const chunk of frames(synth.pink(1.6, -75, 38))) gate.hasSpeech(chunk);
    await gate.settled();
    assert.equal(gate.hasSpeech(Buffer.alloc(0)), false);
    assert.deepEqual({ rated, skipped }, { rated: 0, skipped: 50 });
    for (const chunk of frames(synth.pink(0.2, -40, 39))) gate.hasSpeech(chunk);
    await gate.settled();
    assert.ok(rated >= 5);
    assert.equal(gate.hasSpeech(Buffer.alloc(0)), true, 'rated windows at 0.9 are speech');
  });
});
