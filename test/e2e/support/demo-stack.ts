// Node-RED with the package and the offline demo flow, in a temporary user
// directory, answered by the simulator: what `npm start` runs without a key.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DemoEnv, simulatorDemoFlow } from '../../../scripts/demo/demo-flows';
import { findFreePort, startNodeRed, type RunningNodeRed } from '../../../scripts/demo/node-red-process';
import { demoWav } from '../../../scripts/demo/paths';
import { startDemoSimulator, type DemoSimulator } from '../../../scripts/demo/simulator';
import { linkPackage, writeSettings } from '../../../scripts/demo/user-dir';

export interface DemoStack {
  url: string;
  userDir: string;
  nodeRed: RunningNodeRed;
  simulator: DemoSimulator;
  stop(): Promise<void>;
}

export async function startDemoStack(): Promise<DemoStack> {
  const userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-node-red-'));
  linkPackage(userDir);
  const demo = simulatorDemoFlow();
  fs.writeFileSync(path.join(userDir, 'flows.json'), JSON.stringify(demo.flows));
  fs.writeFileSync(path.join(userDir, 'flows_cred.json'), JSON.stringify(demo.credentials));
  const port = await findFreePort();
  const settingsFile = writeSettings(userDir, { port, flowFile: 'flows.json', logLevel: 'info' });
  const simulator = await startDemoSimulator();
  let nodeRed: RunningNodeRed;
  try {
    nodeRed = await startNodeRed({
      userDir,
      settingsFile,
      port,
      env: { [DemoEnv.simulatorUrl]: simulator.url, [DemoEnv.simulatorKey]: simulator.key, [DemoEnv.wav]: demoWav },
    });
  } catch (err) {
    await simulator.close();
    fs.rmSync(userDir, { recursive: true, force: true });
    throw err;
  }
  return {
    url: nodeRed.url,
    userDir,
    nodeRed,
    simulator,
    stop: async () => {
      await nodeRed.stop();
      await simulator.close();
      fs.rmSync(userDir, { recursive: true, force: true });
    },
  };
}
