// `npm start` without an API key, as a newcomer runs it: the launcher starts
// Node-RED with the package and the simulator, the demo's turns reach the
// debug sidebar's feed, and Ctrl+C stops everything.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { findFreePort } from '../../scripts/demo/node-red-process';
import { projectRoot } from '../../scripts/demo/paths';
import { readDemoScript } from '../../scripts/demo/simulator';
import { listenToDebug, type DebugListener } from './support/comms';

function waitForOutput(child: ChildProcess, pattern: RegExp, output: { text: string }, timeoutMs: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = output.text.match(pattern);
      if (match) {
        done();
        resolve(match);
      }
    };
    const onExit = (code: number | null) => {
      done();
      reject(new Error(`launcher exited (${code}) before printing ${pattern}:\n${output.text}`));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${output.text}`));
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      child.stdout?.off('data', check);
      child.off('exit', onExit);
    };
    child.stdout?.on('data', check);
    child.once('exit', onExit);
    check();
  });
}

/** Lower-case words without punctuation: the filter passes on its normalized text. */
function words(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9 ]/g, '')
    .trim();
}

function portAcceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('npm start (offline demo)', function () {
  this.timeout(120000);
  let userDir: string;
  let launcher: ChildProcess | undefined;
  let debug: DebugListener | undefined;
  const output = { text: '' };

  before(function () {
    userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-start-'));
  });

  after(function () {
    debug?.close();
    if (launcher && launcher.exitCode === null) launcher.kill('SIGKILL');
    fs.rmSync(userDir, { recursive: true, force: true });
  });

  it('starts Node-RED and the simulator, plays the sample into the demo flow, and stops on Ctrl+C', async function () {
    const port = await findFreePort();
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), DEMO_USER_DIR: userDir };
    delete env.ASSEMBLYAI_API_KEY;
    launcher = spawn(process.execPath, [path.join(projectRoot, 'scripts', 'start.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    launcher.stdout?.on('data', (chunk: Buffer) => (output.text += chunk.toString()));
    launcher.stderr?.on('data', (chunk: Buffer) => (output.text += chunk.toString()));

    await waitForOutput(launcher, /Mode: SIMULATOR[\s\S]*Stop: Ctrl\+C/, output, 90000);
    assert.match(output.text, new RegExp(`http://127\\.0\\.0\\.1:${port}/`));
    assert.match(output.text, /ASSEMBLYAI_API_KEY=<your key> npm start/, 'the console tells how to switch to live mode');
    const simulatorPort = Number(output.text.match(/simulator at ws:\/\/127\.0\.0\.1:(\d+)\//)?.[1]);
    assert.ok(simulatorPort > 0, 'the console names the simulator URL');

    // The user directory is the one asked for, with the package linked in, and no key anywhere.
    const link = path.join(userDir, 'node_modules', '@livevoice', 'node-red-assemblyai');
    assert.equal(fs.realpathSync(link), fs.realpathSync(projectRoot));
    const credentials = fs.readFileSync(path.join(userDir, 'flows-simulator_cred.json'), 'utf8');
    assert.match(credentials, /"\$\{ASSEMBLYAI_SIM_KEY\}"/);

    debug = await listenToDebug(`http://127.0.0.1:${port}`);
    const firstSentence = readDemoScript()[0];
    // The turn filter routes "Turn on the kitchen lights." to its "turn on" output.
    const turn = await debug.waitFor((m) => m.name === 'command: turn on', 60000);
    assert.equal(words(turn.msg), words(firstSentence));

    launcher.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => launcher!.once('exit', (c) => resolve(c)));
    assert.equal(code, 0, output.text);
    assert.match(output.text, /Stopped Node-RED and the simulator/);
    assert.equal(await portAcceptsConnections(port), false, 'Node-RED still listens');
    assert.equal(await portAcceptsConnections(simulatorPort), false, 'the simulator still listens');
  });
});
