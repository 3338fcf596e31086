import assert from 'node:assert/strict';
import {
  applyCaption,
  captionFromMessage,
  emptyCaptions,
  formatStreamTime,
  speakerColour,
} from '../../../packages/node-red-dashboard-2-assemblyai/src/shared/caption-event';
import { captureError, environmentError } from '../../../packages/node-red-dashboard-2-assemblyai/src/shared/mic-errors';

describe('dashboard/captions model', () => {
  it('turn messages become partial or final captions; clear; non-turns are undefined', () => {
    assert.deepEqual(captionFromMessage({ turn: { transcript: 'hi', final: false } }), { kind: 'partial', text: 'hi' });
    assert.deepEqual(captionFromMessage({ turn: { transcript: 'Hi.', final: true, speaker: 'B', order: 3 } }), {
      kind: 'final',
      text: 'Hi.',
      speaker: 'B',
      order: 3,
    });
    assert.deepEqual(captionFromMessage({ payload: 'typed' }), { kind: 'final', text: 'typed' });
    assert.deepEqual(captionFromMessage({ action: 'clear' }), { kind: 'clear' });
    assert.equal(captionFromMessage({ payload: 5 }), undefined);
  });

  it('keeps the newest maxLines final lines; a final replaces the partial line', () => {
    let view = emptyCaptions();
    view = applyCaption(view, { kind: 'partial', text: 'one' }, 2);
    assert.equal(view.partial?.text, 'one');
    for (const text of ['one.', 'two.', 'three.']) view = applyCaption(view, { kind: 'final', text }, 2);
    assert.deepEqual(
      view.lines.map((l) => l.text),
      ['two.', 'three.'],
    );
    assert.equal(view.partial, undefined);
    assert.equal(new Set(view.lines.map((l) => l.key)).size, 2);
    assert.deepEqual(applyCaption(view, { kind: 'clear' }, 2).lines, []);
  });

  it('speaker colours are stable and differ between A and B; times are m:ss', () => {
    assert.equal(speakerColour('A'), speakerColour('A'));
    assert.notEqual(speakerColour('A'), speakerColour('B'));
    assert.equal(formatStreamTime(61_500), '1:01');
  });
});

describe('dashboard/mic errors', () => {
  const ok = { isSecureContext: true, hostname: 'localhost', hasGetUserMedia: true, hasAudioWorklet: true };
  it('an http page on another host is told it needs https and how', () => {
    const error = environmentError({ ...ok, isSecureContext: false, hostname: '192.168.1.20', hasGetUserMedia: false });
    assert.equal(error?.code, 'insecure-context');
    assert.match(String(error?.message), /https.*http:\/\/192\.168\.1\.20.*settings\.js/);
    assert.equal(environmentError({ ...ok, hasAudioWorklet: false })?.code, 'worklet-unsupported');
    assert.equal(environmentError(ok), undefined);
  });

  it('maps getUserMedia failures by DOMException name', () => {
    const named = (name: string) => Object.assign(new Error('x'), { name });
    assert.equal(captureError(named('NotAllowedError')).code, 'permission-denied');
    assert.equal(captureError(named('NotFoundError')).code, 'no-device');
    assert.equal(captureError(named('NotReadableError')).code, 'device-busy');
    assert.match(captureError(new Error('odd')).message, /could not start: odd/);
  });
});
