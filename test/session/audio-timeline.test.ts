// Stream time -> write time and level, and the timing of a final turn. Pure.
import assert from 'node:assert/strict';
import { AudioTimeline, AudioTimelines } from '../../src/session/audio-timeline';
import { withTiming } from '../../src/session/turn-timing';
import type { Turn } from '../../src/protocol/turn';

function sine(ms: number, amplitude: number): Buffer {
  const samples = 16 * ms;
  const b = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) b.writeInt16LE(Math.round(amplitude * Math.sin((2 * Math.PI * 200 * i) / 16000)), i * 2);
  return b;
}

function turn(words: Array<[number, number]>, final = true): Turn {
  return {
    order: 0,
    transcript: 'x',
    utterance: 'x',
    endOfTurn: final,
    formatted: false,
    final,
    confidence: 0.9,
    words: words.map(([start, end]) => ({ text: 'w', start, end, confidence: 0.9, final: true })),
  };
}

describe('session/audio-timeline and turn timing', () => {
  it('maps stream ms to the write time of the frame holding it', () => {
    const t = new AudioTimeline();
    for (let i = 0; i < 10; i++) t.add(50, 1000 + i * 50, 0, 800);
    assert.equal(t.durationMs, 500);
    assert.equal(t.writeTimeAt(0), 1000);
    assert.equal(t.writeTimeAt(50), 1000);
    assert.equal(t.writeTimeAt(51), 1050);
    assert.equal(t.writeTimeAt(499), 1450);
    assert.equal(t.writeTimeAt(9999), 1450, 'later than the audio: its last frame');
    assert.equal(new AudioTimeline().writeTimeAt(0), undefined);
  });

  it('stays bounded and counts back from its oldest frame for older audio', () => {
    const t = new AudioTimeline();
    for (let i = 0; i < 5000; i++) t.add(50, 100_000 + i * 50, 0, 800);
    // 4096 frames kept: the oldest ends at (5000 - 4096 + 1) * 50 ms.
    const oldestEnd = (5000 - 4096 + 1) * 50;
    assert.equal(t.writeTimeAt(oldestEnd - 1000), 100_000 + (5000 - 4096) * 50 - 1000);
    assert.equal(t.writeTimeAt(5000 * 50), 100_000 + 4999 * 50);
  });

  it('measures the level of the frames a turn covers', () => {
    const timelines = new AudioTimelines();
    timelines.setFormat({ sampleRate: 16000, encoding: 'pcm_s16le' });
    const target = {};
    const quiet = sine(50, 100);
    const loud = sine(50, 10000);
    for (let i = 0; i < 4; i++) timelines.sent(target, quiet, 1000 + i * 50);
    for (let i = 0; i < 4; i++) timelines.sent(target, loud, 1200 + i * 50);
    const timeline = timelines.of(target) as AudioTimeline;
    const loudDbfs = 20 * Math.log10(10000 / Math.SQRT2 / 32768);
    assert.ok(Math.abs((timeline.levelDbfs(210, 390) as number) - loudDbfs) < 0.1);
    const both = timeline.levelDbfs(0, 400) as number;
    assert.ok(both < loudDbfs - 2 && both > loudDbfs - 4, `half quiet, half loud: ${both}`);
  });

  it('uses the stamp of a frame made from written audio, not its send time', () => {
    const timelines = new AudioTimelines();
    timelines.setFormat({ sampleRate: 16000, encoding: 'pcm_s16le' });
    const target = {};
    const frame = sine(50, 1000);
    timelines.stamp(frame, 500);
    timelines.sent(target, frame, 2500); // queued while connecting
    assert.equal(timelines.of(target)?.writeTimeAt(10), 500);
  });

  it('adds timing and input level to final turns only', () => {
    const t = new AudioTimeline();
    for (let i = 0; i < 40; i++) t.add(50, 10_000 + i * 50, 0.01 * 800, 800); // -20 dBFS
    const final = withTiming(
      turn([
        [310, 700],
        [800, 1450],
      ]),
      t,
      12_400,
    );
    assert.deepEqual(final.timing, { speechStartAt: 10_300, endOfTurnAt: 11_400, finalEmittedAt: 12_400, finalDelayMs: 1000 });
    assert.equal(final.inputLevelDbfs, -20);
    const partial = turn([[300, 700]], false);
    assert.equal(withTiming(partial, t, 12_400), partial);
    assert.equal(withTiming(turn([]), t, 12_400).timing, undefined, 'no words, no timing');
    assert.equal(withTiming(turn([[0, 10]]), undefined, 1).timing, undefined);
  });
});
