// The loss planner, table-tested: for every close code the service uses (and
// unknown ones), what the session does next after the connection ends.
import assert from 'node:assert/strict';
import { CloseCode, CloseReason } from '../../src/protocol/close-codes';
import type { ConnectionEnd } from '../../src/session/connection';
import { classifyEnd, type Fault } from '../../src/session/fault';
import { planActiveLoss, planCandidateLoss, reportDrainedEnd, type LossAction, type LossSituation } from '../../src/session/loss-planner';

const BOUNDS = { connectTimeoutMs: 2000, terminationTimeoutMs: 500 };

function closeEnd(code: number, reason: string, begun: boolean, extra: Partial<ConnectionEnd> = {}): ConnectionEnd {
  return { cause: { kind: 'close', code, reason }, begun, terminateSent: false, ...extra };
}

/** manual policy, start()ed, first attempt, retries unbounded, nothing pending. */
const STARTED: LossSituation = {
  policy: 'manual',
  attempt: 0,
  maxAttempts: 0,
  pendingAudio: false,
  stayOpen: true,
  hasCandidate: false,
  serverError: false,
};

type Row = [code: number, reason: string, afterBegin: LossAction, beforeBegin: LossAction, longer?: boolean];

/** What happens after each close, for a started manual session; written from close-meaning.ts and the v3 notes. */
const CLOSES: Row[] = [
  [1000, '', 'finish', 'retry'],
  [1001, 'going away', 'retry', 'retry'],
  [1002, 'protocol error', 'fail', 'fail'],
  [1003, 'unsupported data', 'fail', 'fail'],
  [1005, '', 'retry', 'retry'],
  [1006, '', 'retry', 'retry'],
  [1007, 'invalid payload', 'fail', 'fail'],
  [1008, CloseReason.invalidAuth, 'fail', 'fail'],
  [1008, CloseReason.missingAuth, 'fail', 'fail'],
  [1008, CloseReason.tooManySessions1008, 'retry', 'retry', true],
  [1008, 'Unauthorized connection: Incorrect padding', 'retry', 'retry'],
  [1008, 'Policy violation', 'fail', 'fail'],
  [1009, 'message too big', 'fail', 'fail'],
  [1010, 'extension', 'fail', 'fail'],
  [1011, 'Internal error', 'retry', 'retry'],
  [1012, 'restart', 'retry', 'retry'],
  [1013, 'Try again later', 'retry', 'retry'],
  [3005, CloseReason.sessionCancelled, 'retry', 'retry'],
  [3006, 'Invalid Message Type: Foo', 'fail', 'fail'],
  [3007, 'Input duration violation: 20 ms', 'fail', 'fail'],
  [3008, CloseReason.sessionExpired, 'reconnect', 'retry'],
  [3009, CloseReason.tooManySessions3009, 'retry', 'retry', true],
  [3009, '', 'retry', 'retry', true],
  // Legacy (v2-era) codes the service may still send.
  [4000, '', 'fail', 'fail'],
  [4001, 'Not Authorized', 'fail', 'fail'],
  [4002, '', 'fail', 'fail'],
  [4003, '', 'fail', 'fail'],
  [4004, '', 'retry', 'retry'],
  [4008, '', 'reconnect', 'retry'],
  [4010, '', 'retry', 'retry'],
  [4029, '', 'fail', 'fail'],
  [4030, '', 'retry', 'retry'],
  [4031, '', 'finish', 'retry'],
  [4032, '', 'fail', 'fail'],
  [4033, '', 'fail', 'fail'],
  [4034, '', 'fail', 'fail'],
  [4100, '', 'fail', 'fail'],
  [4101, '', 'fail', 'fail'],
  [4102, '', 'retry', 'retry', true],
  [4103, '', 'retry', 'retry'],
  // Unknown codes: an unknown 4xxx is the service refusing; anything else is taken for a transient loss.
  [4999, '', 'fail', 'fail'],
  [4500, 'new rule', 'fail', 'fail'],
  [1004, '', 'retry', 'retry'],
  [2000, '', 'retry', 'retry'],
  [3000, 'Unauthorized', 'retry', 'retry'],
  [3999, '', 'retry', 'retry'],
];

