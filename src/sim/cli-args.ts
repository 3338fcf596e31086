// Command-line arguments of assemblyai-sim, parsed to SimulatorOptions. Pure.
import type { SimulatorOptions } from './types';

export const USAGE = `Usage: assemblyai-sim [options]

A local simulator of AssemblyAI Streaming Speech-to-Text v3 (no API key, no network).

Options:
  --port N                  port to listen on (default 0: a free port)
  --host H                  address to listen on (default 127.0.0.1)
  --allow-non-loopback      allow a --host that is not a loopback address
  --tls                     serve wss:// and https:// with a self-signed certificate
  --cert-out FILE           with --tls: write the certificate (PEM) to FILE (for NODE_EXTRA_CA_CERTS)
  --key K                   accept API key K (repeatable; default: any non-empty key)
  --auth-failure MODE       close-1008 (default) or http-401
  --script FILE             utterances for the turns: text (one per line) or a JSON array
  --loop-script             start the script again after its last utterance
  --max-session-seconds N   longest session (default 10800)
  --rate-rule RULE          throttle (default: 1.25x real time, 3007 past 5 min held) or strict
  --max-buffered-seconds N  throttle: held audio that triggers 3007 (default 300)
  --strict-factor X         strict: most times real time audio may arrive at (default 1.25)
  --strict-burst-seconds N  strict: audio that may arrive ahead of that rate (default 2)
  --termination-delay-ms N  time from Terminate's final turn to Termination (default 300; 0 for none)
  --word-ms N               speech time given to each scripted word (default 340)
  --no-require-speech-model accept connections without speech_model
  --quiet                   print only the URLs
  -h, --help                show this help
`;

export interface CliArgs {
  options: SimulatorOptions;
  scriptFile?: string;
  loopScript: boolean;
  certOut?: string;
  quiet: boolean;
  help: boolean;
}

export class CliError extends Error {}

function integer(flag: string, text: string | undefined, min: number): number {
  if (text === undefined || !/^\d+$/.test(text) || Number(text) < min) throw new CliError(`${flag} needs an integer >= ${min}`);
  return Number(text);
}

export function parseCliArgs(argv: readonly string[]): CliArgs {
  const options: SimulatorOptions = {};
  const keys: string[] = [];
  const out: CliArgs = { options, loopScript: false, quiet: false, help: false };
  const timing: NonNullable<SimulatorOptions['timing']> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new CliError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--port':
        options.port = integer(flag, value(), 0);
        if (options.port > 65535) throw new CliError('--port must be at most 65535');
        break;
      case '--host':
        options.host = value();
        break;
      case '--allow-non-loopback':
        options.allowNonLoopback = true;
        break;
      case '--tls':
        options.tls = true;
        break;
      case '--cert-out':
        out.certOut = value();
        break;
      case '--key':
        keys.push(value());
        break;
      case '--auth-failure': {
        const mode = value();
        if (mode !== 'close-1008' && mode !== 'http-401') throw new CliError('--auth-failure must be close-1008 or http-401');
        options.authFailure = mode;
        break;
      }
      case '--script':
        out.scriptFile = value();
        break;
      case '--loop-script':
        out.loopScript = true;
        break;
      case '--max-session-seconds':
        options.maxSessionSeconds = integer(flag, value(), 1);
        break;
      case '--rate-rule': {
        const rule = value();
        if (rule !== 'throttle' && rule !== 'strict') throw new CliError('--rate-rule must be throttle or strict');
        options.rateRule = rule;
        break;
      }
      case '--max-buffered-seconds':
        timing.maxBufferedSeconds = integer(flag, value(), 1);
        break;
      case '--strict-factor': {
        const text = value();
        const factor = Number(text);
        if (!/^\d+(\.\d+)?$/.test(text) || factor <= 0) throw new CliError('--strict-factor needs a number > 0');
        timing.strictFactor = factor;
        break;
      }
      case '--strict-burst-seconds':
        timing.strictBurstSeconds = integer(flag, value(), 0);
        break;
      case '--termination-delay-ms':
        timing.terminationDelayMs = integer(flag, value(), 0);
        break;
      case '--word-ms':
        timing.wordMs = integer(flag, value(), 10);
        break;
      case '--no-require-speech-model':
        options.requireSpeechModel = false;
        break;
      case '--quiet':
        out.quiet = true;
        break;
      case '-h':
      case '--help':
        out.help = true;
        break;
      default:
        throw new CliError(`unknown option ${arg}`);
    }
  }
  if (keys.length > 0) options.keys = keys;
  if (Object.keys(timing).length > 0) options.timing = timing;
  if (out.certOut !== undefined && !options.tls) throw new CliError('--cert-out needs --tls');
  return out;
}
