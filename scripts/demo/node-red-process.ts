// Runs Node-RED (red.js) as a child process and tells when it serves the
// editor and has started its flows; stops it the way Ctrl+C does.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { nodeRedEntry } from './paths';

export interface NodeRedOptions {
  userDir: string;
  settingsFile: string;
  port: number;
  /** Extra environment for the flows (`${VAR}` in node properties and credentials). */
  env?: Record<string, string>;
  /** red.js to run; defaults to the package's devDependency. */
  redJs?: string;
  /** Node binary; defaults to the one running this code. */
  nodeBinary?: string;
  /** Every line Node-RED prints (stdout and stderr). */
  onLine?: (line: string) => void;
  /** How long to wait for "Started flows". */
  startTimeoutMs?: number;
  /** The settings file has `https`: the url is https://. */
  https?: boolean;
}

export interface RunningNodeRed {
  url: string;
  child: ChildProcess;
  /** Everything printed so far. */
  output(): string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
  /** SIGINT (Node-RED stops its flows and exits), SIGKILL after graceMs. */
  stop(graceMs?: number): Promise<number | null>;
}

export function startNodeRed(options: NodeRedOptions): Promise<RunningNodeRed> {
  const args = [
    options.redJs ?? nodeRedEntry,
    '--userDir',
    options.userDir,
    '--settings',
    options.settingsFile,
    '--port',
    String(options.port),
  ];
  const child = spawn(options.nodeBinary ?? process.execPath, args, {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let pending = '';
  // Node-RED logs "Started flows" and "Server now running" in either order (the flows start
  // beside the HTTP server's listen): ready means both, or a request can meet a closed port.
  let flowsStarted = false;
  let listening = false;
  const started = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`Node-RED did not start its flows and listen within ${options.startTimeoutMs ?? 60000} ms:\n${output}`)),
      options.startTimeoutMs ?? 60000,
    );
    const onText = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output += text;
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        options.onLine?.(line);
        if (/\bStarted flows\b/.test(line)) flowsStarted = true;
        if (/\bServer now running at\b/.test(line)) listening = true;
        if (flowsStarted && listening) {
          clearTimeout(timer);
          resolve();
        }
      }
    };
    child.stdout?.on('data', onText);
    child.stderr?.on('data', onText);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Node-RED exited (code ${code}) before starting its flows:\n${output}`));
    });
  });
  const exited = new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
  const stop = async (graceMs = 15000): Promise<number | null> => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
    }
  };
  return started.then(
    () => ({ url: `${options.https ? 'https' : 'http'}://127.0.0.1:${options.port}`, child, output: () => output, exited, stop }),
    async (err: unknown) => {
      await stop(2000);
      throw err;
    },
  );
}

/** A port that was free a moment ago on 127.0.0.1. */
export async function findFreePort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Whether something already listens on 127.0.0.1:port. */
export function isPortInUse(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(true));
    server.listen(port, host, () => server.close(() => resolve(false)));
  });
}
