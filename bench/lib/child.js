'use strict';
// Starts a bench child process (node, with IPC) and ends it: politely, then by
// its own pid if it does not exit in time. Every wait is bounded.
const { spawn } = require('node:child_process');

function startChild(script, { args = [], env = {}, nodeArgs = [], label, onMessage, stdout = 'inherit' } = {}) {
  const child = spawn(process.execPath, [...nodeArgs, script, ...args], {
    stdio: ['ignore', stdout, 'pipe', 'ipc'],
    env: { ...process.env, ...env },
  });
  // stderr, and stdout when piped: kept (bounded) to show when something fails.
  let stderr = '';
  const keep = (chunk) => {
    stderr += chunk;
    if (stderr.length > 200_000) stderr = stderr.slice(-100_000);
  };
  child.stderr.on('data', keep);
  if (child.stdout) child.stdout.on('data', keep);
  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', (error) => resolve({ code: null, signal: null, error }));
  });
  if (onMessage) child.on('message', onMessage);
  return {
    child,
    label: label || script,
    exited,
    stderr: () => stderr,
    /** Waits for the first IPC message of a type, bounded. */
    waitFor(type, timeoutMs) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          child.off('message', listener);
          reject(new Error(`${label}: no "${type}" within ${timeoutMs} ms\n${stderr.slice(-2000)}`));
        }, timeoutMs);
        const listener = (message) => {
          if (message && message.type === type) {
            clearTimeout(timer);
            child.off('message', listener);
            resolve(message);
          }
        };
        child.on('message', listener);
        exited.then(({ code, signal }) => {
          clearTimeout(timer);
          child.off('message', listener);
          reject(new Error(`${label} exited (code ${code}, signal ${signal}) before "${type}"\n${stderr.slice(-3000)}`));
        });
      });
    },
    /** SIGTERM, then SIGKILL after graceMs; resolves when it has exited. */
    async stop(graceMs = 5000) {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      try {
        child.kill('SIGTERM');
      } catch {
        // already gone
      }
      const timer = setTimeout(() => {
        try {
          child.kill('SIGKILL');
        } catch {
          // already gone
        }
      }, graceMs);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  };
}

module.exports = { startChild };
