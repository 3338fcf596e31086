import assert from 'node:assert/strict';
import { awaitsFormattedTurn, isFormatTurnsOn, isUniversalStreamingModel } from '../../src/protocol/speech-models';

describe('protocol/speech-models', () => {
  it('knows the Universal-Streaming models', () => {
    assert.ok(isUniversalStreamingModel('universal-streaming-english'));
    assert.ok(isUniversalStreamingModel('universal-streaming-multilingual'));
    assert.ok(!isUniversalStreamingModel('u3-rt-pro'));
  });

  it('reads format_turns as boolean or text', () => {
    assert.ok(isFormatTurnsOn(true));
    assert.ok(isFormatTurnsOn('True'));
    assert.ok(!isFormatTurnsOn(false));
    assert.ok(!isFormatTurnsOn('false'));
    assert.ok(!isFormatTurnsOn(undefined));
  });

  it('waits for a formatted turn only with format_turns on a model that sends two end-of-turn messages', () => {
    assert.ok(awaitsFormattedTurn({ speech_model: 'universal-streaming-english', format_turns: true }));
    assert.ok(!awaitsFormattedTurn({ speech_model: 'universal-streaming-english', format_turns: false }));
    assert.ok(!awaitsFormattedTurn({ speech_model: 'universal-streaming-english' }));
    assert.ok(!awaitsFormattedTurn({ speech_model: 'u3-rt-pro', format_turns: true }));
    assert.ok(!awaitsFormattedTurn({ speech_model: 'universal-3-5-pro', format_turns: true }));
    assert.ok(awaitsFormattedTurn({ speech_model: 'some-future-model', format_turns: true }));
  });
});
