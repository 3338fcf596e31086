import assert from 'node:assert/strict';
import { EnergyVad, speechProbability } from '../../src/audio/vad';
import { speechPcm, toMulaw } from './helpers';

function windows(vad: EnergyVad, audio: Buffer, chunk: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i < audio.length; i += chunk) vad.process(audio.subarray(i, i + chunk), (p, end) => out.push([p, end]));
  return out;
}

describe('audio/vad (energy-based speech detection)', () => {
  it('maps loudness to a 0-1 probability: silence 0, -20 dBFS and up 1', () => {
    assert.equal(speechProbability(0), 0);
    const full = 32768 * 32768;
    assert.equal(speechProbability(full), 1);
    assert.equal(speechProbability(full * 1e-2), 1); // -20 dBFS
    assert.ok(Math.abs(speechProbability(full * 1e-4) - 0.5) < 1e-9); // -40 dBFS
    assert.equal(speechProbability(full * 1e-7), 0); // -70 dBFS
  });

  it('finds tone bursts and silence in s16le audio, with stream times', () => {
    const audio = speechPcm([{ silenceMs: 200 }, { speechMs: 300 }, { silenceMs: 200 }]);
    const vad = new EnergyVad(16000, 'pcm_s16le');
    const out = windows(vad, audio, 1600);
    assert.equal(out.length, 70);
    assert.equal(out[69][1], 700);
    const voiced = out.filter(([p]) => p > 0.5).map(([, end]) => end);
    assert.equal(voiced[0], 210);
    assert.equal(voiced[voiced.length - 1], 500);
    assert.equal(vad.streamMs, 700);
  });

  it('gives the same result for odd-sized chunks (a sample split across frames)', () => {
    const audio = speechPcm([{ silenceMs: 100 }, { speechMs: 100 }]);
    const a = windows(new EnergyVad(16000, 'pcm_s16le'), audio, 1600);
    const b = windows(new EnergyVad(16000, 'pcm_s16le'), audio, 1001);
    assert.deepEqual(b, a);
  });

  it('decodes mu-law before measuring', () => {
    const pcm = speechPcm([{ silenceMs: 100 }, { speechMs: 100 }], 8000);
    const out = windows(new EnergyVad(8000, 'pcm_mulaw'), toMulaw(pcm), 400);
    assert.equal(out.length, 20);
    assert.ok(out.slice(0, 10).every(([p]) => p === 0));
    assert.ok(out.slice(10).every(([p]) => p > 0.5));
  });
});
