// The part of FlowFuse Dashboard 2 a widget node uses: its ui-group config
// node's register(node, config, evts), and the socket.io sockets the hooks get.
import type { Node, NodeAPI } from 'node-red';

export interface DashboardSocket {
  id: string;
  handshake?: { address?: string };
  emit(event: string, ...args: unknown[]): unknown;
}

export interface WidgetEvents {
  onAction?: boolean;
  beforeSend?: (msg: Record<string, unknown>) => Record<string, unknown> | Promise<Record<string, unknown>>;
  onInput?: (msg: Record<string, unknown>, send: (msg: unknown) => void) => void | Promise<void>;
  onSocket?: Record<string, (socket: DashboardSocket, ...args: any[]) => void>;
}

interface DashboardGroup {
  register(node: Node, config: object, evts: WidgetEvents): void;
  deregister?(node: Node): void;
}

export const DASHBOARD_MISSING =
  'This widget needs FlowFuse Dashboard 2: install @flowfuse/node-red-dashboard from the palette manager, then choose a ui-group for it.';

/** Registers the widget with its group; false (with a red status and one error) when there is no dashboard group. */
export function registerWithGroup(RED: NodeAPI, node: Node, config: { group?: string }, evts: WidgetEvents): boolean {
  const group = config.group ? (RED.nodes.getNode(config.group) as unknown as Partial<DashboardGroup> | null) : null;
  if (!group || typeof group.register !== 'function') {
    const text = !config.group ? 'no dashboard group chosen' : 'FlowFuse Dashboard 2 not installed';
    node.status({ fill: 'red', shape: 'ring', text });
    node.error(config.group ? DASHBOARD_MISSING : 'No dashboard group chosen: open the node and choose a ui-group (FlowFuse Dashboard 2).');
    return false;
  }
  group.register(node, config, evts);
  return true;
}

/** The client identity Dashboard 2 puts on messages from a browser. */
export function clientOf(socket: DashboardSocket): { socketId: string; socketIp?: string } {
  const client: { socketId: string; socketIp?: string } = { socketId: socket.id };
  if (socket.handshake?.address) client.socketIp = socket.handshake.address;
  return client;
}
