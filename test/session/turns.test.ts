import assert from 'node:assert/strict';
import { StreamingSession } from '../../src/session';
import { FakeServer, type FakeConnection } from './fake-server';
import { fakeClock, record, states, testOptions, until, type TestClock } from './session-test-kit';

describe('session/turns and messages', () => {
  let server: FakeServer;
  let session: StreamingSession | undefined;
  let conn: FakeConnection;
  beforeEach(async () => {
    server = await FakeServer.start();
  });
  afterEach(async () => {
    await session?.close();
    session = undefined;
    await server.close();
  });

  async function open(params: Record<string, unknown>, clock?: TestClock) {
    session = new StreamingSession(
      testOptions(server.url, { policy: 'manual', params: params as never, formattedTurnTimeoutMs: 200, clock }),
    );
    const events = record(session);
    await session.start();
    conn = server.connections[0];
    return events;
  }

  it('Universal-Streaming with format_turns: the formatted end-of-turn is the final; state goes speech -> listening', async () => {
    const events = await open({ speech_model: 'universal-streaming-english', format_turns: true });
    conn.turn(0, false, false, 'hi');
    await until(() => session?.state === 'speech');
    conn.turn(0, true, false, 'hi sonny');
    await until(() => session?.state === 'listening');
    conn.turn(0, true, true, 'Hi, Sonny.');
    await until(() => events.turn.length === 3);
    assert.deepEqual(
      events.turn.map(([t]) => [t.transcript, t.final]),
      [
        ['hi', false],
        ['hi sonny', false],
        ['Hi, Sonny.', true],
      ],
    );
    assert.equal(session?.stats().turns, 1);
    assert.deepEqual(states(events), ['connecting', 'listening', 'speech', 'listening']);
  });

  it('with format_turns, a formatted message that never comes: the unformatted end-of-turn is re-emitted final after formattedTurnTimeoutMs', async () => {
    const clock = fakeClock();
    const events = await open({ speech_model: 'universal-streaming-english', format_turns: true }, clock);
    conn.turn(4, true, false, 'turn on the lights');
    await until(() => events.turn.length === 1, 3000, 'the unformatted end-of-turn');
    assert.equal(events.turn[0][0].final, false);
    await clock.tick(199);
    assert.equal(events.turn.length, 1, 'not final before formattedTurnTimeoutMs');
    await clock.tick(1);
    assert.equal(events.turn.length, 2);
    const finals = events.turn.filter(([t]) => t.final);
    assert.equal(finals.length, 1);
    assert.equal(finals[0][0].transcript, 'turn on the lights');
    assert.equal(finals[0][0].formatted, false);
    conn.turn(4, true, true, 'Turn on the lights.');
    await until(() => events.turn.length === 3);
    assert.equal(events.turn[2][0].final, false, 'a late formatted message is not final');
  });

  it('a turn waiting for its formatted message becomes final when its connection ends', async () => {
    const events = await open({ speech_model: 'universal-streaming-english', format_turns: true });
    conn.turn(0, true, false, 'bye');
    await until(() => events.turn.length === 1);
    await session?.stop();
    assert.equal(events.turn.filter(([t]) => t.final).length, 1);
  });

  it('without format_turns: the end-of-turn message is final', async () => {
    const events = await open({ speech_model: 'universal-streaming-english' });
    conn.turn(0, false, false, 'a');
    conn.turn(0, true, false, 'a b');
    await until(() => events.turn.length === 2);
    assert.deepEqual(
      events.turn.map(([t]) => t.final),
      [false, true],
    );
  });

  it('U3: SpeechStarted opens the turn (speech), the single formatted final closes it', async () => {
    const events = await open({ speech_model: 'u3-rt-pro' });
    conn.send({ type: 'SpeechStarted', timestamp: 1216, confidence: 0.98 });
    await until(() => session?.state === 'speech');
    conn.turn(0, false, false, 'Turn on the');
    conn.turn(0, true, true, 'Turn on the lights.');
    await until(() => session?.state === 'listening');
    assert.deepEqual(events.speechStarted[0][0], { timestamp: 1216, confidence: 0.98 });
    assert.deepEqual(
      events.turn.map(([t]) => t.final),
      [false, true],
    );
    assert.equal(events.turn[1][1].model, 'u3-rt-pro');
  });

  it('passes Warning, Heartbeat, SpeakerRevision and LLMGatewayResponse on, with stream turn orders', async () => {
    const events = await open({ speech_model: 'u3-rt-pro', speaker_labels: true });
    conn.turn(0, true, true, 'One.');
    conn.send({ type: 'Warning', warning_code: 7, warning: 'careful' });
    conn.send({ type: 'Heartbeat', total_audio_received_ms: 1000, total_duration_ms: 1100, realtime_factor: 0.9 });
    conn.send({ type: 'SpeakerRevision', revisions: [{ turn_order: 0, speaker_label: 'B', words: [] }] });
    conn.send({ type: 'LLMGatewayResponse', turn_order: 0, transcript: 'One.', data: { choices: [] } });
    await until(() => events.llmGatewayResponse.length === 1);
    assert.deepEqual(events.warning[0][0], { code: 7, message: 'careful' });
    assert.equal(events.heartbeat[0][0].realtime_factor, 0.9);
    assert.equal((events.speakerRevision[0][0].revisions as Array<{ order: number }>)[0].order, 0);
    assert.equal(events.llmGatewayResponse[0][0].order, 0);
  });

  it('forceEndpoint, keepAlive and updateConfiguration send their messages; the update is kept for the next connection', async () => {
    await open({ speech_model: 'universal-streaming-english' });
    session?.forceEndpoint();
    session?.keepAlive();
    session?.updateConfiguration({ end_of_turn_confidence_threshold: 0.7, keyterms_prompt: ['x'] });
    await conn.waitFor(() => conn.texts.length === 3);
    assert.deepEqual(conn.texts, [
      { type: 'ForceEndpoint' },
      { type: 'KeepAlive' },
      { type: 'UpdateConfiguration', end_of_turn_confidence_threshold: 0.7, keyterms_prompt: ['x'] },
    ]);
    assert.throws(() => session?.updateConfiguration({ sample_rate: 8000 }), /cannot be changed/);
    assert.throws(() => session?.updateConfiguration([] as never), /must be an object/);
    await session?.stop();
    await session?.start();
    const next = server.connections[1];
    assert.equal(next.query.get('end_of_turn_confidence_threshold'), '0.7');
    assert.equal(next.query.get('keyterms_prompt'), '["x"]');
  });

  it('control messages while no session is open are ignored, not errors', async () => {
    session = new StreamingSession(testOptions(server.url, { policy: 'manual' }));
    session.forceEndpoint();
    session.keepAlive();
    session.updateConfiguration({ min_turn_silence: 200 });
    await session.start();
    assert.equal(server.connections[0].query.get('min_turn_silence'), '200');
  });
});
