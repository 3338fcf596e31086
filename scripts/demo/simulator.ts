// The local AssemblyAI v3 simulator as the offline demo and the e2e test use
// it: loopback, one generated key, the bundled sample's sentences as its script.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { startSimulator } from '../../src/sim';
import { demoText } from './paths';

export interface DemoSimulator {
  url: string;
  /** The key the simulator accepts; the demo flow reads it from ${ASSEMBLYAI_SIM_KEY}. */
  key: string;
  stats(): { sessionsOpened: number; finalTurnsSent: number; openNow: number };
  close(): Promise<void>;
}

/** The sample's text, one utterance per line. */
export function readDemoScript(file: string = demoText): string[] {
  return fs
    .readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

export async function startDemoSimulator(): Promise<DemoSimulator> {
  const key = `sim-${randomBytes(12).toString('hex')}`;
  const script = readDemoScript();
  const simulator = await startSimulator({ port: 0, host: '127.0.0.1', keys: [key], script });
  // Every session reads the script from its first sentence, and a long session starts over.
  simulator.setScript(script, { loop: true });
  return {
    url: simulator.url,
    key,
    stats: () => simulator.stats(),
    close: () => simulator.close(),
  };
}
