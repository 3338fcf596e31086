// A real Mosquitto broker for a test: Debian's `mosquitto` on a free loopback
// port with a config of its own in a temp dir, anonymous, no persistence.
// Stopped by its pid; the temp dir is removed.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { findFreePort } from '../../../scripts/demo/node-red-process';
import { waitFor } from '../../nodes/support/wait';

const CANDIDATES = ['/usr/sbin/mosquitto', '/usr/bin/mosquitto', '/usr/local/sbin/mosquitto'];

/** The mosquitto binary, or undefined when it is not installed. */
export function findMosquitto(): string | undefined {
  const fromEnv = process.env.MOSQUITTO_PATH;
  if (fromEnv && fs.existsSync(fromEnv)) return fromEnv;
  const found = CANDIDATES.find((candidate) => fs.existsSync(candidate));
  if (found) return found;
  const which = spawnSync('which', ['mosquitto'], { encoding: 'utf8' });
  return which.status === 0 && which.stdout.trim() ? which.stdout.trim() : undefined;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export interface Broker {
  port: number;
  url: string;
  output(): string;
  stop(): Promise<void>;
}

export async function startMosquitto(binary: string): Promise<Broker> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mosquitto-test-'));
  const port = await findFreePort();
  const config = path.join(dir, 'mosquitto.conf');
  fs.writeFileSync(config, [`listener ${port} 127.0.0.1`, 'allow_anonymous true', 'persistence false', 'log_dest stdout', ''].join('\n'));
  let output = '';
  const child: ChildProcess = spawn(binary, ['-c', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      resolve();
    });
    child.once('error', (err) => {
      output += `\n${err.message}`;
      exited = true;
      resolve();
    });
  });

  const stop = async () => {
    if (!exited && child.pid) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exit;
      clearTimeout(killer);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };

  try {
    let ready = false;
    await waitFor(
      `mosquitto to listen on ${port}`,
      () => {
        if (exited) throw new Error(`mosquitto exited: ${output}`);
        if (!ready) void accepts(port).then((ok) => (ready = ok));
        return ready;
      },
      15000,
      100,
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return { port, url: `mqtt://127.0.0.1:${port}`, output: () => output, stop };
}
