import assert from 'node:assert/strict';
import { AdaptiveGate } from '../../src/audio/adaptive-gate';
import type { AudioGate } from '../../src/audio/gate';
import { SpeechGate } from '../../src/session/speech-gate';
import { commandAfter, FRAME_MS, frames, policy, RATE, SAMPLES_PER_FRAME, speech, speechFrames, synth } from './scene-support';

const format = { sampleRate: RATE, encoding: 'pcm_s16le' as const };
const gate = () => new AdaptiveGate({ ...format, preRollMs: 1500 });

describe('audio/adaptive-gate', function () {
  this.timeout(60000);

  for (const [name, make] of [
    ['a fan at -35 dBFS', () => synth.fan(60, -35, 21)],
    ['a fan at -45 dBFS', () => synth.fan(60, -45, 22)],
    ['pink noise at -35 dBFS', () => synth.pink(60, -35, 23)],
    ['pink noise at -45 dBFS', () => synth.pink(60, -45, 24)],
    ['kitchen clatter', () => synth.clatter(60, { seed: 25 })],
  ] as Array<[string, () => Float32Array]>) {
    it(`never hears speech in a minute of ${name} alone`, async () => {
      assert.deepEqual(await speechFrames(gate(), frames(make())), []);
    });
  }

  it('the energy gate at its default -45 dBFS does open on a fan at -35 dBFS (what the adaptive gate fixes)', async () => {
    const energy = new SpeechGate({ ...format, thresholdDbfs: -45, minSpeechMs: 80, preRollMs: 1500 });
    assert.ok((await speechFrames(energy, frames(synth.fan(10, -35, 21)))).length > 100);
  });

  describe('a command after 30 s of fan noise', () => {
    before(function () {
      const missing = speech.speechUnavailable();
      if (missing) {
        console.log(`      skipping: ${missing}`);
        this.skip();
      }
    });

    for (const dbfs of [-35, -45]) {
      it(`at ${dbfs} dBFS: detected within 500 ms of its onset, and the pre-roll carries it whole to the session`, async () => {
        const { samples, command } = commandAfter((s) => synth.fan(s, dbfs, 26), 30);
        const audio = frames(samples);
        const onsetFrame = Math.floor(command.onset / SAMPLES_PER_FRAME);
        const hits = await speechFrames(gate(), audio);
        assert.ok(hits.length > 0, 'the command was not heard');
        assert.ok(hits[0] >= onsetFrame, `speech reported at frame ${hits[0]}, before the command began (frame ${onsetFrame})`);
        assert.ok((hits[0] - onsetFrame) * FRAME_MS <= 500, `heard ${(hits[0] - onsetFrame) * FRAME_MS} ms after the onset`);

        const run = await policy.runPolicy({ frames: audio, frameMs: FRAME_MS, idleMs: 10000, gate: gate() });
        assert.deepEqual(policy.lostCommands([command], run.sent, SAMPLES_PER_FRAME), []);
        assert.equal(run.sent[onsetFrame - 1], 1, 'the frame before the onset went out too (pre-roll)');
        assert.equal(run.sessions.length, 1);
        const [openMs] = run.sessions[0];
        assert.ok(openMs >= 30000, `a session opened at ${openMs} ms, during the fan alone`);
      });
    }
  });

  it('rates chunks the same however they are split (odd byte counts included)', () => {
    const pcm = synth.toPcm16(synth.fan(3, -35, 27));
    const whole = gate();
    whole.hasSpeech(pcm);
    const split = gate();
    for (let at = 0; at < pcm.length; at += 333) split.hasSpeech(pcm.subarray(at, at + 333));
    assert.equal(split.floorDbfs, whole.floorDbfs);
    assert.ok(whole.floorDbfs < -35 && whole.floorDbfs > -50, `floor ${whole.floorDbfs} dBFS for a -35 dBFS fan`);
  });

  it('keeps only the last preRollMs while closed and gives it back oldest first', () => {
    const g: AudioGate = new AdaptiveGate({ ...format, preRollMs: 100 });
    const chunks = [0, 1, 2, 3].map((n) => Buffer.alloc(1600, n)); // 50 ms each
    let dropped = 0;
    for (const c of chunks) dropped += g.hold(c);
    assert.equal(dropped, 3200);
    assert.equal(g.heldBytes, 3200);
    assert.deepEqual(
      g.release().map((c) => c[0]),
      [2, 3],
    );
    assert.equal(g.heldBytes, 0);
  });

  it('SpeechGate fits the same AudioGate interface', () => {
    const g: AudioGate = new SpeechGate({ ...format, thresholdDbfs: -45, minSpeechMs: 80, preRollMs: 100 });
    g.hold(Buffer.alloc(1600));
    assert.equal(g.release().length, 1);
  });
});
