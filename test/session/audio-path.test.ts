import assert from 'node:assert/strict';
import { encodeWav } from '../../src/audio/wav-encode';
import { StreamingSession, StreamingError } from '../../src/session';
import { FakeServer } from './fake-server';
import { countingPcm, fakeClock, isCountingFrom, record, testOptions, until } from './session-test-kit';

describe('session/audio path', () => {
  let server: FakeServer;
  let session: StreamingSession | undefined;
  beforeEach(async () => {
    server = await FakeServer.start();
  });
  afterEach(async () => {
    await session?.close();
    session = undefined;
    await server.close();
  });

  it('buffers audio written while connecting and sends it after Begin, in order, in exact frames, with odd-sized input', async () => {
    server.onConnection((c) => {
      setTimeout(() => c.begin(), 150);
      c.answerTerminate();
    });
    session = new StreamingSession(testOptions(server.url));
    const audio = countingPcm(16000); // 1 s
    const sizes = [333, 1, 4800, 7, 1599, 10000];
    let at = 0;
    let i = 0;
    while (at < audio.length) {
      const size = Math.min(sizes[i++ % sizes.length], audio.length - at);
      session.write(audio.subarray(at, at + size));
      at += size;
    }
    assert.equal(session.state, 'connecting');
    await session.stop();
    const c = server.connections[0];
    assert.ok(c.texts.some((t) => t.type === 'Terminate'));
    const sent = Buffer.concat(c.frames);
    assert.ok(
      c.frames.every((f) => f.length === 1600),
      'every frame is exactly 50 ms',
    );
    assert.equal(sent.length, audio.length);
    assert.ok(isCountingFrom(sent, 0), 'samples arrive in order, none lost or duplicated');
  });

  it('flushes a short trailing fragment on stop, padded with silence to 50 ms', async () => {
    session = new StreamingSession(testOptions(server.url, { policy: 'manual' }));
    await session.start();
    session.write(countingPcm(800 + 100)); // 56.25 ms
    await session.stop();
    const c = server.connections[0];
    assert.deepEqual(
      c.frames.map((f) => f.length),
      [1600, 1600],
    );
    assert.ok(isCountingFrom(c.frames[1].subarray(0, 200), 800));
    assert.ok(c.frames[1].subarray(200).every((b) => b === 0));
  });

  it('mu-law frames are 50 ms of 8 kHz bytes and padding is 0xFF', async () => {
    session = new StreamingSession(testOptions(server.url, { policy: 'manual', sampleRate: 8000, encoding: 'pcm_mulaw' }));
    await session.start();
    session.write(Buffer.alloc(1000, 0x55));
    await session.stop();
    const frames = server.connections[0].frames;
    assert.deepEqual(
      frames.map((f) => f.length),
      [400, 400, 400],
    );
    assert.ok(frames[2].subarray(200).every((b) => b === 0xff));
  });

  it('a different format in write() is a synchronous StreamingError, not garbled audio', async () => {
    session = new StreamingSession(testOptions(server.url));
    assert.throws(
      () => session?.write(Buffer.alloc(320), { sampleRate: 8000 }),
      (e: unknown) => e instanceof StreamingError && /8000 Hz pcm_s16le but the session streams 16000 Hz pcm_s16le/.test(e.message),
    );
    assert.throws(() => session?.write(Buffer.alloc(320), { encoding: 'pcm_mulaw' }), /pcm_mulaw/);
    assert.throws(
      () => session?.write(Buffer.alloc(320), { sampleRate: 16000, encoding: 'pcm_s16le', channels: 2 } as never),
      /2 channels/,
    );
    assert.throws(() => session?.write('text' as never), /must be a Buffer/);
    session.write(Buffer.alloc(320), { sampleRate: 16000, encoding: 'pcm_s16le' });
    assert.equal(server.connections.length + (session.state === 'connecting' ? 1 : 0) >= 1, true);
  });

  it('keeps audio queued under back-pressure, bounded by bufferSeconds, dropping the oldest with a report', async () => {
    session = new StreamingSession(testOptions(server.url, { policy: 'manual', bufferSeconds: 2, connectTimeoutMs: 20000 }));
    const events = record(session);
    await session.start();
    const c = server.connections[0];
    const socket = (c.ws as unknown as { _socket: import('node:net').Socket })._socket;
    socket.pause(); // the server stops reading: TCP back-pressure
    const chunk = countingPcm(16000);
    let written = 0;
    for (let i = 0; i < 300; i++) {
      session.write(chunk); // 300 s of audio, far beyond the socket buffers
      written += chunk.length;
      assert.ok(session.stats().bufferedMs <= 2000 + 50, `bounded: ${session.stats().bufferedMs} ms`);
    }
    await until(() => events.audioDropped.length > 0);
    const dropped = session.stats().droppedMs;
    assert.ok(dropped > 0);
    assert.equal(events.audioDropped[0][0].totalDroppedMs > 0, true);
    assert.equal(events.audioDropped[0][0].cause, 'back-pressure');
    socket.resume();
    await until(() => session?.stats().bufferedMs === 0, 10000, 'the queue to drain');
    const stats = session.stats();
    assert.equal(stats.bytesSent + Math.round(stats.droppedMs * 32), written, 'every byte is either sent or counted as dropped');
    await c.waitForBytes(stats.bytesSent, 10000);
    assert.equal(c.audioBytes, stats.bytesSent);
  });

  it('drops the oldest audio when more than bufferSeconds arrives while connecting, and sends the newest', async () => {
    server.onConnection((c) => {
      setTimeout(() => c.begin(), 300);
      c.answerTerminate();
    });
    const clock = fakeClock();
    session = new StreamingSession(testOptions(server.url, { bufferSeconds: 0.5, clock }));
    const events = record(session);
    session.write(countingPcm(32000)); // 2 s at once while connecting
    await until(() => events.begin.length === 1);
    // The 0.5 s kept goes out at 1.25x real time: 10 frames, one per 40 ms.
    await clock.tick(400);
    await server.connections[0].waitForBytes(16000);
    await session.stop();
    const sent = Buffer.concat(server.connections[0].frames);
    assert.equal(sent.length, 16000, '0.5 s kept');
    assert.ok(isCountingFrom(sent, 24000), 'the newest 0.5 s, in order');
    assert.equal(session.stats().droppedMs, 1500);
    // The first loss is reported at once, the rest coalesced (at most one report a second).
    assert.deepEqual(
      events.audioDropped.map(([e]) => e.droppedMs),
      [50],
    );
    await clock.tick(599);
    assert.equal(events.audioDropped.length, 1);
    await clock.tick(1);
    assert.deepEqual(
      events.audioDropped.map(([e]) => e.droppedMs),
      [50, 1450],
      'the coalesced report',
    );
    assert.equal(events.audioDropped[events.audioDropped.length - 1][0].totalDroppedMs, 1500);
    assert.ok(events.audioDropped.every(([e]) => e.cause === 'waiting-for-connection'));
  });

  it('after close(), write() throws a clear error', async () => {
    session = new StreamingSession(testOptions(server.url));
    await session.close();
    assert.throws(
      () => session?.write(Buffer.alloc(320)),
      (e: unknown) => e instanceof StreamingError && /closed/.test(e.message),
    );
    assert.throws(() => session?.writeWav(encodeWav(Buffer.alloc(320), { sampleRate: 16000, encoding: 'pcm_s16le' })), /closed/);
    await assert.rejects(session.start(), /closed/);
  });

  it('writeWav adopts the file format while no session is open and streams all of it', async () => {
    session = new StreamingSession(testOptions(server.url));
    const data = Buffer.alloc(8000 * 0.5, 0x33); // 0.5 s of 8 kHz mu-law
    await session.writeWav(encodeWav(data, { sampleRate: 8000, encoding: 'pcm_mulaw' }), { pace: 'fast' });
    const c = server.connections[0];
    assert.equal(c.query.get('sample_rate'), '8000');
    assert.equal(c.query.get('encoding'), 'pcm_mulaw');
    await c.waitForBytes(data.length);
    assert.equal(c.audioBytes, data.length);
    assert.deepEqual(session.audioFormat, { sampleRate: 8000, encoding: 'pcm_mulaw' });
  });

  it('writeWav refuses a sample rate that differs from the open session, and unsupported files', async () => {
    session = new StreamingSession(testOptions(server.url, { policy: 'manual' }));
    await session.start();
    assert.throws(
      () => session?.writeWav(encodeWav(Buffer.alloc(1600), { sampleRate: 8000, encoding: 'pcm_s16le' })),
      (e: unknown) => e instanceof StreamingError && /8000 Hz pcm_s16le but the open session streams 16000 Hz/.test(e.message),
    );
    const stereo = encodeWav(Buffer.alloc(1600), { sampleRate: 16000, encoding: 'pcm_s16le', channels: 2 });
    assert.throws(
      () => session?.writeWav(stereo),
      (e: unknown) => e instanceof StreamingError && /Unsupported WAV file: .*2 channels/.test(e.message),
    );
    assert.throws(() => session?.writeWav(Buffer.from('not a wav file at all')), /Unsupported WAV file/);
  });

  it('writeWav in the manual policy before start() is an error; plain audio is dropped and reported', async () => {
    session = new StreamingSession(testOptions(server.url, { policy: 'manual' }));
    const events = record(session);
    assert.throws(
      () => session?.writeWav(encodeWav(Buffer.alloc(1600), { sampleRate: 16000, encoding: 'pcm_s16le' })),
      /not started; call start\(\)/,
    );
    session.write(Buffer.alloc(3200));
    assert.equal(session.stats().droppedMs, 100);
    assert.deepEqual(events.audioDropped[0][0], { droppedMs: 100, totalDroppedMs: 100, cause: 'not-accepting' });
    assert.equal(server.connections.length, 0);
    assert.equal(session.state, 'idle');
  });
});
