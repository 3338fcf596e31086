import assert from 'node:assert/strict';
import { TurnEngine, type TurnSettings } from '../../src/sim/turn-engine';
import type { ModelFamily } from '../../src/protocol/params';
import type { ServerMessage } from '../../src/protocol/messages';

const usSettings: TurnSettings = {
  endOfTurnConfidenceThreshold: 0.4,
  minTurnSilence: 400,
  maxTurnSilence: 1280,
  vadThreshold: 0.4,
  formatTurns: false,
  continuousPartials: true,
  interruptionDelay: 750,
  includePartialTurns: true,
  speakerLabels: false,
  languageDetection: false,
};

function engine(family: ModelFamily, settings: Partial<TurnSettings> = {}, script = ['Turn on the kitchen lights.'], model?: string) {
  const sent: ServerMessage[] = [];
  let i = 0;
  const e = new TurnEngine({
    model: model ?? (family === 'u3' ? 'u3-rt-pro' : 'universal-streaming-english'),
    family,
    settings: { ...usSettings, ...(family === 'u3' ? { minTurnSilence: 100, maxTurnSilence: 1000, vadThreshold: 0.3 } : {}), ...settings },
    wordMs: 340,
    minSpeechMs: 80,
    continuousPartialMs: 3000,
    unknownSpeakerBelowMs: 1000,
    nextUtterance: (order) => (script[i] !== undefined ? { text: script[i++] } : { text: `Simulated utterance ${order + 1}.` }),
    send: (m) => sent.push(m as ServerMessage),
  });
  let t = 0;
  /** Feeds `ms` of speech (p=0.9) or silence (p=0) in 10 ms windows and 50 ms frames. */
  const feed = (ms: number, speech: boolean) => {
    for (let k = 0; k < ms / 10; k++) {
      t += 10;
      e.onWindow(speech ? 0.9 : 0, t, 10);
      if (t % 50 === 0) e.onFrameEnd();
    }
  };
  return { e, sent, feed, turns: () => sent.filter((m) => m.type === 'Turn') };
}

