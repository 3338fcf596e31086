// A real capture device on a machine without a sound card: a private
// PulseAudio daemon whose pipe source reads 16 kHz mono s16le from a FIFO
// (see node-red-notes §G). pvrecorder lists it as "Unix FIFO source <fifo>"
// and records it like any microphone. Each instance has its own runtime
// folder, socket and FIFO, so parallel runs do not meet; the daemon is
// stopped by its pid.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Feeder {
  /** Resolves when everything was written (or the feeder was stopped). */
  readonly done: Promise<void>;
  stop(): void;
}

export interface VirtualMic {
  /** The device name pvrecorder lists for this source. */
  readonly deviceName: string;
  readonly fifoPath: string;
  /** PULSE_SERVER value of this daemon. */
  readonly server: string;
  readonly pid: number;
  /** What the daemon has logged (warnings and errors), for failure messages. */
  log(): string;
  /** Writes PCM s16le 16 kHz mono into the source in real time, chunkMs at a time. */
  feed(pcm: Buffer, chunkMs?: number): Feeder;
  /** Stops the daemon and any feeder, removes the files, restores PULSE_SERVER. */
  stop(): Promise<void>;
}

/** Why the real-device tests cannot run here, or undefined when they can. */
export function virtualMicUnavailableReason(): string | undefined {
  if (process.platform !== 'linux') return `PulseAudio virtual microphones are set up on Linux only (this is ${process.platform})`;
  try {
    execFileSync('pulseaudio', ['--version'], { stdio: 'ignore' });
  } catch {
    return 'pulseaudio is not installed (apt-get install pulseaudio pulseaudio-utils)';
  }
  return undefined;
}

// Runs in a separate process so that writing in real time does not depend on
// (or load) the event loop being measured or tested. It writes each chunk at
// its real-time moment and never ahead: the pipe source passes on whatever it
// reads at once, so audio written ahead arrives as a burst, and on a loaded
// machine a burst overflows the capture client's small record buffer, which
// PulseAudio then drops (measured: 3 of 6 runs lost 40-130 ms under `stress
// --cpu 8 --io 2 --vm 2` with 500 ms written ahead, 0 of 8 in real time).
// A late chunk leaves no gap: the pipe source inserts no silence, the device
// simply waits.
const FEEDER_SCRIPT = `
const fs = require('fs');
const [fifo, file, chunkMsArg] = process.argv.slice(1);
const chunkMs = Number(chunkMsArg);
const pcm = fs.readFileSync(file);
const chunkBytes = chunkMs * 32;
const fd = fs.openSync(fifo, 'w');
const started = Date.now();
let offset = 0;
let chunks = 0;
function tick() {
  if (offset >= pcm.length) { fs.closeSync(fd); return; }
  fs.writeSync(fd, pcm.subarray(offset, offset + chunkBytes));
  offset += chunkBytes;
  chunks++;
  setTimeout(tick, Math.max(0, started + chunks * chunkMs - Date.now()));
}
tick();
`;

async function waitUntil(what: string, check: () => boolean, timeoutMs: number, daemon: ChildProcess, log: () => string) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (daemon.exitCode !== null || daemon.signalCode !== null) throw new Error(`pulseaudio exited before ${what}:\n${log()}`);
    if (Date.now() > deadline) throw new Error(`pulseaudio: no ${what} after ${timeoutMs} ms:\n${log()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function kill(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const gone = exited(child);
  try {
    process.kill(child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }, graceMs);
  await gone;
  clearTimeout(timer);
}

/**
 * The audio server and the feeder play in real time: a desktop gives PulseAudio real-time priority
 * (rtkit), and on a loaded test machine without it a starved daemon lets the record buffer overflow.
 * As root (CI) both start at a raised priority (nice -10); otherwise as they are.
 */
const AUDIO_NICE = -10;
const mayRaisePriority = (): boolean => process.platform === 'linux' && process.getuid?.() === 0;

function atAudioPriority(command: string, args: string[]): [string, string[]] {
  return mayRaisePriority() ? ['nice', ['-n', String(AUDIO_NICE), command, ...args]] : [command, args];
}

/**
 * The capturing side at the audio server's priority (as root, Linux): raises this thread's nice
 * value to -10 so that the capture worker and the audio library's threads, started from it later,
 * inherit it. Returns the undo. Elsewhere it does nothing.
 */
export function raiseCapturePriority(): () => void {
  if (!mayRaisePriority()) return () => undefined;
  const before = os.getPriority();
  os.setPriority(AUDIO_NICE);
  return () => os.setPriority(before);
}

export async function startVirtualMic(): Promise<VirtualMic> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'virtmic-'));
  const fifoPath = path.join(dir, 'fifo');
  const socket = path.join(dir, 'native');
  const server = `unix:${socket}`;
  let output = '';
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: dir,
    PULSE_RUNTIME_PATH: path.join(dir, 'run'),
    PULSE_STATE_PATH: path.join(dir, 'state'),
    XDG_RUNTIME_DIR: dir,
    XDG_CONFIG_HOME: path.join(dir, 'config'),
  };
  delete env.PULSE_SERVER;
  const daemon = spawn(
    ...atAudioPriority('pulseaudio', [
      '-n',
      '--daemonize=no',
      '--exit-idle-time=-1',
      '--use-pid-file=no',
      '--log-target=stderr',
      `--load=module-native-protocol-unix socket=${socket} auth-anonymous=1`,
      `--load=module-pipe-source source_name=virtmic file=${fifoPath} format=s16le rate=16000 channels=1`,
      '--load=module-always-sink',
    ]),
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  daemon.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  daemon.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const spawnError = new Promise<Error>((resolve) => daemon.once('error', resolve));
  spawnError.then((err) => (output += `spawn error: ${err.message}\n`)).catch(() => undefined);

  const cleanUp = async () => {
    await kill(daemon, 3000);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntil(
      'socket and FIFO',
      () => fs.existsSync(socket) && fs.existsSync(fifoPath),
      15000,
      daemon,
      () => output,
    );
  } catch (err) {
    await cleanUp();
    throw err;
  }

  const previousServer = process.env.PULSE_SERVER;
  // pvrecorder (libpulse) reads the process environment, whichever thread it runs on.
  process.env.PULSE_SERVER = server;
  const feeders = new Set<ChildProcess>();
  let feedCount = 0;

  return {
    deviceName: `Unix FIFO source ${fifoPath}`,
    fifoPath,
    server,
    pid: daemon.pid as number,
    log: () => output,
    feed(pcm: Buffer, chunkMs = 40): Feeder {
      const file = path.join(dir, `feed-${++feedCount}.pcm`);
      fs.writeFileSync(file, pcm);
      const child = spawn(...atAudioPriority(process.execPath, ['-e', FEEDER_SCRIPT, fifoPath, file, String(chunkMs)]), {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let errors = '';
      child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
      child.on('error', (err) => (errors += err.message));
      feeders.add(child);
      const done = exited(child).then(() => {
        feeders.delete(child);
        if (child.exitCode !== 0 && child.signalCode === null) throw new Error(`feeder failed: ${errors}`);
      });
      done.catch(() => undefined); // callers that do not await it must not see an unhandled rejection
      return { done, stop: () => void kill(child, 1000) };
    },
    async stop(): Promise<void> {
      await Promise.all([...feeders].map((child) => kill(child, 1000)));
      if (previousServer === undefined) delete process.env.PULSE_SERVER;
      else process.env.PULSE_SERVER = previousServer;
      await cleanUp();
    },
  };
}
