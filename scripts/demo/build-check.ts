// `npm start` runs the built package (dist/): rebuild when src/ is newer or a
// node's built file is missing, so a newcomer never runs stale code.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { distDir, projectRoot } from './paths';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const time = entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs;
    if (time > newest) newest = time;
  }
  return newest;
}

function declaredNodeFiles(): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as {
    'node-red': { nodes: Record<string, string> };
  };
  return Object.values(manifest['node-red'].nodes).map((file) => path.join(projectRoot, file));
}

/** Why a build is needed, or undefined when dist/ is complete and newer than src/. */
export function buildNeeded(): string | undefined {
  const missing = declaredNodeFiles().filter((file) => !fs.existsSync(file));
  if (missing.length > 0) return `${path.relative(projectRoot, missing[0])} is missing`;
  const builtAt = Math.min(...declaredNodeFiles().map((file) => fs.statSync(file).mtimeMs));
  if (newestMtime(path.join(projectRoot, 'src')) > builtAt) return 'src/ changed since the last build';
  return undefined;
}

export function buildIfNeeded(log: (line: string) => void): void {
  const reason = buildNeeded();
  if (!reason) return;
  log(`Building the package (${reason})...`);
  fs.mkdirSync(distDir, { recursive: true });
  execFileSync(process.execPath, [path.join(projectRoot, 'scripts', 'build.js')], { stdio: 'inherit', cwd: projectRoot });
}
