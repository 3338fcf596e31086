import assert from 'node:assert/strict';
import { StrictRate, Throttle } from '../../src/sim/rate-rule';
import { rateRuleFromEnvironment } from '../../src/sim/server';

describe('sim/rate-rule', () => {
  describe('strict (token bucket: at most burst + factor x T of audio over any interval T)', () => {
    it('accepts real-time 50 ms frames indefinitely', () => {
      const rule = new StrictRate(0, 1.25, 2000);
      for (let t = 0; t < 600_000; t += 50) assert.equal(rule.accept(50, t), true, `at ${t} ms`);
    });

    it('accepts a 2 s burst (pre-roll), then refuses a tight loop', () => {
      const rule = new StrictRate(0, 1.25, 2000);
      for (let i = 0; i < 40; i++) assert.equal(rule.accept(50, 0), true, `frame ${i}`);
      assert.equal(rule.accept(50, 0), false);
    });

    it('accepts 1.25x real time sustained and refuses 1.3x once the allowance is used up', () => {
      const paced = new StrictRate(0, 1.25, 2000);
      for (let t = 0; t < 120_000; t += 40) assert.equal(paced.accept(50, t), true, `1.25x at ${t} ms`);
      const fast = new StrictRate(0, 1.25, 2000);
      let refusedAt = -1;
      for (let t = 0, i = 0; i < 10_000 && refusedAt < 0; t += 50 / 1.3, i++) if (!fast.accept(50, t)) refusedAt = t;
      // Each 50 ms frame takes ~1.9 ms more than refills: the 2 s allowance is gone after ~1040 frames (~40 s).
      assert.ok(refusedAt > 35_000 && refusedAt < 45_000, `refused at ${refusedAt}`);
    });

    it('does not bank credit beyond the burst: a long pause does not allow a long catch-up burst', () => {
      const rule = new StrictRate(0, 1.25, 2000);
      assert.equal(rule.accept(50, 0), true);
      let sent = 0;
      while (rule.accept(50, 60_000)) sent += 50;
      assert.equal(sent, 2000);
    });
  });

  describe('throttle', () => {
    it('releases held frames at factor x real time after the burst, all of them on flush, and reports the hold limit', () => {
      const t = new Throttle(0, 1.25, 1000, 3000);
      const frame = { data: Buffer.alloc(0), ms: 100 };
      for (let i = 0; i < 30; i++) t.hold(frame);
      assert.equal(t.overLimit, false);
      assert.equal(t.take(0).length, 10);
      assert.equal(t.take(800).length, 10);
      assert.equal(t.take(800, true).length, 10);
      assert.equal(t.pending, false);
      for (let i = 0; i < 30; i++) t.hold(frame);
      assert.equal(t.overLimit, false, '3 s held is the limit');
      t.hold(frame);
      assert.equal(t.overLimit, true, 'over 3 s held');
    });
  });

  it('ASSEMBLYAI_SIM_RATE_RULE forces a rule; other values are ignored', () => {
    assert.equal(rateRuleFromEnvironment({ ASSEMBLYAI_SIM_RATE_RULE: 'strict' }), 'strict');
    assert.equal(rateRuleFromEnvironment({ ASSEMBLYAI_SIM_RATE_RULE: 'throttle' }), 'throttle');
    assert.equal(rateRuleFromEnvironment({ ASSEMBLYAI_SIM_RATE_RULE: 'fast' }), undefined);
    assert.equal(rateRuleFromEnvironment({}), undefined);
  });
});
