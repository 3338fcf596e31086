import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BeginEvent, SpeechStartedEvent, TurnEvent } from 'assemblyai';
import { startSimulator, type Simulator } from '../../src/sim';
import { connect, speechPcm } from './helpers';

const SDK_CLIENT = path.join(__dirname, 'fixtures', 'sdk-client.cjs');

/** What fixtures/sdk-client.cjs prints: what the SDK saw, or why it failed. */
interface SdkSeen {
  failed?: undefined;
  begin: BeginEvent;
  turns: TurnEvent[];
  speechStarted: SpeechStartedEvent[];
  errors: string[];
  closes: Array<{ code: number; reason: string }>;
  token: string | null;
}
interface SdkFailure {
  failed: string;
  code?: unknown;
}
type SdkReport = SdkSeen | SdkFailure;

function runSdkClient(env: Record<string, string>): Promise<SdkReport> {
  return new Promise((resolve, reject) => {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
    if (!('NODE_EXTRA_CA_CERTS' in env)) delete childEnv.NODE_EXTRA_CA_CERTS;
    execFile(process.execPath, [SDK_CLIENT], { env: childEnv, timeout: 30000 }, (error, stdout, stderr) => {
      const line = stdout
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .at(-1);
      if (!line) {
        reject(new Error(`sdk client printed nothing: ${error?.message ?? ''}\n${stderr}`));
        return;
      }
      resolve(JSON.parse(line) as SdkReport);
    });
  });
}

describe('sim: TLS and the official assemblyai SDK', function () {
  this.timeout(60000);
  let sim: Simulator;
  let dir: string;
  let certFile: string;
  let audioFile: string;
  before(async () => {
    sim = await startSimulator({ tls: true, keys: ['sdk-key'], script: ['Turn off the lights.'] });
    dir = mkdtempSync(path.join(tmpdir(), 'aai-sim-'));
    certFile = path.join(dir, 'sim-cert.pem');
    audioFile = path.join(dir, 'speech.pcm');
    writeFileSync(certFile, sim.certPem ?? '');
    writeFileSync(audioFile, speechPcm([{ silenceMs: 300 }, { speechMs: 1500 }, { silenceMs: 1600 }]));
  });
  after(async () => {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves wss:// and https:// with a self-signed certificate that a client can pin', async () => {
    assert.match(sim.url, /^wss:\/\/127\.0\.0\.1:\d+\/v3\/ws$/);
    assert.match(sim.tokenUrl, /^https:\/\/127\.0\.0\.1:\d+\/v3\/token$/);
    assert.match(sim.certPem ?? '', /^-----BEGIN CERTIFICATE-----/);
    const trusted = connect(sim.url, { key: 'sdk-key', ca: sim.certPem });
    await trusted.waitForType('Begin');
    trusted.terminate();
    const untrusted = connect(sim.url, { key: 'sdk-key' });
    await untrusted.closedWithin();
    assert.equal(untrusted.messages.length, 0, 'a client that does not trust the certificate cannot connect');
  });

  it('the SDK (API key in the header) connects, gets Begin, partials, the formatted final, and closes cleanly', async () => {
    const seen = await runSdkClient({
      NODE_EXTRA_CA_CERTS: certFile,
      SIM_URL: sim.url,
      SIM_BASE: sim.baseUrl,
      SIM_KEY: 'sdk-key',
      SIM_AUTH: 'key',
      SIM_MODEL: 'universal-streaming-english',
      SIM_AUDIO: audioFile,
    });
    assert.equal(seen.failed, undefined, JSON.stringify(seen));
    assert.match(seen.begin.id, /^[0-9a-f-]{36}$/);
    const partials = seen.turns.filter((t) => !t.end_of_turn);
    const finals = seen.turns.filter((t) => t.end_of_turn);
    assert.ok(partials.length > 5);
    assert.deepEqual(
      finals.map((t) => [t.turn_is_formatted, t.transcript]),
      [
        [false, 'turn off the lights'],
        [true, 'Turn off the lights.'],
      ],
    );
    assert.deepEqual(seen.errors, []);
    const record = sim.connections().find((r) => r.sessionId === seen.begin.id);
    assert.ok(record);
    assert.equal(record.authorization, 'sdk-key', 'the key travelled in the Authorization header');
    assert.ok(!record.rawQuery.includes('sdk-key'), 'and not in the URL');
    assert.equal(record.query.format_turns, 'true');
    assert.equal(record.terminateReceived, true);
    assert.equal(record.terminatedCleanly, true);
  });

  it('the SDK mints a temporary token over https and streams a U3 session with it', async () => {
    const seen = await runSdkClient({
      NODE_EXTRA_CA_CERTS: certFile,
      SIM_URL: sim.url,
      SIM_BASE: sim.baseUrl,
      SIM_KEY: 'sdk-key',
      SIM_AUTH: 'token',
      SIM_MODEL: 'u3-rt-pro',
      SIM_AUDIO: audioFile,
    });
    assert.equal(seen.failed, undefined, JSON.stringify(seen));
    assert.equal(typeof seen.token, 'string');
    assert.equal(seen.speechStarted.length, 1);
    assert.equal(seen.speechStarted[0].timestamp, 300);
    const finals = seen.turns.filter((t) => t.end_of_turn);
    assert.equal(finals.length, 1);
    assert.equal(finals[0].transcript, 'Turn off the lights.');
    const record = sim.connections().find((r) => r.sessionId === seen.begin.id);
    assert.ok(record);
    assert.equal(record.usedToken, true);
    assert.equal(record.authorization, undefined, 'a token client sends no Authorization header');
    assert.equal(record.query.token, seen.token);
  });

  it('the SDK refuses the simulator without the certificate (no global TLS bypass anywhere)', async () => {
    const seen = await runSdkClient({
      SIM_URL: sim.url,
      SIM_BASE: sim.baseUrl,
      SIM_KEY: 'sdk-key',
      SIM_AUTH: 'key',
      SIM_MODEL: 'universal-streaming-english',
      SIM_AUDIO: audioFile,
    });
    assert.ok(seen.failed, JSON.stringify(seen).slice(0, 300));
    assert.match(seen.failed, /certificate|self[- ]signed/i);
  });

  it('the SDK sees a 1008 auth failure as a rejected connect()', async () => {
    const seen = await runSdkClient({
      NODE_EXTRA_CA_CERTS: certFile,
      SIM_URL: sim.url,
      SIM_BASE: sim.baseUrl,
      SIM_KEY: 'wrong-key',
      SIM_AUTH: 'key',
      SIM_MODEL: 'universal-streaming-english',
      SIM_AUDIO: audioFile,
    });
    assert.match(seen.failed ?? '', /Unauthorized Connection: Invalid API key/);
  });
});
