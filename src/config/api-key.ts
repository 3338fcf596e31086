// Checks the account's API key as Node-RED hands it over: after createNode has
// replaced a whole-value ${VAR}; an unset variable stays literally "${VAR}". Pure.

export type ApiKeyResult = { ok: true; key: string } | { ok: false; reason: 'empty' | 'unresolved'; variable?: string; message: string };

const PLACEHOLDER = /^\$\{([^}]*)\}$|^\$\(([^)]*)\)$/;

export function resolveApiKey(raw: unknown): ApiKeyResult {
  const key = typeof raw === 'string' ? raw.trim() : '';
  if (key === '') {
    return {
      ok: false,
      reason: 'empty',
      message: 'missing API key: enter it in the AssemblyAI account node, or ${VARIABLE} to read it from an environment variable',
    };
  }
  const placeholder = PLACEHOLDER.exec(key);
  if (placeholder || key.includes('${')) {
    const variable = placeholder ? (placeholder[1] ?? placeholder[2]) : undefined;
    const which = variable ? `environment variable ${variable}` : 'the environment variable in the key field';
    return {
      ok: false,
      reason: 'unresolved',
      variable,
      message: `missing API key: ${which} is not set for Node-RED; set it and restart Node-RED, or enter the key itself`,
    };
  }
  return { ok: true, key };
}
