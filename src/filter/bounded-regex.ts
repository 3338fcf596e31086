// User regular expressions run with a time bound, so a catastrophic pattern
// such as /(a+)+$/ cannot freeze Node-RED's event loop (every flow stops while
// a regular expression backtracks).
//
// Most patterns run on RE2 (linear-regex.ts), which takes time linear in the
// text whatever the pattern: a few microseconds. The others (lookarounds,
// backreferences, syntax RE2 reads differently) run on V8 with a time bound.
// Why a bound and not only an input cap: exponential backtracking blows up on
// inputs of 30 characters, far below any useful cap, and static "is this
// pattern safe" checks miss cases. V8 stops a script run through node:vm with
// a `timeout` even in the middle of a regular expression match, so each match
// runs as a tiny script in a context shared by every filter. That costs 60-120
// microseconds per match (V8 starts a watchdog for each timed run). The input
// is also capped, because a time bound alone would let a slow-but-finishing
// pattern take the full bound on every partial.
import vm from 'node:vm';
import { compileLinear, textSafeForLinear, type LinearPattern } from './linear-regex';

export const DEFAULT_REGEX_TIMEOUT_MS = 50;
/** Longer texts are cut to this many characters before a regular expression sees them. */
export const REGEX_INPUT_LIMIT = 4000;

export class RegexTimeoutError extends Error {
  constructor(
    readonly pattern: string,
    readonly timeoutMs: number,
  ) {
    super(`regular expression /${pattern}/ took longer than ${timeoutMs} ms and was stopped`);
    this.name = 'RegexTimeoutError';
  }
}

/** Runs `re.exec(text)`; throws RegexTimeoutError when the bound is reached. */
export type RegexRunner = (re: RegExp, text: string) => RegExpExecArray | null;

interface Sandbox {
  re?: RegExp;
  text?: string;
}

/**
 * One context for the whole process (a context costs about 180 KiB): each
 * match runs synchronously and clears the sandbox before it returns, so runs
 * from different filters never overlap.
 */
let shared: { sandbox: Sandbox; context: vm.Context; script: vm.Script } | undefined;

function sharedContext(): { sandbox: Sandbox; context: vm.Context; script: vm.Script } {
  if (shared === undefined) {
    const sandbox: Sandbox = {};
    shared = { sandbox, context: vm.createContext(sandbox), script: new vm.Script('re.exec(text)') };
  }
  return shared;
}

/** RE2 versions of the patterns seen so far; null where RE2 cannot take a pattern. */
const linearPatterns = new WeakMap<RegExp, LinearPattern | null>();

function linearFor(re: RegExp): LinearPattern | null {
  let linear = linearPatterns.get(re);
  if (linear === undefined) {
    linear = compileLinear(re) ?? null;
    linearPatterns.set(re, linear);
  }
  return linear;
}

export function createBoundedRegexRunner(timeoutMs: number = DEFAULT_REGEX_TIMEOUT_MS): RegexRunner {
  const { sandbox, context, script } = sharedContext();
  return (re, text) => {
    const capped = text.length > REGEX_INPUT_LIMIT ? text.slice(0, REGEX_INPUT_LIMIT) : text;
    const linear = linearFor(re);
    if (linear !== null && textSafeForLinear(capped)) return linear.exec(capped);
    re.lastIndex = 0;
    sandbox.re = re;
    sandbox.text = capped;
    try {
      return script.runInContext(context, { timeout: timeoutMs }) as RegExpExecArray | null;
    } catch (err) {
      if ((err as { code?: unknown }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
        throw new RegexTimeoutError(re.source, timeoutMs);
      }
      throw err;
    } finally {
      sandbox.re = undefined;
      sandbox.text = undefined;
    }
  };
}
