// Which model a transcriber runs: the one it saved, always sent as
// speech_model; a node that saved none keeps the model such nodes always ran
// (universal-streaming-english) and warns; a new node gets universal-3-5-pro.
// Checked on the wire, against the simulator.
import assert from 'node:assert/strict';
import { DEFAULT_SPEECH_MODEL, EDITOR_SPEECH_MODELS, UNSAVED_SPEECH_MODEL } from '../../src/config/model-fields';
import { NODE_FIELDS } from '../../src/config/node-fields';
import { readTranscriberSettings } from '../../src/config/transcriber-settings';
import { modelFamily, SPEECH_MODELS, U3_MODELS, UNIVERSAL_STREAMING_MODELS } from '../../src/protocol/params';
import { awaitsFormattedTurn, isSingleFinalModel, isUniversalStreamingModel } from '../../src/protocol/speech-models';
import { Harness, type FlowNode } from '../nodes/support/harness';
import { waitFor } from '../nodes/support/wait';

/** ../shared/assemblyai-v3.md §1.4, speech_model: [PY SpeechModel] and, at [L], universal-3-6-pro. */
const SECTION_1_4_MODELS = [
  'universal-streaming-english',
  'universal-streaming-multilingual',
  'u3-rt-pro',
  'u3-rt-pro-beta-1',
  'universal-3-5-pro',
  'whisper-rt',
  'u3-pro',
  'universal-3-6-pro',
];

function transcriber(id: string, fields: Record<string, unknown>): FlowNode {
  return { id, type: 'assemblyai-transcriber', z: 'f1', name: '', account: 'acc', policy: 'always', ...fields, wires: [[], []] };
}

describe('the speech model list and the model a node runs', function () {
  this.timeout(30000);
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('knows exactly the models of §1.4, lists the default first, and sorts them into two families', () => {
    assert.deepEqual([...SPEECH_MODELS].sort(), [...SECTION_1_4_MODELS].sort());
    assert.equal(EDITOR_SPEECH_MODELS[0], DEFAULT_SPEECH_MODEL);
    assert.equal(DEFAULT_SPEECH_MODEL, 'universal-3-5-pro');
    assert.equal(modelFamily(DEFAULT_SPEECH_MODEL), 'u3');
    assert.ok(EDITOR_SPEECH_MODELS.includes(UNSAVED_SPEECH_MODEL));
    assert.equal(NODE_FIELDS['assemblyai-transcriber'].speechModel.value, DEFAULT_SPEECH_MODEL);
    assert.ok(!EDITOR_SPEECH_MODELS.includes('u3-pro'), 'the deprecated alias is not offered');
  });

  it('derives every family test from the one list; names it does not know go by their prefix', () => {
    assert.deepEqual([...UNIVERSAL_STREAMING_MODELS], ['universal-streaming-english', 'universal-streaming-multilingual']);
    assert.deepEqual([...U3_MODELS].sort(), SECTION_1_4_MODELS.filter((m) => !m.startsWith('universal-streaming')).sort());
    for (const model of SPEECH_MODELS) {
      const us = modelFamily(model) === 'universal-streaming';
      assert.equal(isUniversalStreamingModel(model), us, model);
      assert.equal(isSingleFinalModel(model), !us, model);
      assert.equal(awaitsFormattedTurn({ speech_model: model, format_turns: true }), us, model);
    }
    assert.equal(modelFamily('universal-streaming-spanish'), 'universal-streaming');
    assert.equal(modelFamily('universal-4-pro'), 'u3');
    assert.ok(!isSingleFinalModel('some-future-model'));
    assert.ok(!SPEECH_MODELS.includes('universal-3-6' as never), 'a name without a public source');
  });

  it('reads a missing or blank model as universal-streaming-english with a warning, a saved one as saved', () => {
    for (const config of [{}, { speechModel: '' }, { speechModel: '  ' }, { speechModel: null }]) {
      const result = readTranscriberSettings(config);
      assert.ok(result.ok);
      if (!result.ok) continue;
      assert.equal(result.settings.params.speech_model, UNSAVED_SPEECH_MODEL);
      assert.match(result.warnings.join('\n'), /no speech model saved: running universal-streaming-english/);
    }
    for (const model of ['universal-streaming-english', 'universal-3-5-pro', 'u3-rt-pro', 'universal-4-pro']) {
      const result = readTranscriberSettings({ speechModel: model });
      assert.ok(result.ok && result.settings.params.speech_model === model, model);
      if (result.ok) assert.ok(!result.warnings.some((w) => /no speech model saved/.test(w)), model);
    }
  });

  it('sends speech_model on every connection: the saved one, or universal-streaming-english when none was saved', async () => {
    h = await Harness.start({
      transcriber: { policy: 'always', speechModel: undefined },
      extraNodes: [
        transcriber('blank', { speechModel: '' }),
        transcriber('u35', { speechModel: 'universal-3-5-pro' }),
        transcriber('use', { speechModel: 'universal-streaming-english' }),
        transcriber('u3', { speechModel: 'u3-rt-pro' }),
      ],
    });
    await waitFor('five sessions', () => h?.sim?.stats().openNow === 5, 10000);
    const models = (h.sim?.connections() ?? []).map((c) => c.query.speech_model).sort();
    assert.deepEqual(models, [
      'u3-rt-pro',
      'universal-3-5-pro',
      'universal-streaming-english',
      'universal-streaming-english',
      'universal-streaming-english',
    ]);
    assert.ok(
      h.warnings().some((w) => /no speech model saved: running universal-streaming-english/.test(w)),
      `no warning for the node without a model: ${JSON.stringify(h.warnings())}`,
    );
  });
});
