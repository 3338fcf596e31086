import assert from 'node:assert/strict';
import { SpeechGate } from '../../src/session/speech-gate';
import { tonePcm } from './session-test-kit';

/** A tone whose RMS is `dbfs` (a sine's RMS is its peak / sqrt 2). */
function toneAt(dbfs: number, ms: number): Buffer {
  const samples = (16000 * ms) / 1000;
  const peak = Math.SQRT2 * 32768 * 10 ** (dbfs / 20);
  const out = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) out.writeInt16LE(Math.round(peak * Math.sin((2 * Math.PI * 300 * i) / 16000)), i * 2);
  return out;
}

describe('session/speech-gate', () => {
  const settings = { sampleRate: 16000, encoding: 'pcm_s16le' as const, thresholdDbfs: -45, minSpeechMs: 80, preRollMs: 1500 };

  it('hears no speech in silence, and speech in a tone burst longer than minSpeechMs', () => {
    const gate = new SpeechGate(settings);
    assert.equal(gate.hasSpeech(tonePcm([{ silenceMs: 500 }])), false);
    assert.equal(gate.hasSpeech(tonePcm([{ speechMs: 200 }])), true);
  });

  it('needs loud windows in a row: a 50 ms click is not speech, and a run may span chunks', () => {
    const gate = new SpeechGate(settings);
    assert.equal(gate.hasSpeech(Buffer.concat([toneAt(-20, 50), toneAt(-90, 50)])), false);
    assert.equal(gate.hasSpeech(toneAt(-20, 50)), false, '50 ms so far');
    assert.equal(gate.hasSpeech(toneAt(-20, 50)), true, '100 ms in a row across two chunks');
  });

  it('compares loudness with the threshold', () => {
    const gate = new SpeechGate(settings);
    assert.equal(gate.hasSpeech(toneAt(-50, 300)), false, '-50 dBFS is below -45');
    assert.equal(gate.hasSpeech(toneAt(-40, 300)), true, '-40 dBFS is above -45');
    const sensitive = new SpeechGate({ ...settings, thresholdDbfs: -55 });
    assert.equal(sensitive.hasSpeech(toneAt(-50, 300)), true);
  });

  it('decodes mu-law before rating it', () => {
    const gate = new SpeechGate({ ...settings, sampleRate: 8000, encoding: 'pcm_mulaw' });
    assert.equal(gate.hasSpeech(Buffer.alloc(800, 0xff)), false, 'mu-law silence');
    const loud = Buffer.alloc(800);
    for (let i = 0; i < loud.length; i++) loud[i] = i % 2 === 0 ? 0x8f : 0x0f; // about +-16000
    assert.equal(gate.hasSpeech(loud), true);
  });

  it('holds at most preRollMs, dropping the oldest, and releases it in order', () => {
    const gate = new SpeechGate(settings);
    const chunks = Array.from({ length: 30 }, (_, i) => Buffer.alloc(3200, i)); // 30 x 100 ms
    let let_go = 0;
    for (const chunk of chunks) let_go += gate.hold(chunk);
    assert.equal(gate.heldBytes, 15 * 3200);
    assert.equal(let_go, 15 * 3200);
    const released = gate.release();
    assert.deepEqual(
      released.map((b) => b[0]),
      Array.from({ length: 15 }, (_, i) => i + 15),
    );
    assert.equal(gate.heldBytes, 0);
  });
});
