// Example 09 (spoken reply, muted while it plays): its wiring, and on the
// simulator that the reply's audio, written while muted, never reaches a
// session and never comes back as a turn.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { readAccountSettings, type AccountConfig } from '../../src/config/account-settings';
import { readTranscriberSettings, type TranscriberConfig } from '../../src/config/transcriber-settings';
import { Harness } from './support/harness';
import { pcmBytes, samplesOf, tone } from './support/audio';
import { waitFor } from './support/wait';

type FlowNode = { id: string; type: string; z?: string; wires?: string[][]; [key: string]: unknown };

const flow = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../examples/09-spoken-reply-muted.json'), 'utf8')) as FlowNode[];
const byId = new Map(flow.map((n) => [n.id, n]));
const one = (type: string) => flow.filter((n) => n.type === type);
const target = (node: FlowNode, port = 0) => (node.wires?.[port] ?? []).map((id) => byId.get(id) as FlowNode);

describe('example 09-spoken-reply-muted', function () {
  this.timeout(30000);
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('mutes the transcriber before espeak-ng speaks and unmutes it when espeak-ng exits', () => {
    const [transcriber] = one('assemblyai-transcriber');
    const [account] = one('assemblyai-account');
    assert.equal(transcriber.account, account.id);
    assert.equal(readAccountSettings(account as AccountConfig).ok, true);
    const settings = readTranscriberSettings(transcriber as TranscriberConfig);
    assert.ok(settings.ok, settings.ok ? '' : settings.errors.join('; '));
    assert.deepEqual(target(one('assemblyai-microphone')[0]), [transcriber]);
    const [finals] = target(transcriber);
    assert.equal(finals.type, 'switch');
    assert.equal(finals.property, 'turn.final');
    const [reply] = target(finals);
    const [mute] = target(reply);
    assert.deepEqual((mute.rules as Array<{ p: string; to: string }>).find((r) => r.p === 'action')?.to, 'mute');
    const muteTargets = target(mute);
    assert.equal(muteTargets[0], transcriber, 'the mute goes to the transcriber first');
    const exec = muteTargets[1];
    assert.equal(exec.type, 'exec');
    assert.match(String(exec.command), /^espeak-ng\b/);
    assert.equal(exec.addpay, 'payload');
    const [unmute] = target(exec, 2); // the return code: espeak-ng has finished
    assert.deepEqual((unmute.rules as Array<{ p: string; to: string }>).find((r) => r.p === 'action')?.to, 'unmute');
    assert.deepEqual(target(unmute), [transcriber]);
    assert.ok(String(one('comment')[0].info).includes('assemblyai-sim'));
  });

  it('on the simulator: the reply written while muted never reaches a session or comes back as a turn', async () => {
    const [transcriber] = one('assemblyai-transcriber');
    const fields = Object.fromEntries(
      Object.entries(transcriber).filter(([k]) => !['id', 'type', 'z', 'x', 'y', 'wires', 'account', 'name'].includes(k)),
    );
    // The simulator's "speech" is a tone burst, which the neural gate rightly does not take for a voice.
    // What is muted is the point, not the pace: the microphone's audio is written at 4x real time and
    // the node sends at 10x (its highest rate) to a strict simulator that allows 10x. Mute and the
    // energy gate act on the audio written, not on the clock.
    h = await Harness.start({
      simulator: { script: ['What time is it?', 'You said what time is it'], timing: { strictFactor: 10 } },
      transcriber: { ...fields, speechGate: 'energy', maxTurnSilence: '600', maxSendRate: 10 },
    });
    const harness = h;
    const stream = (bytes: Buffer) => harness.stream(bytes, 50, 4 * 32); // 200 ms of audio every 50 ms
    const command = pcmBytes(samplesOf([{ silenceMs: 300 }, { speechMs: 800 }, { silenceMs: 900 }]));
    await stream(command);
    const [final] = await h.waitForFinals(1);
    assert.equal(final.payload, 'What time is it?');
    const received = () => h?.sim?.connections().reduce((n, c) => n + c.samplesReceived, 0) ?? 0;
    // The command's last frames may still be on their way (paced): count from when all of it has arrived.
    await waitFor('the whole command at the simulator', () => received() >= command.length / 2 || undefined, 10000);
    const before = received();
    // What the flow does: "mute" to the transcriber, espeak-ng plays (its sound reaches the microphone), "unmute" at its exit.
    assert.equal(await h.sendAndWait({ action: 'mute', payload: '"You said what time is it"' }), undefined);
    await stream(pcmBytes(samplesOf([{ speechMs: 1200 }, { silenceMs: 100 }]))); // the reply, as the microphone hears it
    await stream(pcmBytes(tone(300, 16000, 4000)));
    assert.equal(await h.sendAndWait({ action: 'unmute' }), undefined);
    await stream(pcmBytes(samplesOf([{ silenceMs: 1500 }])));
    const after = received();
    const silenceAfterUnmute = 16 * 1500;
    assert.ok(after - before <= silenceAfterUnmute, `${after - before - silenceAfterUnmute} samples of the reply reached a session`);
    await new Promise((resolve) => setTimeout(resolve, 800));
    assert.equal(h.finals().length, 1, 'the reply came back as a turn');
    assert.ok(!h.warnings().some((w) => /audio dropped/.test(w)));
    // Unmuted, the next command is heard.
    await stream(command);
    await waitFor('the next command', () => (h?.finals().length ?? 0) >= 2 || undefined, 15000);
  });
});
