import assert from 'node:assert/strict';
import { matchInOrder } from './pcm-runs';

const pcm = (samples: number[]) => Buffer.from(Int16Array.from(samples).buffer);
const ramp = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

describe('matchInOrder (captured against fed PCM)', () => {
  it('matches identical audio with no drops', () => {
    const fed = pcm(ramp(1, 500));
    assert.deepEqual(matchInOrder(fed, fed), { matchedSamples: 500, drops: [], fedWalked: 500, capturedWalked: 500 });
  });

  it('reports each dropped stretch by its fed samples', () => {
    const fed = ramp(1, 1000);
    const captured = [...fed.slice(0, 200), ...fed.slice(330, 600), ...fed.slice(640)];
    const match = matchInOrder(pcm(captured), pcm(fed));
    assert.deepEqual(match.drops, [
      { from: 200, to: 330 },
      { from: 600, to: 640 },
    ]);
    assert.equal(match.matchedSamples, captured.length);
    assert.equal(match.foreignAt, undefined);
  });

  it('stops at an altered sample', () => {
    const fed = ramp(1, 300);
    const captured = [...fed];
    captured[150] = -7;
    const match = matchInOrder(pcm(captured), pcm(fed));
    assert.equal(match.foreignAt, 150);
    assert.equal(match.matchedSamples, 150);
  });

  it('stops at audio repeated from earlier (reordered, not dropped)', () => {
    const fed = ramp(1, 400);
    const captured = [...fed.slice(0, 200), ...fed.slice(100, 400)];
    assert.equal(matchInOrder(pcm(captured), pcm(fed)).foreignAt, 200);
  });

  it('stops at inserted silence', () => {
    const fed = ramp(1, 400);
    const captured = [...fed.slice(0, 200), ...new Array<number>(100).fill(0), ...fed.slice(200)];
    assert.equal(matchInOrder(pcm(captured), pcm(fed)).foreignAt, 200);
  });
});
