// User regular expressions run with a time bound, so a catastrophic pattern
// such as /(a+)+$/ cannot freeze Node-RED's event loop (every flow stops while
// a regular expression backtracks).
//
// Why a time bound and not only an input cap: exponential backtracking blows
// up on inputs of 30 characters, far below any useful cap, and static "is this
// pattern safe" checks miss cases. V8 stops a script run through node:vm with
// a `timeout` even in the middle of a regular expression match, so each match
// runs as a tiny script in a context shared by every filter. That costs about
// 60-80 microseconds per match (V8 starts a watchdog for each timed run), small
// at the rate final turns arrive. The input is also capped, because a time
// bound alone would let a slow-but-finishing pattern take the full bound on
// every partial.
import vm from 'node:vm';

export const DEFAULT_REGEX_TIMEOUT_MS = 50;
/** Longer texts are cut to this many characters before a regular expression sees them. */
export const REGEX_INPUT_LIMIT = 4000;

export class RegexTimeoutError extends Error {
  constructor(readonly pattern: string, readonly timeoutMs: number) {
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

export function createBoundedRegexRunner(timeoutMs: number = DEFAULT_REGEX_TIMEOUT_MS): RegexRunner {
  const { sandbox, context, script } = sharedContext();
  return (re, text) => {
    re.lastIndex = 0;
    sandbox.re = re;
    sandbox.text = text.length > REGEX_INPUT_LIMIT ? text.slice(0, REGEX_INPUT_LIMIT) : text;
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
