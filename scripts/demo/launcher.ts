// `npm start`: Node-RED with this package and a demo flow, in .node-red-demo/.
// With ASSEMBLYAI_API_KEY the microphone is transcribed live; without it a
// local simulator answers a recorded sample played on a loop.
import fs from 'node:fs';
import path from 'node:path';
import { buildIfNeeded } from './build-check';
import { DemoEnv, liveDemoFlow, simulatorDemoFlow, type DemoFlow, type DemoMode } from './demo-flows';
import { isPortInUse, startNodeRed, type RunningNodeRed } from './node-red-process';
import { demoUserDir, demoWav, projectRoot } from './paths';
import { startDemoSimulator, type DemoSimulator } from './simulator';
import { linkPackage, writeSettings } from './user-dir';
import { DASHBOARD_PATH, linkDashboard, withDashboardTab } from './dashboard-demo';

export interface LaunchOptions {
  mode: DemoMode;
  reset: boolean;
  port: number;
  userDir: string;
}

const USAGE = `Usage: npm start [-- --sim] [-- --reset]
  Starts Node-RED on http://127.0.0.1:$PORT (default 1880) with this package and a demo flow.
  ASSEMBLYAI_API_KEY set   live demo: your microphone, transcribed by AssemblyAI
  ASSEMBLYAI_API_KEY unset offline demo: a recorded sample, answered by the local simulator
  --sim     use the simulator even when ASSEMBLYAI_API_KEY is set
  --reset   rewrite the demo flow (your changes to it are lost)
  PORT=1881 npm start      another port; DEMO_USER_DIR=<dir> another Node-RED user directory`;

const say = (line = '') => process.stdout.write(`${line}\n`);

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): LaunchOptions | undefined {
  const unknown = argv.filter((arg) => !['--sim', '--reset', '--help', '-h'].includes(arg));
  if (argv.includes('--help') || argv.includes('-h') || unknown.length > 0) {
    if (unknown.length > 0) say(`Unknown option ${unknown.join(' ')}`);
    say(USAGE);
    return undefined;
  }
  const port = env.PORT ? Number(env.PORT) : 1880;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`PORT must be a port number, not "${env.PORT}"`);
  const hasKey = (env[DemoEnv.apiKey] ?? '').trim() !== '';
  return {
    mode: hasKey && !argv.includes('--sim') ? 'live' : 'simulator',
    reset: argv.includes('--reset'),
    port,
    userDir: env.DEMO_USER_DIR ? path.resolve(env.DEMO_USER_DIR) : demoUserDir,
  };
}

/** Writes the mode's flow file and its credentials unless they exist (or --reset). */
function writeDemoFlow(userDir: string, demo: DemoFlow, reset: boolean): { flowFile: string; written: boolean } {
  const flowFile = `flows-${demo.mode}.json`;
  const flowPath = path.join(userDir, flowFile);
  const credPath = path.join(userDir, `flows-${demo.mode}_cred.json`);
  if (fs.existsSync(flowPath) && !reset) return { flowFile, written: false };
  fs.writeFileSync(flowPath, `${JSON.stringify(demo.flows, null, 2)}\n`);
  fs.writeFileSync(credPath, `${JSON.stringify(demo.credentials, null, 2)}\n`);
  return { flowFile, written: true };
}

/** Relative to the project when inside it, else absolute. */
function displayPath(dir: string): string {
  const relative = path.relative(projectRoot, dir);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? `${relative}/` : dir;
}

