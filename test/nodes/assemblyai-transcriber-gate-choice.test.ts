// The transcriber's speechGate choice -> the session's gate factory: energy,
// adaptive, and neural with its background load, its fallback to adaptive when
// the optional packages are missing (said once), and the switch once loaded.
import assert from 'node:assert/strict';
import { AdaptiveGate } from '../../src/audio/adaptive-gate';
import { SwitchingGate } from '../../src/audio/switching-gate';
import { VoiceModelUnavailableError, type SileroModel } from '../../src/audio/silero-model';
import { readTranscriberSettings } from '../../src/config/transcriber-settings';
import { chooseGate, type GateEvents } from '../../src/nodes/assemblyai-transcriber/speech-gate-choice';
import { Harness } from './support/harness';
import { waitFor } from './support/wait';

const FORMAT = { sampleRate: 16000, encoding: 'pcm_s16le' as const, preRollMs: 500 };

function recorder() {
  const seen: string[] = [];
  const events: GateEvents = {
    loading: () => seen.push('loading'),
    ready: () => seen.push('ready'),
    unavailable: (e) => seen.push(`unavailable: ${e.message}`),
    failed: (e) => seen.push(`failed: ${e.message}`),
  };
  return { seen, events };
}

/** A stand-in for the Silero model: every rated window has the given probability. */
function fakeModel(probability: number): SileroModel {
  return {
    newStream: () => ({ state: { data: null }, context: new Float32Array(64) }),
    skip: () => undefined,
    probability: () => Promise.resolve(probability),
  } as unknown as SileroModel;
}

function loudChunk(ms: number): Buffer {
  const b = Buffer.alloc(32 * ms);
  for (let i = 0; i < b.length / 2; i++) b.writeInt16LE(Math.round(8000 * Math.sin(i / 5)), i * 2);
  return b;
}

describe('assemblyai-transcriber: speech gate choice', () => {
  it('a node that saved no speechGate gets the neural default; bad values are refused', () => {
    const base = { speechModel: 'u3-rt-pro' };
    const unsaved = readTranscriberSettings(base);
    assert.ok(unsaved.ok);
    assert.equal(unsaved.settings.speechGate, 'neural');
    const energy = readTranscriberSettings({ ...base, speechGate: 'energy' });
    assert.ok(energy.ok && energy.settings.speechGate === 'energy');
    const bad = readTranscriberSettings({ ...base, speechGate: 'loud' });
    assert.ok(!bad.ok && bad.errors.some((e) => /speech gate/.test(e)));
  });

  it('energy leaves the session its own gate; adaptive makes an AdaptiveGate', async () => {
    const { seen, events } = recorder();
    assert.equal(chooseGate('energy', events).factory, undefined);
    const adaptive = chooseGate('adaptive', events);
    assert.ok(adaptive.factory?.(FORMAT) instanceof AdaptiveGate);
    await adaptive.settled;
    assert.deepEqual(seen, []);
  });

  it('neural without its packages: says so once, and the adaptive gate decides', async () => {
    const { seen, events } = recorder();
    let loads = 0;
    const choice = chooseGate('neural', events, () => {
      loads++;
      return Promise.reject(new VoiceModelUnavailableError('onnxruntime-web could not be loaded'));
    });
    const gate = choice.factory?.(FORMAT) as SwitchingGate;
    await choice.settled;
    const second = choice.factory?.(FORMAT) as SwitchingGate;
    assert.equal(loads, 1);
    assert.equal(seen.length, 2);
    assert.equal(seen[0], 'loading');
    assert.match(seen[1], /^unavailable: .*onnxruntime-web.*adaptive gate/);
    for (const g of [gate, second]) {
      g.hasSpeech(loudChunk(50));
      assert.equal(g.isNeural, false);
    }
  });

  it('a loader that throws at once is handled like one that rejects (no crash at deploy)', async () => {
    const { seen, events } = recorder();
    const choice = chooseGate('neural', events, () => {
      throw new Error('boom');
    });
    await choice.settled;
    assert.deepEqual(seen, ['loading', 'unavailable: boom']);
  });

  it('neural: adaptive until the model has loaded, then the model decides; the pre-roll is kept across the switch', async () => {
    const { seen, events } = recorder();
    let resolve!: (m: SileroModel) => void;
    const choice = chooseGate('neural', events, () => new Promise<SileroModel>((r) => (resolve = r)));
    const gate = choice.factory?.(FORMAT) as SwitchingGate;
    gate.hold(loudChunk(100));
    assert.equal(gate.hasSpeech(Buffer.alloc(3200)), false);
    assert.equal(gate.isNeural, false);
    resolve(fakeModel(0.9));
    await choice.settled;
    assert.deepEqual(seen, ['loading', 'ready']);
    gate.hasSpeech(loudChunk(100));
    assert.equal(gate.isNeural, true);
    await new Promise((r) => setImmediate(r));
    assert.equal(gate.hasSpeech(loudChunk(100)), true, 'the model said speech');
    assert.equal(gate.heldBytes, 3200, 'the pre-roll held before the switch is still there');
  });
});

describe('assemblyai-transcriber node: the neural gate at deploy', function () {
  this.timeout(60000);
  it('a node with no speechGate saved loads the neural model in the background, saying so in the status, without blocking the deploy', async () => {
    const started = Date.now();
    const h = await Harness.start({ transcriber: { speechGate: '' } });
    try {
      const deployMs = Date.now() - started;
      const first = h.statuses()[0]?.text ?? '';
      assert.equal(first, 'assemblyai-transcriber.status.idleSpeech · assemblyai-transcriber.status.gateLoading');
      await waitFor('the model to load', () => h.lastStatus()?.text === 'assemblyai-transcriber.status.idleSpeech' || undefined, 45000);
      assert.deepEqual(
        h.warnings().filter((w) => /neural/.test(w)),
        [],
        'the optional packages are installed here: no fallback warning',
      );
      assert.ok(deployMs < 5000, `the deploy took ${deployMs} ms`);
    } finally {
      await h.stop();
    }
  });
});
