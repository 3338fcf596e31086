// The lifecycle transition table: every allowed move and every refused one.
import assert from 'node:assert/strict';
import {
  acceptsAudio,
  displayState,
  isClosing,
  isFailed,
  isStopping,
  Lifecycle,
  LIFECYCLE_EVENTS,
  mayConnect,
  nextPhase,
  PHASES,
  staysOpen,
  type LifecycleEvent,
  type Phase,
} from '../../src/session/lifecycle';

/** The moves the session may make, written out independently of the table under test. */
const ALLOWED: Array<[Phase, LifecycleEvent, Phase]> = [
  ['idle', 'start', 'started'],
  ['idle', 'fail', 'failed'],
  ['idle', 'stop', 'stopping'],
  ['idle', 'close', 'closing'],
  ['started', 'start', 'started'],
  ['started', 'end', 'idle'],
  ['started', 'fail', 'failed'],
  ['started', 'stop', 'stopping'],
  ['started', 'close', 'closing'],
  ['failed', 'start', 'started'],
  ['failed', 'stop', 'stopping-failed'],
  ['failed', 'close', 'closing-failed'],
  ['stopping', 'close', 'closing'],
  ['stopping', 'stopped', 'idle'],
  ['stopping-failed', 'close', 'closing-failed'],
  ['stopping-failed', 'stopped', 'failed'],
  ['closing', 'stopped', 'releasing'],
  ['closing-failed', 'stopped', 'closing-failed'],
  ['closing-failed', 'released', 'closed'],
  ['releasing', 'released', 'closed'],
];

/** A Lifecycle driven into `phase` through allowed moves only. */
function lifecycleIn(phase: Phase): Lifecycle {
  const paths: Record<Phase, LifecycleEvent[]> = {
    idle: [],
    started: ['start'],
    failed: ['fail'],
    stopping: ['stop'],
    'stopping-failed': ['fail', 'stop'],
    closing: ['close'],
    'closing-failed': ['fail', 'close'],
    releasing: ['close', 'stopped'],
    closed: ['close', 'stopped', 'released'],
  };
  const lifecycle = new Lifecycle();
  for (const event of paths[phase]) lifecycle.apply(event);
  assert.equal(lifecycle.phase, phase);
  return lifecycle;
}

