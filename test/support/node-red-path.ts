// The Node-RED runtime that node tests hand to helper.init(). By default the
// package's own devDependency (Node-RED 4); scripts/test-compat.js sets
// NODE_RED_PATH (a Node-RED package folder or its entry file) to run the same
// tests against another major (Node-RED 5).
import fs from 'node:fs';
import path from 'node:path';

function resolveNodeRedPath(): string {
  const fromEnv = process.env.NODE_RED_PATH;
  if (!fromEnv) return require.resolve('node-red');
  const resolved = path.resolve(fromEnv);
  if (!fs.existsSync(resolved)) throw new Error(`NODE_RED_PATH does not exist: ${fromEnv}`);
  return fs.statSync(resolved).isDirectory() ? require.resolve(resolved) : resolved;
}

function findPackageDir(entry: string): string {
  for (let dir = path.dirname(entry); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string }).name === 'node-red') {
      return dir;
    }
  }
  throw new Error(`no node-red package.json above ${entry}`);
}

/** Absolute path of the Node-RED entry module (lib/red.js) to pass to helper.init(). */
export const nodeRedPath: string = resolveNodeRedPath();

/** The node-red package folder; its red.js is the command-line entry. */
export const nodeRedPackageDir: string = findPackageDir(nodeRedPath);

/** The version of that Node-RED. */
export const nodeRedVersion: string = (
  JSON.parse(fs.readFileSync(path.join(nodeRedPackageDir, 'package.json'), 'utf8')) as { version: string }
).version;
