// The session library checks its options on its own (it runs without
// Node-RED); the transcriber's field table must not offer what the session
// refuses, nor refuse what it takes: the two meet at every range's edges.
import assert from 'node:assert/strict';
import { SESSION_POLICIES, TRANSCRIBER_DEFAULTS, TRANSCRIBER_FIELDS, TRANSCRIBER_RANGES } from '../../src/config/node-fields';
import { readTranscriberSettings } from '../../src/config/transcriber-settings';
import { CONNECTION_PARAMETERS } from '../../src/protocol/params';
import { DEFAULTS, MAX_SAMPLE_RATE, MIN_SAMPLE_RATE, resolveOptions } from '../../src/session/options';
import type { StreamingSessionOptions } from '../../src/session/types';

const BASE: StreamingSessionOptions = { url: 'ws://127.0.0.1:9/v3/ws', apiKey: 'k', params: { speech_model: 'universal-3-5-pro' } };

function sessionTakes(options: Partial<StreamingSessionOptions>): boolean {
  try {
    resolveOptions({ ...BASE, ...options });
    return true;
  } catch {
    return false;
  }
}

describe('transcriber fields and the session library agree', () => {
  it('on the sample-rate range (the protocol table, the session, the field)', () => {
    assert.equal(CONNECTION_PARAMETERS.sample_rate.min, MIN_SAMPLE_RATE);
    assert.equal(CONNECTION_PARAMETERS.sample_rate.max, MAX_SAMPLE_RATE);
    assert.deepEqual([TRANSCRIBER_RANGES.sampleRate.min, TRANSCRIBER_RANGES.sampleRate.max], [MIN_SAMPLE_RATE, MAX_SAMPLE_RATE]);
  });

  const edges: Array<{ field: 'sampleRate' | 'frameMs' | 'speechThresholdDbfs' | 'preRollMs'; option: keyof StreamingSessionOptions }> = [
    { field: 'sampleRate', option: 'sampleRate' },
    { field: 'frameMs', option: 'frameMs' },
    { field: 'speechThresholdDbfs', option: 'speechThresholdDbfs' },
    { field: 'preRollMs', option: 'preRollMs' },
  ];
  for (const { field, option } of edges) {
    it(`on ${field}: what the field accepts at its edges, the session takes, and the step past them both refuse`, () => {
      const { min, max } = TRANSCRIBER_RANGES[field] as { min: number; max: number };
      for (const [value, expected] of [
        [min, true],
        [max, true],
        [min - 1, false],
        [max + 1, false],
      ] as const) {
        const node = readTranscriberSettings({ speechModel: 'universal-3-5-pro', [field]: value }).ok;
        assert.equal(node, expected, `field ${field} = ${value}`);
        if (field === 'preRollMs' && value < 0) continue; // the session names that fault differently, but refuses it too
        assert.equal(sessionTakes({ [option]: value }), expected, `session ${option} = ${value}`);
      }
    });
  }

  it('on the policies and on the defaults both share', () => {
    for (const policy of SESSION_POLICIES) assert.ok(sessionTakes({ policy }), policy);
    for (const key of ['sampleRate', 'encoding', 'frameMs', 'policy', 'idleSeconds', 'speechThresholdDbfs', 'preRollMs'] as const) {
      assert.deepEqual(TRANSCRIBER_DEFAULTS[key], DEFAULTS[key], key);
    }
    // The node opens on speech (a microphone streams silence all day); the library, on any audio.
    assert.equal(TRANSCRIBER_FIELDS.openOn.value, 'speech');
    assert.equal(DEFAULTS.openOn, 'audio');
  });
});