describe('session/lifecycle table', () => {
  it('starts idle', () => {
    assert.equal(new Lifecycle().phase, 'idle');
  });

  for (const [from, event, to] of ALLOWED) {
    it(`allows ${from} --${event}--> ${to}`, () => {
      assert.equal(nextPhase(from, event), to);
      const lifecycle = lifecycleIn(from);
      assert.equal(lifecycle.can(event), true);
      assert.equal(lifecycle.apply(event), to);
      assert.equal(lifecycle.phase, to);
    });
  }

  const allowed = new Set(ALLOWED.map(([from, event]) => `${from}/${event}`));
  const refused = PHASES.flatMap((phase) =>
    LIFECYCLE_EVENTS.filter((event) => !allowed.has(`${phase}/${event}`)).map((event) => [phase, event] as const),
  );

  it('refuses every other move (the table has no move the list above does not name)', () => {
    assert.equal(refused.length + ALLOWED.length, PHASES.length * LIFECYCLE_EVENTS.length);
    for (const [phase, event] of refused) assert.equal(nextPhase(phase, event), undefined, `${phase} --${event}-->`);
  });

  for (const [phase, event] of refused) {
    it(`refuses ${phase} --${event}--> and stays ${phase}`, () => {
      const lifecycle = lifecycleIn(phase);
      assert.equal(lifecycle.can(event), false);
      assert.throws(() => lifecycle.apply(event), new RegExp(`'${event}' is not allowed in phase '${phase}'`));
      assert.equal(lifecycle.phase, phase);
    });
  }

  it('a closed session can never be started, stopped into idle or failed again', () => {
    const lifecycle = lifecycleIn('closed');
    for (const event of LIFECYCLE_EVENTS) assert.equal(lifecycle.can(event), false, event);
  });

  it('names what each phase means for the session', () => {
    const failed = PHASES.filter(isFailed);
    const stopping = PHASES.filter(isStopping);
    const closing = PHASES.filter(isClosing);
    assert.deepEqual(failed, ['failed', 'stopping-failed', 'closing-failed']);
    assert.deepEqual(stopping, ['stopping', 'stopping-failed', 'closing', 'closing-failed']);
    assert.deepEqual(closing, ['closing', 'closing-failed', 'releasing', 'closed']);
    assert.deepEqual(PHASES.filter(mayConnect), ['idle', 'started']);
    assert.deepEqual(
      PHASES.filter((p) => acceptsAudio(p, 'auto')),
      ['idle', 'started', 'stopping', 'closing', 'releasing', 'closed'],
    );
    assert.deepEqual(
      PHASES.filter((p) => acceptsAudio(p, 'manual')),
      ['started'],
    );
    assert.deepEqual(
      PHASES.filter((p) => acceptsAudio(p, 'always')),
      ['started'],
    );
  });

  describe('the state the user sees', () => {
    const none = { retryPending: false, draining: 0 };
    it('closed and failed win over the connections; a running stop shows as stopping', () => {
      const busy = { active: { begun: true, turnOpen: true }, retryPending: true, draining: 2 };
      assert.equal(displayState('closed', busy), 'closed');
      for (const phase of ['failed', 'stopping-failed', 'closing-failed'] as const) assert.equal(displayState(phase, busy), 'failed');
      assert.equal(displayState('stopping', none), 'stopping');
      assert.equal(displayState('closing', none), 'stopping');
    });
    it('otherwise the connections tell: connecting, listening, speech, reconnecting, stopping (draining), idle', () => {
      for (const phase of ['idle', 'started', 'releasing'] as const) {
        assert.equal(displayState(phase, { ...none, active: { begun: false, turnOpen: false } }), 'connecting');
        assert.equal(displayState(phase, { ...none, active: { begun: true, turnOpen: false } }), 'listening');
        assert.equal(displayState(phase, { ...none, active: { begun: true, turnOpen: true } }), 'speech');
        assert.equal(displayState(phase, { ...none, retryPending: true, draining: 1 }), 'reconnecting');
        assert.equal(displayState(phase, { ...none, draining: 1 }), 'stopping');
        assert.equal(displayState(phase, none), 'idle');
      }
    });
  });
  describe('whether a lost connection is still wanted', () => {
    const quiet = { pendingAudio: false, wavPlaying: false, quietForMs: 10_000, idleMs: 5_000 };
    it('never while stopping or closing, whatever the audio', () => {
      const busy = { ...quiet, pendingAudio: true, quietForMs: 0 };
      for (const phase of PHASES.filter((p) => isStopping(p) || isClosing(p)))
        for (const policy of ['auto', 'manual', 'always'] as const)
          assert.equal(staysOpen(phase, policy, busy), false, `${phase}/${policy}`);
    });
    it('auto: while audio is held, a WAV file plays or audio came within idleMs', () => {
      assert.equal(staysOpen('idle', 'auto', quiet), false);
      assert.equal(staysOpen('idle', 'auto', { ...quiet, pendingAudio: true }), true);
      assert.equal(staysOpen('idle', 'auto', { ...quiet, wavPlaying: true }), true);
      assert.equal(staysOpen('idle', 'auto', { ...quiet, quietForMs: 4_999 }), true);
      assert.equal(staysOpen('idle', 'auto', { ...quiet, quietForMs: 5_000 }), false);
    });
    it('manual and always: exactly while started, audio or not', () => {
      for (const policy of ['manual', 'always'] as const) {
        assert.equal(staysOpen('started', policy, quiet), true);
        assert.equal(staysOpen('idle', policy, { ...quiet, pendingAudio: true }), false);
        assert.equal(staysOpen('failed', policy, quiet), false);
      }
    });
  });
});
