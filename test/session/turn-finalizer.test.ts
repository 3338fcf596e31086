import assert from 'node:assert/strict';
import type { TurnMessage } from '../../src/protocol/messages';
import type { Turn } from '../../src/protocol/turn';
import { TurnFinalizer, type Timers } from '../../src/session/turn-finalizer';

class ManualTimers implements Timers {
  private next = 1;
  readonly pending = new Map<number, { fn: () => void; ms: number }>();
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.pending.set(id, { fn, ms });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  fireAll(): void {
    for (const [id, t] of [...this.pending]) {
      this.pending.delete(id);
      t.fn();
    }
  }
}

function msg(turn_order: number, end_of_turn: boolean, turn_is_formatted: boolean, transcript = `t${turn_order}`): TurnMessage {
  return {
    type: 'Turn',
    turn_order,
    end_of_turn,
    turn_is_formatted,
    transcript,
    utterance: end_of_turn ? transcript : '',
    end_of_turn_confidence: 0.5,
    words: [{ text: transcript, start: 10, end: 20, confidence: 0.9, word_is_final: end_of_turn }],
  };
}

function setup(awaitFormatted: boolean) {
  const out: Turn[] = [];
  const timers = new ManualTimers();
  const finalizer = new TurnFinalizer(awaitFormatted, 2000, (t) => out.push(t), timers);
  const finals = () => out.filter((t) => t.final);
  return { out, timers, finalizer, finals };
}

describe('session/turn-finalizer', () => {
  it('without format_turns: the end-of-turn message is the one final', () => {
    const { out, finalizer, finals, timers } = setup(false);
    finalizer.handle(msg(0, false, false, 'hel'), 0);
    finalizer.handle(msg(0, false, false, 'hello'), 0);
    finalizer.handle(msg(0, true, false, 'hello there'), 0);
    assert.equal(out.length, 3);
    assert.deepEqual(
      finals().map((t) => t.transcript),
      ['hello there'],
    );
    assert.equal(timers.pending.size, 0);
  });

  it('with format_turns: the formatted end-of-turn is final, the unformatted one is not', () => {
    const { out, finalizer, finals, timers } = setup(true);
    finalizer.handle(msg(0, false, false, 'hi'), 0);
    finalizer.handle(msg(0, true, false, 'hi sonny'), 0);
    assert.equal(finals().length, 0);
    assert.equal(timers.pending.size, 1, 'a bounded wait for the formatted message');
    finalizer.handle(msg(0, true, true, 'Hi, Sonny.'), 0);
    assert.deepEqual(
      finals().map((t) => t.transcript),
      ['Hi, Sonny.'],
    );
    assert.equal(timers.pending.size, 0, 'the wait is cancelled');
    assert.equal(out.length, 3);
  });

  it('with format_turns: when the formatted message does not come in time, the unformatted end-of-turn is re-emitted as final; a late formatted one is not final', () => {
    const { out, finalizer, finals, timers } = setup(true);
    finalizer.handle(msg(3, true, false, 'turn on the lights'), 7);
    assert.equal([...timers.pending.values()][0].ms, 2000);
    timers.fireAll();
    assert.equal(finals().length, 1);
    const final = finals()[0];
    assert.equal(final.transcript, 'turn on the lights');
    assert.equal(final.order, 7);
    assert.equal(final.endOfTurn, true);
    assert.equal(final.formatted, false);
    finalizer.handle(msg(3, true, true, 'Turn on the lights.'), 7);
    assert.equal(finals().length, 1);
    assert.equal(out[out.length - 1].final, false);
    assert.equal(out[out.length - 1].formatted, true);
  });

  it('U3-style: one formatted end-of-turn message is final at once, even when waiting is enabled', () => {
    const { finalizer, finals, timers } = setup(true);
    finalizer.handle(msg(0, false, false, 'Turn on'), 0);
    finalizer.handle(msg(0, true, true, 'Turn on the lights.'), 0);
    assert.equal(finals().length, 1);
    assert.equal(timers.pending.size, 0);
  });

  it('never takes turn_is_formatted without end_of_turn as the end of a turn', () => {
    const { finalizer, finals } = setup(true);
    finalizer.handle(msg(0, false, true, 'Formatted partial'), 0);
    assert.equal(finals().length, 0);
  });

  it('keys by turn_order: interleaved turns each get exactly one final', () => {
    const { finalizer, out, timers } = setup(true);
    finalizer.handle(msg(0, true, false), 0);
    finalizer.handle(msg(1, false, false), 1);
    finalizer.handle(msg(1, true, false), 1);
    finalizer.handle(msg(0, true, true), 0);
    timers.fireAll();
    finalizer.handle(msg(1, true, true), 1);
    const finalsByOrder = out.filter((t) => t.final).map((t) => [t.order, t.formatted]);
    assert.deepEqual(finalsByOrder, [
      [0, true],
      [1, false],
    ]);
  });

  it('flush() makes a waiting turn final at once (its connection ends), dispose() cancels silently', () => {
    const a = setup(true);
    a.finalizer.handle(msg(0, true, false), 0);
    a.finalizer.flush();
    assert.equal(a.finals().length, 1);
    assert.equal(a.timers.pending.size, 0);
    const b = setup(true);
    b.finalizer.handle(msg(0, true, false), 0);
    b.finalizer.dispose();
    assert.equal(b.finals().length, 0);
    assert.equal(b.timers.pending.size, 0);
  });

  it('maps to the camelCase Turn contract', () => {
    const { out, finalizer } = setup(false);
    finalizer.handle(
      {
        ...msg(2, true, true, 'Hello.'),
        speaker_label: 'B',
        language_code: 'en',
        language_confidence: 0.98,
        words: [{ text: 'Hello.', start: 100, end: 400, confidence: 0.97, word_is_final: true, speaker: 'B' }],
      },
      5,
    );
    assert.deepEqual(out[0], {
      order: 5,
      transcript: 'Hello.',
      utterance: 'Hello.',
      endOfTurn: true,
      formatted: true,
      final: true,
      confidence: 0.5,
      words: [{ text: 'Hello.', start: 100, end: 400, confidence: 0.97, final: true, speaker: 'B' }],
      speaker: 'B',
      languageCode: 'en',
      languageConfidence: 0.98,
    });
  });
});
