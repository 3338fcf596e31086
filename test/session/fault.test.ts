import assert from 'node:assert/strict';
import type { ConnectionEnd } from '../../src/session/connection';
import { classifyEnd } from '../../src/session/fault';

const bounds = { connectTimeoutMs: 1000, terminationTimeoutMs: 500 };
const end = (cause: ConnectionEnd['cause'], extra: Partial<ConnectionEnd> = {}): ConnectionEnd => ({
  cause,
  begun: true,
  terminateSent: false,
  ...extra,
});

describe('session/fault', () => {
  it('a 1000 after Terminate, or any close after Termination, is normal', () => {
    assert.equal(classifyEnd(end({ kind: 'close', code: 1000, reason: '' }, { terminateSent: true }), bounds).retry, 'normal');
    const t = { type: 'Termination' as const, audio_duration_seconds: 1, session_duration_seconds: 1 };
    assert.equal(classifyEnd(end({ kind: 'close', code: 1006, reason: '' }, { termination: t }), bounds).retry, 'normal');
  });

  it('a close before Begin is retried unless it is an auth or input failure', () => {
    assert.equal(classifyEnd(end({ kind: 'close', code: 1000, reason: '' }, { begun: false }), bounds).retry, 'transient');
    assert.equal(classifyEnd(end({ kind: 'close', code: 3008, reason: '' }, { begun: false }), bounds).retry, 'transient');
    assert.equal(classifyEnd(end({ kind: 'close', code: 1011, reason: '' }, { begun: false }), bounds).retry, 'transient');
    assert.equal(
      classifyEnd(end({ kind: 'close', code: 1008, reason: 'Unauthorized Connection: Invalid API key' }, { begun: false }), bounds).retry,
      'none',
    );
    assert.equal(classifyEnd(end({ kind: 'close', code: 3006, reason: 'bad' }, { begun: false }), bounds).retry, 'none');
  });

  it('uses the Error message text when the close reason points to it', () => {
    const fault = classifyEnd(
      end(
        { kind: 'close', code: 3006, reason: 'See Error message for details' },
        { serverError: { type: 'Error', code: 3006, text: 'Invalid JSON: a very long text' } },
      ),
      bounds,
    );
    assert.match(fault.message, /Invalid JSON: a very long text/);
    assert.equal(fault.errorCode, 3006);
  });

  it('classifies HTTP, network, timeouts, token failures and local closes', () => {
    assert.deepEqual(
      [
        classifyEnd(end({ kind: 'http', status: 401 }), bounds).retry,
        classifyEnd(end({ kind: 'http', status: 503 }), bounds).retry,
        classifyEnd(end({ kind: 'network', code: 'ECONNREFUSED', message: 'x' }), bounds).retry,
        classifyEnd(end({ kind: 'timeout', phase: 'connect' }), bounds).retry,
        classifyEnd(end({ kind: 'timeout', phase: 'stall' }), bounds).retry,
        classifyEnd(end({ kind: 'timeout', phase: 'termination' }), bounds).retry,
        classifyEnd(end({ kind: 'token', message: 'down' }), bounds).retry,
        classifyEnd(end({ kind: 'token', message: 'no', status: 401 }), bounds).retry,
        classifyEnd(end({ kind: 'local' }), bounds).retry,
      ],
      ['none', 'transient', 'transient', 'transient', 'transient', 'normal', 'transient', 'none', 'normal'],
    );
    assert.equal(classifyEnd(end({ kind: 'http', status: 401 }), bounds).errorCode, 401);
    assert.match(classifyEnd(end({ kind: 'timeout', phase: 'connect' }), bounds).message, /1000 ms/);
  });
});