function banner(options: LaunchOptions, url: string, flowFile: string, simulator: DemoSimulator | undefined): string[] {
  const lines = ['', '='.repeat(78), `Node-RED with @livevoice/node-red-assemblyai: ${url}/`, ''];
  if (options.mode === 'simulator') {
    lines.push(
      'Mode: SIMULATOR (offline, no API key needed)',
      `  A recorded sample (assets/demo-speech.wav) plays into the transcriber every 25 s;`,
      `  the local AssemblyAI simulator at ${simulator?.url} answers with its text.`,
      '  Open the editor, then the debug sidebar (the bug icon, top right) to see the turns.',
      '',
      '  Live mode, your microphone transcribed by AssemblyAI: press Ctrl+C, then run',
      '    ASSEMBLYAI_API_KEY=<your key> npm start',
    );
  } else {
    lines.push(
      'Mode: LIVE (ASSEMBLYAI_API_KEY is set)',
      '  The microphone captures your default input device and the transcriber streams',
      '  it to AssemblyAI. Speak, and watch the debug sidebar (the bug icon, top right).',
      '  AssemblyAI bills the time a session is open: the microphone listens for 5 minutes',
      '  after each start; click the button of "start listening" in the flow to listen again.',
      '',
      '  Offline mode with the simulator instead: press Ctrl+C, then run  npm start -- --sim',
    );
  }
  lines.push(
    '',
    `User directory: ${displayPath(options.userDir)} (flow file ${flowFile}; npm start -- --reset restores it)`,
    'Stop: Ctrl+C',
    '='.repeat(78),
    '',
  );
  return lines;
}

export async function main(argv: string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const options = parseOptions(argv, env);
  if (!options) return argv.includes('--help') || argv.includes('-h') ? 0 : 2;
  if (await isPortInUse(options.port)) {
    say(`Port ${options.port} on 127.0.0.1 is in use (another Node-RED?). Stop it, or choose another port: PORT=1881 npm start`);
    return 1;
  }
  buildIfNeeded(say);

  fs.mkdirSync(options.userDir, { recursive: true });
  linkPackage(options.userDir);
  const withDashboard = linkDashboard(options.userDir);
  const baseDemo = options.mode === 'live' ? liveDemoFlow() : simulatorDemoFlow();
  const demo = withDashboard ? withDashboardTab(baseDemo) : baseDemo;
  const { flowFile, written } = writeDemoFlow(options.userDir, demo, options.reset);
  const settingsFile = writeSettings(options.userDir, { port: options.port, flowFile });
  say(`Starting the ${options.mode === 'live' ? 'LIVE' : 'SIMULATOR'} demo (${written ? 'new demo flow' : 'your saved demo flow'})...`);

  let simulator: DemoSimulator | undefined;
  let nodeRed: RunningNodeRed | undefined;
  let stopping = false;
  const shutdown = async (reason: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    say(`\nStopping (${reason})...`);
    try {
      if (nodeRed) await nodeRed.stop();
    } finally {
      if (simulator) await simulator.close().catch(() => undefined);
    }
    say('Stopped Node-RED and the simulator.');
  };
  let interrupts = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupts += 1;
    if (interrupts > 1) {
      say('Forced stop.');
      nodeRed?.child.kill('SIGKILL');
      process.exit(130);
    }
    shutdown(signal).then(
      () => process.exit(0),
      (err: unknown) => {
        say(`Stop failed: ${err instanceof Error ? err.message : String(err)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const flowEnv: Record<string, string> = {};
  if (options.mode === 'simulator') {
    simulator = await startDemoSimulator();
    flowEnv[DemoEnv.simulatorUrl] = simulator.url;
    flowEnv[DemoEnv.simulatorKey] = simulator.key;
    flowEnv[DemoEnv.wav] = demoWav;
  }
  try {
    nodeRed = await startNodeRed({
      userDir: options.userDir,
      settingsFile,
      port: options.port,
      env: flowEnv,
      onLine: (line) => say(line),
    });
  } catch (err) {
    if (simulator) await simulator.close().catch(() => undefined);
    say(`Node-RED did not start: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    return 1;
  }
  for (const line of banner(options, nodeRed.url, flowFile, simulator)) say(line);
  if (withDashboard) {
    say(`Dashboard: ${nodeRed.url}${DASHBOARD_PATH} (press Start and speak; captions and the "turn on/off" filter follow).`);
    say('  Shown on a saved demo flow only after npm start -- --reset.');
  }

  const code = await nodeRed.exited;
  if (!stopping) {
    stopping = true;
    say(`Node-RED exited (code ${code}).`);
    if (simulator) await simulator.close().catch(() => undefined);
    return code ?? 1;
  }
  // A signal is being handled: its handler exits once everything has stopped.
  return new Promise<number>(() => undefined);
}
