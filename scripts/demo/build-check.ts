// `npm start` runs the built packages (dist/ and the widget package's build), so it runs the
// build first: scripts/build.js rebuilds whatever changed since its last build and skips the
// rest (scripts/build-stamp.js), so a newcomer never runs stale code and a restart costs little.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from './paths';

export function buildIfNeeded(log: (line: string) => void): void {
  log('Bringing the build up to date...');
  execFileSync(process.execPath, [path.join(projectRoot, 'scripts', 'build.js')], { stdio: 'inherit', cwd: projectRoot });
}
