import assert from 'node:assert/strict';
import { buildConnectionUrl, encodeParamValue, redactUrl } from '../../src/protocol/url';

function query(url: string): URLSearchParams {
  return new URL(url).searchParams;
}

describe('protocol/url', () => {
  it('encodes values in wire form: lower-case booleans, numbers as written, JSON for lists and objects', () => {
    assert.equal(encodeParamValue('a', true), 'true');
    assert.equal(encodeParamValue('a', false), 'false');
    assert.equal(encodeParamValue('a', 0), '0');
    assert.equal(encodeParamValue('a', 0.45), '0.45');
    assert.equal(encodeParamValue('a', ''), '');
    assert.equal(encodeParamValue('a', ['hi there', 'x"y']), '["hi there","x\\"y"]');
    assert.equal(encodeParamValue('a', { model: 'm', max_tokens: 5 }), '{"model":"m","max_tokens":5}');
    assert.equal(encodeParamValue('a', undefined), undefined);
    assert.throws(() => encodeParamValue('a', Number.NaN), /finite/);
    assert.throws(() => encodeParamValue('a', () => 1), /unsupported type/);
  });

  it('sends every parameter set, 0 and false included, plus sample_rate and encoding, and nothing else', () => {
    const url = buildConnectionUrl({
      baseUrl: 'wss://streaming.assemblyai.com/v3/ws',
      params: {
        speech_model: 'universal-streaming-english',
        format_turns: false,
        end_of_turn_confidence_threshold: 0,
        keyterms_prompt: ['Node-RED', 'AssemblyAI'],
        llm_gateway: { model: 'x', messages: [{ role: 'user', content: 'a&b=c' }] },
        prompt: 'café & co',
      },
      sampleRate: 8000,
      encoding: 'pcm_mulaw',
    });
    const q = query(url);
    assert.deepEqual([...q.keys()].sort(), [
      'encoding',
      'end_of_turn_confidence_threshold',
      'format_turns',
      'keyterms_prompt',
      'llm_gateway',
      'prompt',
      'sample_rate',
      'speech_model',
    ]);
    assert.equal(q.get('format_turns'), 'false');
    assert.equal(q.get('end_of_turn_confidence_threshold'), '0');
    assert.deepEqual(JSON.parse(q.get('keyterms_prompt') as string), ['Node-RED', 'AssemblyAI']);
    const gateway = JSON.parse(q.get('llm_gateway') as string) as { messages: Array<{ content: unknown }> };
    assert.equal(gateway.messages[0].content, 'a&b=c');
    assert.equal(q.get('prompt'), 'café & co');
    assert.equal(q.get('sample_rate'), '8000');
    assert.equal(q.get('encoding'), 'pcm_mulaw');
    assert.ok(!url.includes('+'), 'spaces are %20, not +');
  });

  it('adds a temporary token only as `token`, and keeps a base query', () => {
    const url = buildConnectionUrl({
      baseUrl: 'ws://127.0.0.1:9/v3/ws?x=1',
      params: { speech_model: 'u3-rt-pro' },
      sampleRate: 16000,
      encoding: 'pcm_s16le',
      token: 'tok/en=',
    });
    const q = query(url);
    assert.equal(q.get('token'), 'tok/en=');
    assert.equal(q.get('x'), '1');
    assert.equal(redactUrl(url).includes('tok%2Fen'), false);
    assert.match(redactUrl(url), /token=\*\*\*/);
  });

  it('refuses parameters the session sets itself', () => {
    for (const name of ['sample_rate', 'encoding', 'token']) {
      assert.throws(
        () => buildConnectionUrl({ baseUrl: 'ws://h/v3/ws', params: { [name]: 'x' }, sampleRate: 16000, encoding: 'pcm_s16le' }),
        /set by the session/,
      );
    }
  });

  it('leaves out parameters given as undefined or null', () => {
    const url = buildConnectionUrl({
      baseUrl: 'ws://h/v3/ws',
      params: { speech_model: 'm', prompt: undefined, max_speakers: null },
      sampleRate: 16000,
      encoding: 'pcm_s16le',
    });
    assert.deepEqual([...query(url).keys()].sort(), ['encoding', 'sample_rate', 'speech_model']);
  });
});