describe('session/loss-planner', () => {
  it('has a row for every close code in src/protocol/close-codes.ts', () => {
    const covered = new Set(CLOSES.map(([code]) => code));
    for (const [name, code] of Object.entries(CloseCode)) assert.ok(covered.has(code), `CloseCode.${name} (${code}) has no row`);
  });

  for (const [code, reason, afterBegin, beforeBegin, longer = false] of CLOSES) {
    it(`close ${code}${reason ? ` "${reason}"` : ''}: ${afterBegin} after Begin, ${beforeBegin} before`, () => {
      for (const [begun, expected] of [
        [true, afterBegin],
        [false, beforeBegin],
      ] as const) {
        const fault = classifyEnd(closeEnd(code, reason, begun), BOUNDS);
        assert.equal(fault.closeCode, code);
        assert.equal(fault.errorCode, code);
        const plan = planActiveLoss(fault, STARTED);
        assert.equal(plan.action, expected, `begun=${begun} (retry class ${fault.retry})`);
        assert.equal(plan.willRetry, expected === 'retry' || expected === 'reconnect');
        if (expected === 'retry') assert.equal(plan.longerBackoff, longer, 'longer backoff for account limits');
        if (expected === 'fail') assert.equal(plan.failure, fault);
        // A retried or fatal fault is reported; an expired session or a normal end is not an error.
        assert.equal(plan.reportError, expected !== 'fail' && fault.retry !== 'normal' && fault.retry !== 'expired');
      }
    });
  }

  it('a close after Terminate (or after Termination) is a normal end whatever its code', () => {
    for (const code of [1000, 1006, 1011, 3005]) {
      const termination = { type: 'Termination' as const, audio_duration_seconds: 1, session_duration_seconds: 1 };
      const fault = classifyEnd(closeEnd(code, '', true, { termination }), BOUNDS);
      assert.equal(planActiveLoss(fault, STARTED).action, 'finish', `${code}`);
    }
    assert.equal(planActiveLoss(classifyEnd(closeEnd(1000, '', true, { terminateSent: true }), BOUNDS), STARTED).action, 'finish');
  });

  describe('the situation decides between the allowed moves', () => {
    const transient = classifyEnd(closeEnd(1011, 'boom', true), BOUNDS);
    const normal = classifyEnd(closeEnd(1000, '', true), BOUNDS);
    const expired = classifyEnd(closeEnd(3008, CloseReason.sessionExpired, true), BOUNDS);
    const padding = classifyEnd(closeEnd(1008, 'Unauthorized connection: Incorrect padding', true), BOUNDS);

    it('nobody wants the session open (stopped, or auto gone quiet): finish, not retry', () => {
      for (const fault of [transient, expired]) assert.equal(planActiveLoss(fault, { ...STARTED, stayOpen: false }).action, 'finish');
    });

    it('a rollover candidate is waiting: promote it instead of reconnecting', () => {
      for (const fault of [transient, expired]) {
        const plan = planActiveLoss(fault, { ...STARTED, hasCandidate: true });
        assert.equal(plan.action, 'promote');
        assert.equal(plan.willRetry, true);
      }
      assert.equal(planActiveLoss(normal, { ...STARTED, hasCandidate: true }).action, 'finish', 'manual: a normal end is not replaced');
    });

    it('a normal end: manual finishes, always reconnects with backoff, auto reconnects at once only for audio waiting', () => {
      assert.equal(planActiveLoss(normal, STARTED).action, 'finish');
      assert.equal(planActiveLoss(normal, { ...STARTED, policy: 'always' }).action, 'retry');
      assert.equal(planActiveLoss(normal, { ...STARTED, policy: 'auto', pendingAudio: true }).action, 'reconnect');
      assert.equal(planActiveLoss(normal, { ...STARTED, policy: 'auto', pendingAudio: false }).action, 'finish');
      assert.equal(planActiveLoss(normal, STARTED).reportError, false);
      assert.equal(
        planActiveLoss(normal, { ...STARTED, serverError: true }).reportError,
        true,
        'an Error message before the close is reported',
      );
    });

    it('"once" faults are retried on the first attempt only', () => {
      assert.equal(planActiveLoss(padding, { ...STARTED, attempt: 0 }).action, 'retry');
      assert.equal(planActiveLoss(padding, { ...STARTED, attempt: 1 }).action, 'fail');
    });

    it('maxAttempts: the last allowed retry is planned, the next one gives up with the count in the message', () => {
      assert.equal(planActiveLoss(transient, { ...STARTED, maxAttempts: 3, attempt: 2 }).action, 'retry');
      const plan = planActiveLoss(transient, { ...STARTED, maxAttempts: 3, attempt: 3 });
      assert.equal(plan.action, 'fail');
      assert.equal(plan.willRetry, false);
      assert.equal(plan.reportError, false, 'the fatal error is the report');
      assert.match(plan.failure?.message ?? '', /^Gave up after 3 attempt\(s\)\. The service had an internal error/);
      assert.doesNotMatch(plan.failure?.message ?? '', /Reconnecting/);
      assert.equal(
        planActiveLoss(expired, { ...STARTED, maxAttempts: 1, attempt: 5 }).action,
        'reconnect',
        'an expired session is not a failed attempt',
      );
    });
  });

  describe('other causes of an end', () => {
    const cases: Array<[string, ConnectionEnd, LossAction]> = [
      ['HTTP 401', { cause: { kind: 'http', status: 401 }, begun: false, terminateSent: false }, 'fail'],
      ['HTTP 429', { cause: { kind: 'http', status: 429 }, begun: false, terminateSent: false }, 'retry'],
      ['HTTP 503', { cause: { kind: 'http', status: 503 }, begun: false, terminateSent: false }, 'retry'],
      [
        'ECONNREFUSED',
        { cause: { kind: 'network', code: 'ECONNREFUSED', message: 'refused' }, begun: false, terminateSent: false },
        'retry',
      ],
      [
        'untrusted TLS',
        { cause: { kind: 'network', code: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: 'self signed' }, begun: false, terminateSent: false },
        'fail',
      ],
      ['connect timeout', { cause: { kind: 'timeout', phase: 'connect' }, begun: false, terminateSent: false }, 'retry'],
      ['stalled socket', { cause: { kind: 'timeout', phase: 'stall' }, begun: true, terminateSent: false }, 'retry'],
      ['no heartbeat', { cause: { kind: 'silent', afterMs: 15000 }, begun: true, terminateSent: false }, 'retry'],
      ['token refused', { cause: { kind: 'token', message: 'no', status: 403 }, begun: false, terminateSent: false }, 'fail'],
      ['token source down', { cause: { kind: 'token', message: 'down' }, begun: false, terminateSent: false }, 'retry'],
      ['closed by the client', { cause: { kind: 'local' }, begun: true, terminateSent: false }, 'finish'],
    ];
    for (const [name, end, expected] of cases) {
      it(`${name}: ${expected}`, () => {
        assert.equal(planActiveLoss(classifyEnd(end, BOUNDS), STARTED).action, expected);
      });
    }
  });

  it('a rollover candidate that ends is retried while the active connection streams, unless the fault is fatal', () => {
    const fault = (code: number, reason = ''): Fault => classifyEnd(closeEnd(code, reason, false), BOUNDS);
    assert.deepEqual(planCandidateLoss(fault(1011), true), { retry: true, longerBackoff: false });
    assert.deepEqual(planCandidateLoss(fault(3009, CloseReason.tooManySessions3009), true), { retry: true, longerBackoff: true });
    assert.deepEqual(planCandidateLoss(fault(1008, CloseReason.invalidAuth), true), { retry: false, longerBackoff: false });
    assert.deepEqual(
      planCandidateLoss(fault(1011), false),
      { retry: false, longerBackoff: false },
      'no active connection: nothing to roll over from',
    );
  });

  it('a connection ended on purpose reports a termination timeout as a warning, faults as errors, a clean end not at all', () => {
    const clean = closeEnd(1000, '', true, { terminateSent: true });
    assert.equal(reportDrainedEnd(clean, classifyEnd(clean, BOUNDS)), 'none');
    const timeout: ConnectionEnd = { cause: { kind: 'timeout', phase: 'termination' }, begun: true, terminateSent: true };
    assert.equal(reportDrainedEnd(timeout, classifyEnd(timeout, BOUNDS)), 'warning');
    const crash = closeEnd(1011, 'boom', true);
    assert.equal(reportDrainedEnd(crash, classifyEnd(crash, BOUNDS)), 'error');
    const withError = closeEnd(1000, '', true, {
      terminateSent: true,
      serverError: { type: 'Error', error_code: 3006, error: 'bad' } as never,
    });
    assert.equal(reportDrainedEnd(withError, classifyEnd(withError, BOUNDS)), 'error');
  });
});
