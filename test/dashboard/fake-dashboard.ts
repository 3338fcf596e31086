// A stand-in for FlowFuse Dashboard 2's ui-group config node: it keeps what
// widget nodes register (node, config, evts), and fake sockets that record what
// a node emits to each browser, so the hooks can be driven as the dashboard does.
import type { Node, NodeAPI, NodeDef, NodeMessage } from 'node-red';

export interface Registration {
  node: { id: string };
  config: Record<string, unknown>;
  evts: {
    beforeSend?: (msg: Record<string, unknown>) => unknown;
    onInput?: (msg: Record<string, unknown>, send: (m: unknown) => void) => unknown;
    onSocket?: Record<string, (socket: FakeSocket, ...args: unknown[]) => void>;
  };
}

export const registrations = new Map<string, Registration>();

export function fakeGroupNode(RED: NodeAPI): void {
  function UIGroup(this: Node & { register?: unknown }, config: NodeDef) {
    RED.nodes.createNode(this, config);
    this.register = (node: Node, widgetConfig: Record<string, unknown>, evts: Registration['evts']) => {
      registrations.set(node.id, { node, config: widgetConfig, evts });
      // like ui_base.register: run beforeSend, then onInput, for each input message
      node.on('input', (input, send, done) => {
        const msg = input as unknown as Record<string, unknown>;
        const run = async () => {
          let out = msg;
          if (evts.beforeSend) out = (await evts.beforeSend(msg)) as Record<string, unknown>;
          if (evts.onInput) await evts.onInput(out, (m) => send(m as NodeMessage));
        };
        run().then(
          () => done(),
          (err: unknown) => done(err instanceof Error ? err : new Error(String(err))),
        );
      });
    };
  }
  RED.nodes.registerType('ui-group', UIGroup);
}

export class FakeSocket {
  readonly emitted: Array<{ event: string; payload: unknown }> = [];
  readonly handshake = { address: '127.0.0.1' };
  constructor(readonly id: string) {}
  emit(event: string, payload: unknown): void {
    this.emitted.push({ event, payload });
  }
}

/** Calls a registered onSocket hook the way ui_base binds it: (socket, ...args from the client). */
export function fromBrowser(widgetId: string, event: string, socket: FakeSocket, ...args: unknown[]): void {
  const hook = registrations.get(widgetId)?.evts.onSocket?.[event];
  if (!hook) throw new Error(`widget ${widgetId} has no '${event}' socket hook`);
  hook(socket, ...args);
}
