// The measured noisy-day path (bench/lib/noisy-live.js, noisy-live-map.js):
// a short tone streamed at real time through the real session to the
// simulator is billed and comes out as a turn; with no pre-roll its first
// frame never reaches a connection and it counts as lost; and the pure
// mapping judges a turn that misses a command's end.
import { strict as assert } from 'node:assert';
import { startSimulator } from '../../src/sim';
import { StreamingSession } from '../../src/session';
import { SpeechGate } from '../../src/session/speech-gate';
import type { GateFormat } from '../../src/audio/gate';

interface Outcome {
  text: string;
  delivered: boolean;
  out: boolean;
  reason?: string;
}
interface LiveResult {
  billed: Uint8Array;
  sessions: Array<{ fromMs: number; toMs: number }>;
  simBilledSeconds: number;
  sessionBilledSeconds: number;
  finalTurns: number;
  outcomes: Outcome[];
  check: { ratedFrames: number; frames: number; unaccountedFrames: number; unmappedTurns: number; drops: number };
  errors: string[];
}
type Span = { fromMs: number; toMs: number };
/* eslint-disable @typescript-eslint/no-require-imports */
const { runLiveStream } = require('../../bench/lib/noisy-live') as {
  runLiveStream: (o: Record<string, unknown>) => Promise<LiveResult>;
};
const map = require('../../bench/lib/noisy-live-map') as {
  judgeCommands: (commands: unknown[], o: Record<string, unknown>) => Outcome[];
  billedFrames: (intervals: Span[], count: number, frameMs: number) => Uint8Array;
  wallToScene: (writeWall: number[], frameMs: number) => (wall: number) => number;
};
/* eslint-enable @typescript-eslint/no-require-imports */

const RATE = 16000;
const FRAME_MS = 50;
const SAMPLES_PER_FRAME = (RATE * FRAME_MS) / 1000;

/** silence, a 300 Hz tone at about -12 dBFS from toneFrom for toneFrames frames, silence: 50 ms frames. */
function scene(total: number, toneFrom: number, toneFrames: number): Buffer[] {
  const frames: Buffer[] = [];
  for (let f = 0; f < total; f++) {
    const b = Buffer.alloc(SAMPLES_PER_FRAME * 2);
    if (f >= toneFrom && f < toneFrom + toneFrames)
      for (let i = 0; i < SAMPLES_PER_FRAME; i++)
        b.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 300 * (f * SAMPLES_PER_FRAME + i)) / RATE)), i * 2);
    frames.push(b);
  }
  return frames;
}

const energy = (settings: GateFormat & { preRollMs: number }) => new SpeechGate({ ...settings, thresholdDbfs: -45, minSpeechMs: 80 });
const command = { text: 'tone', onset: 10 * SAMPLES_PER_FRAME, end: 22 * SAMPLES_PER_FRAME - 1 };

/** The 30-frame scene with its tone at frames 10-21, through the energy gate and the real session to the simulator. */
const toneThroughSession = (preRollMs: number) =>
  runLiveStream({
    frames: scene(30, 10, 12),
    frameMs: FRAME_MS,
    sampleRate: RATE,
    gate: energy,
    commands: [command],
    idleMs: 500,
    preRollMs,
    modules: { startSimulator, StreamingSession },
  });

describe('noisy-day measured path', function () {
  this.timeout(30000);

  it('bills the session the simulator saw and finds the command in a final turn', async () => {
    const r = await toneThroughSession(500);
    assert.deepEqual(r.errors, []);
    assert.equal(r.check.ratedFrames, 30);
    assert.equal(r.check.unaccountedFrames, 0);
    assert.equal(r.check.unmappedTurns, 0);
    assert.equal(r.sessions.length, 1);
    assert.equal(r.finalTurns, 1);
    assert.deepEqual(r.outcomes, [{ text: 'tone', delivered: true, out: true, reason: undefined }]);
    // Open from the tone (frame 10) to 0.5 s after it, plus the Terminate exchange.
    assert.ok(r.simBilledSeconds > 1.0 && r.simBilledSeconds < 2.5, `billed ${r.simBilledSeconds} s`);
    assert.ok(Math.abs(r.sessionBilledSeconds - r.simBilledSeconds) < 0.2);
    assert.equal(r.billed[5], 0);
    assert.equal(r.billed[15], 1);
  });

  it('counts a command whose first frame never reached a connection as lost', async () => {
    const r = await toneThroughSession(0); // the frame the gate is still deciding on is let go
    assert.deepEqual(r.errors, []);
    assert.equal(r.check.unaccountedFrames, 0);
    assert.equal(r.outcomes[0].delivered, false);
    assert.equal(r.outcomes[0].reason, 'audio did not reach a session');
  });

  it('judges a turn that ends before the command does as cut short', () => {
    const slices = [{ sessionId: 's', frames: Array.from({ length: 40 }, (_, i) => i) }];
    const judge = (spans: Span[]) =>
      map.judgeCommands([command], { slices, spans, samplesPerFrame: SAMPLES_PER_FRAME, sampleRate: RATE, frameMs: FRAME_MS })[0];
    assert.equal(judge([{ fromMs: 500, toMs: 1100 }]).out, true);
    assert.equal(judge([{ fromMs: 500, toMs: 700 }]).reason, 'turn cut short');
    assert.equal(judge([]).reason, 'no final turn');
    assert.equal(
      judge([
        { fromMs: 500, toMs: 800 },
        { fromMs: 800, toMs: 1100 },
      ]).out,
      true,
    );
  });

  it('maps wall time to scene time and bills the frames whose middle a session covers', () => {
    // frames hold [0, 50), [50, 100), [100, 150) ms: their middles are 25, 75 and 125 ms
    const toScene = map.wallToScene([1000, 1050, 1100], FRAME_MS);
    assert.equal(toScene(1000), 50);
    assert.equal(toScene(1060), 110);
    assert.deepEqual([...map.billedFrames([{ fromMs: 30, toMs: 120 }], 3, FRAME_MS)], [0, 1, 0]);
  });
});
