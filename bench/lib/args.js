'use strict';
// Command-line flags of `npm run bench` (node bench/run.js [flags]).
const { MIN_GAP_SECONDS, IDLE_SECONDS, CHECK_AHEAD_SECONDS } = require('../cost/day-plan');

const USAGE = `Usage: npm run bench -- [flags]      (or: node bench/run.js [flags] after npm run build)

  --quick                 N = 1 and 10, 5 s windows, a 2-command cost run (about 3 minutes)
  --n=1,100,500,1000      session counts for the scale runs
  --duration=20           measurement window per run, seconds
  --warmup=3              seconds between "all sessions began" and the window
  --ramp=100              sessions started per second
  --contenders=LIST       any of node-red,session,sdk,ws (default: all four)
  --no-scale              skip the scale runs
  --no-cost               skip the sparse-day cost run
  --cost-commands=6       commands in the compressed day
  --cost-gap=14           seconds of silence between commands (at least ${MIN_GAP_SECONDS}: the idle close, the check and Terminate)
  --variant=NAME          diagnosis only, node-red contender: no-rules | no-filter | memo-i18n | all-updates
  --no-probe              no timestamps (no latency or real-time figures): shows what the probes cost
  --profile               write a V8 CPU profile of each measurement window to bench/results/profiles/
  --docs / --no-docs      write docs/readme/benchmarks.md (default: only for a full default run)
  --noisy-day             only the noisy-day cost run (scenes x gates); its flags: --noisy-day --help
  -h, --help
`;

const ALL_CONTENDERS = ['ws', 'sdk', 'session', 'node-red'];

function list(value, flag) {
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length === 0) throw new Error(`${flag} needs a list`);
  return items;
}

function positive(value, flag, { integer = false, min = 0 } = {}) {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= min || (integer && !Number.isInteger(n)))
    throw new Error(`${flag} needs a ${integer ? 'whole ' : ''}number above ${min}`);
  return n;
}

function parseArgs(argv) {
  const o = {
    sessions: [1, 100, 500, 1000],
    durationSeconds: 20,
    warmupSeconds: 3,
    rampPerSecond: 100,
    contenders: ALL_CONTENDERS,
    scale: true,
    cost: true,
    costCommands: 6,
    costGapSeconds: 14,
    profile: false,
    probe: true,
    docs: undefined,
    quick: false,
    custom: false,
    help: false,
  };
  for (const arg of argv) {
    const [flag, value] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const need = () => {
      if (value === undefined) throw new Error(`${flag} needs =value`);
      o.custom = true;
      return value;
    };
    switch (flag) {
      case '--quick':
        o.quick = true;
        o.sessions = [1, 10];
        o.durationSeconds = 5;
        o.warmupSeconds = 1;
        o.costCommands = 2;
        o.costGapSeconds = MIN_GAP_SECONDS;
        break;
      case '--n':
        o.sessions = list(need(), flag).map((s) => positive(s, flag, { integer: true }));
        break;
      case '--duration':
        o.durationSeconds = positive(need(), flag);
        break;
      case '--warmup':
        o.warmupSeconds = positive(need(), flag, { min: -1 });
        break;
      case '--ramp':
        o.rampPerSecond = positive(need(), flag);
        break;
      case '--contenders': {
        const chosen = list(need(), flag);
        const unknown = chosen.filter((c) => !ALL_CONTENDERS.includes(c));
        if (unknown.length > 0) throw new Error(`unknown contender(s): ${unknown.join(', ')} (choose from ${ALL_CONTENDERS.join(', ')})`);
        o.contenders = ALL_CONTENDERS.filter((c) => chosen.includes(c));
        break;
      }
      case '--no-scale':
        o.scale = false;
        o.custom = true;
        break;
      case '--no-cost':
        o.cost = false;
        o.custom = true;
        break;
      case '--cost-commands':
        o.costCommands = positive(need(), flag, { integer: true });
        break;
      case '--cost-gap':
        o.costGapSeconds = positive(need(), flag);
        if (o.costGapSeconds < MIN_GAP_SECONDS)
          throw new Error(
            `--cost-gap must be at least ${MIN_GAP_SECONDS} s (the ${IDLE_SECONDS} s idle close, the check ${CHECK_AHEAD_SECONDS} s before the next command, and Terminate)`,
          );
        break;
      case '--profile':
        o.profile = true;
        break;
      case '--variant':
        o.variant = need();
        if (!['no-rules', 'no-filter', 'memo-i18n', 'all-updates'].includes(o.variant))
          throw new Error('--variant must be no-rules, no-filter, memo-i18n or all-updates');
        if (!o.contenders.includes('node-red')) throw new Error('--variant applies to the node-red contender');
        break;
      case '--no-probe':
        o.probe = false;
        o.custom = true;
        break;
      case '--docs':
        o.docs = true;
        break;
      case '--no-docs':
        o.docs = false;
        break;
      case '-h':
      case '--help':
        o.help = true;
        break;
      default:
        throw new Error(`unknown flag ${arg}`);
    }
  }
  if (o.docs === undefined) o.docs = !o.quick && !o.custom && !o.profile;
  return o;
}

module.exports = { parseArgs, USAGE, ALL_CONTENDERS };
