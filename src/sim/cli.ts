#!/usr/bin/env node
// assemblyai-sim: runs the local AssemblyAI Streaming v3 simulator until SIGINT/SIGTERM.
import { readFileSync, writeFileSync } from 'node:fs';
import { CliError, parseCliArgs, USAGE } from './cli-args';
import { parseScriptText } from './script';
import { startSimulator } from './server';

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    process.stderr.write(`assemblyai-sim: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (args.scriptFile !== undefined) {
    try {
      args.options.script = parseScriptText(readFileSync(args.scriptFile, 'utf8'));
    } catch (error) {
      process.stderr.write(`assemblyai-sim: cannot read script ${args.scriptFile}: ${(error as Error).message}\n`);
      return 2;
    }
  }
  const sim = await startSimulator(args.options);
  if (args.loopScript && args.options.script) sim.setScript(args.options.script, { loop: true });
  if (args.certOut !== undefined && sim.certPem !== undefined) writeFileSync(args.certOut, sim.certPem);
  process.stdout.write(`assemblyai-sim listening\n  url: ${sim.url}\n  token url: ${sim.tokenUrl}\n`);
  if (!args.quiet) {
    if (args.certOut !== undefined) process.stdout.write(`  certificate: ${args.certOut} (use NODE_EXTRA_CA_CERTS=${args.certOut})\n`);
    const keyNote = args.options.keys ? `${args.options.keys.length} key(s) given with --key` : 'any non-empty key';
    process.stdout.write(`  auth: Authorization: <key> (${keyNote}), or ?token= from the token url\n`);
    process.stdout.write(`  script: ${args.options.script ? `${args.options.script.length} utterance(s)` : 'none (placeholder texts)'}\n`);
  }
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      process.stdout.write(`assemblyai-sim: ${signal}, shutting down\n`);
      resolve();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  const stats = sim.stats();
  await sim.close();
  process.stdout.write(`assemblyai-sim: closed (${stats.sessionsOpened} session(s), ${stats.billedSeconds.toFixed(1)} s billed)\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`assemblyai-sim: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
