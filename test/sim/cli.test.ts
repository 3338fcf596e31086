import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseCliArgs } from '../../src/sim/cli-args';
import { parseScriptText } from '../../src/sim/script';
import { connect, frames, speechPcm } from './helpers';

const root = path.resolve(__dirname, '..', '..');
const builtCli = path.join(root, 'dist', 'sim', 'cli.js');

/** The built CLI (what `npx assemblyai-sim` runs); the source through tsx when dist/ is not built. */
function spawnCli(args: string[]): ChildProcess {
  if (existsSync(builtCli)) return spawn(process.execPath, [builtCli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  return spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src', 'sim', 'cli.ts'), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: root,
  });
}

function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs = 15000): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`no ${pattern} in output: ${text}`)), timeoutMs);
    child.stdout!.on('data', (d) => {
      text += d;
      const m = pattern.exec(text);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    });
    child.once('exit', () => reject(new Error(`exited early: ${text}`)));
  });
}

function exited(child: ChildProcess): Promise<{ code: number | null; output: string }> {
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

describe('sim: assemblyai-sim CLI', function () {
  this.timeout(40000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'aai-sim-cli-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints its URLs, serves scripted turns, and shuts down cleanly on SIGTERM', async () => {
    const script = path.join(dir, 'script.txt');
    writeFileSync(script, '# demo\nOpen the garage door.\n\n[B] Close it again.\n');
    const child = spawnCli(['--port', '0', '--key', 'cli-key', '--script', script]);
    try {
      const [, url] = await waitForOutput(child, /url: (ws:\/\/127\.0\.0\.1:\d+\/v3\/ws)\n/);
      const done = exited(child);
      const wrong = connect(url, { key: 'other' });
      assert.equal((await wrong.closedWithin()).code, 1008);
      const c = connect(url, {
        key: 'cli-key',
        query: { speech_model: 'universal-streaming-english', sample_rate: 16000, speaker_labels: true },
      });
      await c.waitForType('Begin');
      await c.sendPaced(frames(speechPcm([{ speechMs: 1200 }, { silenceMs: 600 }]), 1600), 50, 4);
      const eot = await c.waitForMatch('Turn', (m) => m.end_of_turn, 5000, 'end of turn');
      assert.equal(eot.transcript, 'open the garage door');
      c.sendJson({ type: 'Terminate' });
      assert.equal((await c.closedWithin()).code, 1000);
      child.kill('SIGTERM');
      const { code, output } = await done;
      assert.equal(code, 0);
      assert.match(output, /SIGTERM, shutting down/);
      assert.match(output, /closed \(1 session\(s\)/);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('with --tls --cert-out serves wss:// with the certificate it wrote', async () => {
    const cert = path.join(dir, 'cert.pem');
    const child = spawnCli(['--port', '0', '--tls', '--cert-out', cert, '--quiet']);
    try {
      const [, url] = await waitForOutput(child, /url: (wss:\/\/127\.0\.0\.1:\d+\/v3\/ws)\n/);
      const done = exited(child);
      const c = connect(url, { ca: readFileSync(cert, 'utf8') });
      await c.waitForType('Begin');
      c.terminate();
      child.kill('SIGINT');
      assert.equal((await done).code, 0);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('prints help, and exits 2 on a bad option', async () => {
    const help = spawnCli(['--help']);
    const h = await exited(help);
    assert.equal(h.code, 0);
    assert.match(h.output, /Usage: assemblyai-sim/);
    const bad = spawnCli(['--port', 'x']);
    assert.equal((await exited(bad)).code, 2);
  });

  describe('argument parsing', () => {
    it('maps flags to simulator options', () => {
      const args = parseCliArgs([
        '--port',
        '8765',
        '--host=127.0.0.2',
        '--tls',
        '--key',
        'a',
        '--key',
        'b',
        '--auth-failure',
        'http-401',
        '--max-session-seconds',
        '60',
        '--rate-rule',
        'strict',
        '--max-buffered-seconds',
        '10',
        '--no-require-speech-model',
        '--allow-non-loopback',
      ]);
      assert.deepEqual(args.options, {
        port: 8765,
        host: '127.0.0.2',
        tls: true,
        keys: ['a', 'b'],
        authFailure: 'http-401',
        maxSessionSeconds: 60,
        rateRule: 'strict',
        requireSpeechModel: false,
        allowNonLoopback: true,
        timing: { maxBufferedSeconds: 10 },
      });
    });
    it('maps the strict-rule and Termination-delay flags to timing', () => {
      const args = parseCliArgs([
        '--rate-rule=strict',
        '--strict-factor',
        '1.5',
        '--strict-burst-seconds',
        '3',
        '--termination-delay-ms',
        '0',
      ]);
      assert.deepEqual(args.options, { rateRule: 'strict', timing: { strictFactor: 1.5, strictBurstSeconds: 3, terminationDelayMs: 0 } });
    });
    for (const bad of [
      ['--port'],
      ['--port', '70000'],
      ['--auth-failure', 'maybe'],
      ['--rate-rule', 'fast'],
      ['--cert-out', 'x'],
      ['--what'],
      ['--strict-factor', '0'],
      ['--strict-factor', 'x'],
      ['--termination-delay-ms', '-1'],
    ]) {
      it(`refuses ${bad.join(' ')}`, () => assert.throws(() => parseCliArgs(bad)));
    }
  });

  describe('script files', () => {
    it('reads plain text: one utterance a line, # comments, [speaker] prefixes', () => {
      assert.deepEqual(parseScriptText('# c\nHello there.\n\n  [B] Hi!  \r\n'), [{ text: 'Hello there.' }, { text: 'Hi!', speaker: 'B' }]);
    });
    it('reads relabels and revised speakers from JSON objects, dropping malformed relabels', () => {
      const text = JSON.stringify([
        {
          text: 'a b',
          relabel: [
            { turnOrder: 0, speaker: 'B' },
            { turnOrder: 'x', speaker: 'C' },
          ],
          revisedSpeaker: 'D',
        },
      ]);
      assert.deepEqual(parseScriptText(text), [{ text: 'a b', relabel: [{ turnOrder: 0, speaker: 'B' }], revisedSpeaker: 'D' }]);
    });
    it('reads a JSON array of strings or objects', () => {
      assert.deepEqual(parseScriptText('["One.", {"text": "Dos.", "speaker": "B", "language": "es"}]'), [
        { text: 'One.' },
        { text: 'Dos.', speaker: 'B', language: 'es' },
      ]);
      assert.throws(() => parseScriptText('[1, 2]'), /item 0/);
    });
  });
});
