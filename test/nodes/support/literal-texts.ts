// The check that no runtime text is written as an English literal, shared by
// the locale tests of the nodes and of the Dashboard 2 widget nodes.

/** Lines ("<line> <kind>: <text>") that put an English literal where a translated text belongs. */
export function literalTexts(source: string): string[] {
  const literal = `\\s*['"\`]`;
  const patterns: Array<[string, RegExp]> = [
    ['new Error(literal)', new RegExp(`new (?:Range|Type)?Error\\(${literal}`)],
    ['status text literal', new RegExp(`\\btext:${literal}`)],
    ['message literal', new RegExp(`\\bmessage:${literal}`)],
    ['error/warn/log(literal)', new RegExp(`\\.(?:error|warn|log)\\(${literal}`)],
    ['setStatus(..., literal)', new RegExp(`setStatus\\((?:[^,]*,){3}${literal}`)],
    ['failInput/reportError(..., literal)', new RegExp(`(?:failInput\\((?:[^,]*,){2}|reportError\\([^,]*,)${literal}`)],
  ];
  const found: string[] = [];
  source.split('\n').forEach((line, i) => {
    for (const [name, pattern] of patterns) if (pattern.test(line)) found.push(`${i + 1} ${name}: ${line.trim()}`);
  });
  return found;
}
