// Node-RED side of the captions widget: transcriber turn messages become
// caption lines on the page whose audio made them (msg._client), or on every
// page; msg.action 'clear' empties them.
import type { Node, NodeAPI, NodeDef } from 'node-red';
import { captionFromMessage } from '../../shared/caption-event';
import { refuseUnregistered, registerWithGroup, type DashboardSocket } from '../../shared/dashboard-group';
import { CAPTIONS_HELLO, captionsEvent } from '../../shared/socket-events';
import { closeHandler, setStatus, translator } from '../../kit';

interface CaptionsConfig extends NodeDef {
  group?: string;
  audience?: 'client' | 'all';
}

export = function register(RED: NodeAPI): void {
  function CaptionsWidget(this: Node, config: CaptionsConfig) {
    RED.nodes.createNode(this, config);
    const node = this;
    const t = translator(RED);
    const toAll = config.audience === 'all';
    const pages = new Map<string, DashboardSocket>();
    let shown = 0;
    let ignoredWarned = false;

    const deliver = (msg: Record<string, unknown>): void => {
      const caption = captionFromMessage(msg);
      if (!caption) {
        if (!ignoredWarned) node.warn(t('ui-assemblyai-captions.warnings.notTurn'));
        ignoredWarned = true;
        return;
      }
      const target = (msg._client as { socketId?: unknown } | undefined)?.socketId;
      const sockets =
        !toAll && typeof target === 'string' ? [pages.get(target)].filter((s): s is DashboardSocket => !!s) : [...pages.values()];
      for (const socket of sockets) socket.emit(captionsEvent(node.id), caption);
      if (caption.kind === 'final') shown++;
      setStatus(
        node,
        sockets.length ? 'green' : 'grey',
        'dot',
        t('ui-assemblyai-captions.status.lines', { pages: pages.size, lines: shown }),
      );
    };

    const problem = registerWithGroup(RED, node, config, {
      // Captions go only to the sockets chosen here; the dashboard's own broadcast gets an empty stub.
      beforeSend: (msg) => {
        deliver(msg);
        return {};
      },
      onInput: () => undefined,
      onSocket: {
        [CAPTIONS_HELLO]: (socket: DashboardSocket, id: string) => {
          if (id !== node.id) return;
          pages.set(socket.id, socket);
          setStatus(node, 'grey', 'ring', t('ui-assemblyai-captions.status.pages', { pages: pages.size }));
        },
        disconnect: (socket: DashboardSocket) => {
          pages.delete(socket.id);
        },
      },
    });
    if (problem === undefined) setStatus(node, 'grey', 'ring', t('ui-assemblyai-captions.status.waiting'));
    else {
      refuseUnregistered(node, problem, t, {
        noGroup: ['ui-assemblyai-captions.errors.noGroup', 'ui-assemblyai-captions.status.noGroup'],
        noDashboard: ['ui-assemblyai-captions.errors.dashboardMissing', 'ui-assemblyai-captions.status.noDashboard'],
        input: 'ui-assemblyai-captions.errors.notRegistered',
      });
    }
    node.on(
      'close',
      closeHandler(() => pages.clear()),
    );
  }

  RED.nodes.registerType('ui-assemblyai-captions', CaptionsWidget);
};
