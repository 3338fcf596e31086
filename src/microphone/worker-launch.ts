// Starts the capture worker. Built code (dist/, what Node-RED runs) starts the
// compiled capture-worker.js beside this file. When this file itself runs as
// TypeScript source (the test suite, through tsx), the worker is started from
// capture-worker.ts with tsx's require hook, so tests exercise the same source
// they import rather than a possibly stale build; a separate test loads the
// built node from dist/ to check the compiled worker.
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { WorkerData } from './worker-protocol';

interface WorkerScript {
  filename: string;
  execArgv: string[];
}

function captureWorkerScript(): WorkerScript {
  if (path.extname(__filename) === '.ts') {
    return {
      filename: path.join(__dirname, 'capture-worker.ts'),
      execArgv: ['--require', require.resolve('tsx/cjs')],
    };
  }
  // No inherited flags: Node-RED may run with options a worker rejects or does not need.
  return { filename: path.join(__dirname, 'capture-worker.js'), execArgv: [] };
}

export function startWorker(data: WorkerData): Worker {
  const script = captureWorkerScript();
  return new Worker(script.filename, { workerData: data, execArgv: script.execArgv });
}
