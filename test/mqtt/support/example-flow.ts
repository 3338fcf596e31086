// An example flow as shipped, made runnable in node-red-node-test-helper on
// loopback only: the account points at the local simulator, the MQTT broker
// node at the test's Mosquitto, an http request node at a local server; the
// microphone, injects and debug nodes become helper nodes (the test feeds the
// transcriber audio itself and reads what reaches the debug nodes).
import fs from 'node:fs';
import path from 'node:path';
import { examplesDir } from '../../../scripts/demo/paths';

export type FlowNode = { id: string; type: string; z?: string; name?: string; wires?: string[][]; [key: string]: unknown };

export function readExample(file: string): FlowNode[] {
  return JSON.parse(fs.readFileSync(path.join(examplesDir, file), 'utf8')) as FlowNode[];
}

export interface Loopback {
  simulatorUrl: string;
  brokerPort: number;
  /** Replaces the URL of every http request node. */
  httpUrl?: string;
}

const BECOME_HELPERS = new Set(['inject', 'debug', 'assemblyai-microphone']);

export function loopbackFlow(example: FlowNode[], loopback: Loopback): FlowNode[] {
  const tabs = new Set(example.map((n) => n.z).filter((z): z is string => typeof z === 'string'));
  const flow: FlowNode[] = [...tabs].map((id) => ({ id, type: 'tab', label: 'example under test' }));
  for (const original of example) {
    if (original.type === 'comment') continue;
    const node: FlowNode = { ...original };
    if (BECOME_HELPERS.has(node.type)) {
      flow.push({ id: node.id, type: 'helper', z: node.z, name: node.name, wires: [] });
      continue;
    }
    if (node.type === 'assemblyai-account') Object.assign(node, { region: 'custom', customUrl: loopback.simulatorUrl });
    // The simulator is fed tone bursts, not speech: the energy gate hears them, a voice detector rightly does not.
    if (node.type === 'assemblyai-transcriber') node.speechGate = 'energy';
    if (node.type === 'mqtt-broker') Object.assign(node, { broker: '127.0.0.1', port: String(loopback.brokerPort) });
    if (node.type === 'http request' && loopback.httpUrl) node.url = loopback.httpUrl;
    flow.push(node);
  }
  return flow;
}

export function byType(flow: FlowNode[], type: string): FlowNode {
  const found = flow.find((n) => n.type === type);
  if (!found) throw new Error(`no ${type} node in the flow`);
  return found;
}

export function byName(flow: FlowNode[], name: string): FlowNode {
  const found = flow.find((n) => n.name === name);
  if (!found) throw new Error(`no node named "${name}" in the flow`);
  return found;
}