describe('sim/turn-engine', () => {
  describe('Universal-Streaming', () => {
    it('grows partials whose finalized words never change, then ends the turn after min_turn_silence', () => {
      const { sent, feed, turns } = engine('universal-streaming');
      feed(200, false);
      feed(1800, true);
      const partials = turns();
      assert.ok(partials.length >= 30, `partials: ${partials.length}`);
      for (const p of partials) {
        assert.equal(p.end_of_turn, false);
        assert.equal(p.turn_order, 0);
        p.words.slice(0, -1).forEach((w) => assert.equal(w.word_is_final, true));
        assert.equal(
          p.transcript,
          p.words
            .filter((w) => w.word_is_final)
            .map((w) => w.text)
            .join(' '),
        );
      }
      // Finalized words are immutable: each partial's final words are a prefix of the next one's.
      for (let i = 1; i < partials.length; i++) {
        const before = partials[i - 1].words.filter((w) => w.word_is_final);
        const after = partials[i].words.slice(0, before.length);
        assert.deepEqual(after, before);
      }
      assert.ok(partials.some((p) => p.words.at(-1)!.word_is_final === false));
      feed(390, false);
      assert.equal(turns().filter((m) => m.end_of_turn).length, 0, 'no end of turn before min_turn_silence');
      feed(20, false);
      const eot = turns().filter((m) => m.end_of_turn);
      assert.equal(eot.length, 1);
      assert.equal(eot[0].transcript, 'turn on the kitchen lights');
      assert.equal(eot[0].utterance, 'turn on the kitchen lights');
      assert.equal(eot[0].turn_is_formatted, false);
      assert.ok(eot[0].words.every((w) => w.word_is_final));
      assert.equal(eot[0].words[0].start, 200);
      assert.ok(eot[0].words.at(-1)!.end <= 2000);
      assert.ok(!sent.some((m) => m.type === 'SpeechStarted'));
    });

    it('sends a formatted second message with the same turn_order when format_turns is on', () => {
      const { feed, turns } = engine('universal-streaming', { formatTurns: true });
      feed(1800, true);
      feed(500, false);
      const eot = turns().filter((m) => m.end_of_turn);
      assert.equal(eot.length, 2);
      assert.equal(eot[1].turn_order, eot[0].turn_order);
      assert.equal(eot[1].turn_is_formatted, true);
      assert.equal(eot[1].transcript, 'Turn on the kitchen lights.');
      assert.deepEqual(
        eot[1].words.map((w) => [w.start, w.end]),
        eot[0].words.map((w) => [w.start, w.end]),
      );
    });

    it('waits for max_turn_silence when the utterance is barely started (low confidence), sending the utterance at the pause', () => {
      const { feed, turns } = engine('universal-streaming');
      feed(300, true);
      feed(1000, false);
      let messages = turns();
      assert.equal(messages.filter((m) => m.end_of_turn).length, 0);
      const pause = messages.find((m) => m.utterance !== '');
      assert.ok(pause, 'a message carries the utterance at the pause');
      assert.equal(pause.end_of_turn, false);
      assert.ok(pause.end_of_turn_confidence < 0.4);
      feed(300, false);
      messages = turns();
      const eot = messages.filter((m) => m.end_of_turn);
      assert.equal(eot.length, 1);
      assert.equal(eot[0].utterance, '');
      assert.equal(eot[0].transcript, 'turn on the kitchen lights');
    });

    it('ends on max_turn_silence only with threshold 1, and on min_turn_silence with threshold 0', () => {
      const strict = engine('universal-streaming', { endOfTurnConfidenceThreshold: 1 });
      strict.feed(1800, true);
      strict.feed(1200, false);
      assert.equal(strict.turns().filter((m) => m.end_of_turn).length, 0);
      strict.feed(100, false);
      assert.equal(strict.turns().filter((m) => m.end_of_turn).length, 1);
      const eager = engine('universal-streaming', { endOfTurnConfidenceThreshold: 0 });
      eager.feed(200, true);
      eager.feed(410, false);
      assert.equal(eager.turns().filter((m) => m.end_of_turn).length, 1);
    });

    it('ignores blips shorter than the minimum speech', () => {
      const { feed, sent } = engine('universal-streaming');
      feed(50, true);
      feed(2000, false);
      assert.equal(sent.length, 0);
    });

    it('numbers turns and falls back to placeholders after the script', () => {
      const { feed, turns } = engine('universal-streaming', {}, ['Hello there.']);
      for (let k = 0; k < 2; k++) {
        feed(1000, true);
        feed(1500, false);
      }
      const eot = turns().filter((m) => m.end_of_turn);
      assert.deepEqual(
        eot.map((m) => [m.turn_order, m.transcript]),
        [
          [0, 'hello there'],
          [1, 'simulated utterance two'],
        ],
      );
    });

    it('adds speaker labels and language on finals', () => {
      const { feed, turns } = engine('universal-streaming', { speakerLabels: true, languageDetection: true }, [
        'Short.',
        'A longer sentence here.',
      ]);
      feed(300, true);
      feed(1500, false);
      feed(1500, true);
      feed(1500, false);
      const eot = turns().filter((m) => m.end_of_turn);
      assert.equal(eot[0].speaker_label, 'UNKNOWN');
      assert.equal(eot[1].speaker_label, 'A');
      assert.ok(eot[1].words.every((w) => w.speaker === 'A'));
      assert.equal(eot[1].language_code, 'en');
      assert.equal(typeof eot[1].language_confidence, 'number');
    });

    it('ends the turn at once on forceEndpoint', () => {
      const { e, feed, turns } = engine('universal-streaming');
      feed(500, true);
      e.forceEndpoint();
      const eot = turns().filter((m) => m.end_of_turn);
      assert.equal(eot.length, 1);
      assert.equal(eot[0].words.length, 5);
      assert.ok(eot[0].words.every((w, i, all) => w.start <= w.end && (i === 0 || all[i - 1].end <= w.start)));
    });
  });

  describe('U3 family', () => {
    it('sends SpeechStarted, stable non-final partials, then one formatted final', () => {
      const { sent, feed } = engine('u3');
      feed(300, false);
      feed(1800, true);
      feed(150, false);
      assert.equal(sent[0].type, 'SpeechStarted');
      assert.equal(sent[0].timestamp, 300);
      const turns = sent.filter((m) => m.type === 'Turn');
      const partials = turns.filter((m) => !m.end_of_turn);
      assert.ok(partials.length >= 1);
      for (const p of partials) {
        assert.ok(p.words.every((w) => w.word_is_final === false));
        assert.equal(p.turn_is_formatted, false);
        assert.equal(p.utterance, '');
        assert.equal(p.end_of_turn_confidence, 0);
      }
      const finals = turns.filter((m) => m.end_of_turn);
      assert.equal(finals.length, 1);
      assert.equal(finals[0].turn_is_formatted, true);
      assert.equal(finals[0].end_of_turn_confidence, 1);
      assert.equal(finals[0].transcript, 'Turn on the kitchen lights.');
      assert.equal(finals[0].utterance, finals[0].transcript);
      assert.equal(finals[0].words[0].start, 300);
      assert.ok(finals[0].words.at(-1)!.end <= 2100);
    });

    it('sends a silence partial on a pause mid-utterance and ends at max_turn_silence', () => {
      const { sent, feed, turns } = engine('u3');
      feed(400, true);
      feed(200, false);
      const partials = turns().filter((m) => !m.end_of_turn);
      assert.equal(partials.length, 1);
      assert.ok(!/[.?!]$/.test(partials[0].transcript));
      feed(900, false);
      assert.equal(sent.filter((m) => m.type === 'Turn' && m.end_of_turn).length, 1);
    });

    it('raises end_of_turn_confidence across partials on universal-3-5-pro', () => {
      const { feed, turns } = engine(
        'u3',
        { continuousPartials: true },
        ['One two three four five six seven eight nine ten eleven twelve.'],
        'universal-3-5-pro',
      );
      feed(4500, true);
      const partials = turns().filter((m) => !m.end_of_turn);
      assert.ok(partials.length >= 2);
      assert.ok(partials[1].end_of_turn_confidence > partials[0].end_of_turn_confidence);
    });

    it('sends nothing during silence outside a turn (no unsourced Silence message)', () => {
      const { sent, feed } = engine('u3');
      feed(2100, false);
      assert.deepEqual(sent, []);
    });
  });
});
