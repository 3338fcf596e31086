// The part of FlowFuse Dashboard 2 a widget node uses: its ui-group config
// node's register(node, config, evts), and the socket.io sockets the hooks get.
import type { Node, NodeAPI } from 'node-red';
import { failInput, reportError, type Done, type Translate } from '../kit';

export interface DashboardSocket {
  id: string;
  handshake?: { address?: string };
  emit(event: string, ...args: unknown[]): unknown;
}

export interface WidgetEvents {
  onAction?: boolean;
  beforeSend?: (msg: Record<string, unknown>) => Record<string, unknown> | Promise<Record<string, unknown>>;
  onInput?: (msg: Record<string, unknown>, send: (msg: unknown) => void) => void | Promise<void>;
  onSocket?: Record<string, (socket: DashboardSocket, ...args: never[]) => void>;
}

interface DashboardGroup {
  register(node: Node, config: object, evts: WidgetEvents): void;
  deregister?(node: Node): void;
}

/** Why a widget could not register: no ui-group chosen, or the chosen one is not Dashboard 2's (not installed). */
export type GroupProblem = 'noGroup' | 'noDashboard';

/** Registers the widget with its group; the problem, for the node to report in its own words, when there is none. */
export function registerWithGroup(RED: NodeAPI, node: Node, config: { group?: string }, evts: WidgetEvents): GroupProblem | undefined {
  if (!config.group) return 'noGroup';
  const group = RED.nodes.getNode(config.group) as unknown as Partial<DashboardGroup> | null;
  if (!group || typeof group.register !== 'function') return 'noDashboard';
  group.register(node, config, evts);
  return undefined;
}

/** A widget's locale keys for each problem: [error, status]; `input` answers any msg sent to it. */
export interface ProblemKeys {
  noGroup: [string, string];
  noDashboard: [string, string];
  input: string;
}

/** The widget could not register: it says why (error for Catch nodes, red status) and refuses every input. */
export function refuseUnregistered(node: Node, problem: GroupProblem, t: Translate, keys: ProblemKeys): void {
  const [error, status] = keys[problem];
  reportError(node, t(error), t(status));
  node.on('input', (_msg: unknown, _send: unknown, done: Done) => failInput(node, done, t(keys.input)));
}

/** The client identity Dashboard 2 puts on messages from a browser. */
export function clientOf(socket: DashboardSocket): { socketId: string; socketIp?: string } {
  const client: { socketId: string; socketIp?: string } = { socketId: socket.id };
  if (socket.handshake?.address) client.socketIp = socket.handshake.address;
  return client;
}
