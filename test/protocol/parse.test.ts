import assert from 'node:assert/strict';
import { parseServerMessage } from '../../src/protocol/parse';

const parse = (value: unknown) => parseServerMessage(JSON.stringify(value));

describe('protocol/parse', () => {
  it('parses Begin with and without configuration', () => {
    const m = parse({ type: 'Begin', id: 'abc', expires_at: 1759796682, configuration: { model: 'u3-rt-pro' } });
    assert.equal(m.type, 'Begin');
    assert.equal(parse({ type: 'Begin', id: 'abc', expires_at: 1 }).type, 'Begin');
    assert.equal(parse({ type: 'Begin', id: 5, expires_at: 1 }).type, 'Malformed');
  });

  it('parses Turn and fills optional fields with safe defaults', () => {
    const m = parse({ type: 'Turn', turn_order: 0, end_of_turn: false, transcript: '' });
    assert.equal(m.type, 'Turn');
    if (m.type !== 'Turn') return;
    assert.deepEqual(m.words, []);
    assert.equal(m.turn_is_formatted, false);
    assert.equal(m.end_of_turn_confidence, 0);
  });

  it('reports a Turn without turn_order, end_of_turn or transcript, or with bad words, as malformed', () => {
    assert.equal(parse({ type: 'Turn', end_of_turn: true, transcript: '' }).type, 'Malformed');
    assert.equal(parse({ type: 'Turn', turn_order: 1, transcript: '' }).type, 'Malformed');
    assert.equal(parse({ type: 'Turn', turn_order: 1, end_of_turn: true }).type, 'Malformed');
    assert.equal(parse({ type: 'Turn', turn_order: 1, end_of_turn: true, transcript: '', words: [{ text: 'a' }] }).type, 'Malformed');
  });

  it('parses both Error shapes', () => {
    assert.deepEqual(parse({ type: 'Error', error_code: 3008, error: 'Session Expired' }), {
      type: 'Error',
      code: 3008,
      text: 'Session Expired',
    });
    assert.deepEqual(parse({ error: 'old style' }), { type: 'Error', text: 'old style' });
    assert.deepEqual(parse({ type: 'Error', error: 'no code' }), { type: 'Error', code: undefined, text: 'no code' });
  });

  it('parses SpeechStarted, Termination, Warning, Heartbeat, SpeakerRevision, LLMGatewayResponse', () => {
    assert.equal(parse({ type: 'SpeechStarted', timestamp: 1216, confidence: 0.9 }).type, 'SpeechStarted');
    assert.deepEqual(parse({ type: 'Termination', audio_duration_seconds: 7, session_duration_seconds: 8 }), {
      type: 'Termination',
      audio_duration_seconds: 7,
      session_duration_seconds: 8,
    });
    assert.deepEqual(parse({ type: 'Warning', warning_code: 12, warning: 'w' }), { type: 'Warning', warning_code: 12, warning: 'w' });
    assert.equal(parse({ type: 'Heartbeat', total_audio_received_ms: 1, total_duration_ms: 2, realtime_factor: 1 }).type, 'Heartbeat');
    assert.equal(parse({ type: 'SpeakerRevision', revisions: [] }).type, 'SpeakerRevision');
    assert.equal(parse({ type: 'SpeakerRevision' }).type, 'Malformed');
    assert.equal(parse({ type: 'LLMGatewayResponse', turn_order: 1, transcript: 't', data: {} }).type, 'LLMGatewayResponse');
  });

  it('returns unknown types by name and never throws on garbage', () => {
    assert.deepEqual(parse({ type: 'SomethingNew', x: 1 }), { type: 'Unknown', messageType: 'SomethingNew' });
    for (const text of ['', '{', 'null', '[]', '42', '"str"', '{"type":7}', '{"no":"type"}']) {
      assert.equal(parseServerMessage(text).type, 'Malformed', text);
    }
  });
});
