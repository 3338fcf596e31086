// One status line for a microphone widget node from the states of its browsers.
import type { MicClient } from './mic-clients';

export interface NodeStatus {
  fill: 'green' | 'yellow' | 'red' | 'grey' | 'blue';
  shape: 'dot' | 'ring';
  text: string;
}

export function micStatus(clients: MicClient[]): NodeStatus {
  const withError = clients.filter((c) => c.state === 'error');
  const live = clients.filter((c) => c.state === 'live').length;
  const muted = clients.filter((c) => c.state === 'muted').length;
  const reconnecting = clients.filter((c) => c.state === 'reconnecting').length;
  const parts: string[] = [];
  if (live) parts.push(`${live} live`);
  if (muted) parts.push(`${muted} muted`);
  if (reconnecting) parts.push(`${reconnecting} reconnecting`);
  if (withError.length) {
    const error = withError[withError.length - 1].error;
    parts.push(`${withError.length} error: ${error?.code ?? 'unknown'}`);
    return { fill: 'red', shape: 'ring', text: parts.join(', ') };
  }
  if (live) return { fill: 'green', shape: 'dot', text: parts.join(', ') };
  if (muted || reconnecting) return { fill: 'yellow', shape: 'ring', text: parts.join(', ') };
  return { fill: 'grey', shape: 'ring', text: clients.length ? `${clients.length} page(s), microphone off` : 'waiting for a dashboard page' };
}
