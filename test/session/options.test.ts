import assert from 'node:assert/strict';
import { StreamingSession, StreamingError } from '../../src/session';
import type { StreamingSessionOptions } from '../../src/session/types';

const base: StreamingSessionOptions = { url: 'ws://127.0.0.1:9/v3/ws', apiKey: 'k', params: { speech_model: 'u3-rt-pro' } };

function refuses(overrides: Partial<StreamingSessionOptions> | Record<string, unknown>, message: RegExp): void {
  assert.throws(
    () => new StreamingSession({ ...base, ...overrides }),
    (e: unknown) => e instanceof StreamingError && e.fatal && message.test(e.message),
  );
}

describe('session/options', () => {
  it('accepts a minimal configuration and starts idle, opening nothing', async () => {
    const s = new StreamingSession(base);
    assert.equal(s.state, 'idle');
    assert.equal(s.info, undefined);
    assert.deepEqual(s.audioFormat, { sampleRate: 16000, encoding: 'pcm_s16le' });
    assert.equal(s.stats().connectionsOpened, 0);
    await s.close();
  });

  it('refuses bad options with a clear StreamingError', () => {
    refuses({ url: 'http://x/v3/ws' }, /ws:\/\/ or wss:\/\//);
    refuses({ url: 'not a url' }, /not a valid URL/);
    refuses({ url: 'wss://x/v3/ws?token=abc' }, /must not carry a token/);
    refuses({ apiKey: undefined }, /API key/);
    refuses({ apiKey: '  ' }, /API key/);
    refuses({ getToken: async () => 't' }, /not both/);
    refuses({ params: {} }, /speech_model is required/);
    refuses({ params: { speech_model: 'u3-rt-pro', token: 'x' } }, /must not hold a token/);
    refuses({ params: { speech_model: 'u3-rt-pro', sample_rate: 8000 } }, /differs from the sampleRate/);
    refuses({ params: { speech_model: 'u3-rt-pro', max_speakers: Number.NaN } }, /finite/);
    refuses({ frameMs: 20 }, /frameMs/);
    refuses({ frameMs: 1500 }, /frameMs/);
    refuses({ sampleRate: 7999 }, /sampleRate/);
    refuses({ sampleRate: 16000.5 }, /sampleRate/);
    refuses({ encoding: 'opus' as never }, /encoding/);
    refuses({ policy: 'sometimes' as never }, /policy/);
    refuses({ idleSeconds: 0 }, /idleSeconds/);
    refuses({ bufferSeconds: -1 }, /bufferSeconds/);
    refuses({ connectTimeoutMs: 0 }, /connectTimeoutMs/);
    refuses({ retry: { maxAttempts: 1.5 } }, /maxAttempts/);
  });

  it('tolerates params that merely repeat sample_rate and encoding', async () => {
    const s = new StreamingSession({
      ...base,
      sampleRate: 8000,
      encoding: 'pcm_mulaw',
      params: { speech_model: 'u3-rt-pro', sample_rate: 8000, encoding: 'pcm_mulaw' },
    });
    assert.deepEqual(s.audioFormat, { sampleRate: 8000, encoding: 'pcm_mulaw' });
    await s.close();
  });
});
