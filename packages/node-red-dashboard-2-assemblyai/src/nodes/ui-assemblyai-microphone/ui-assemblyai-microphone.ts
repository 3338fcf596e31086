// Node-RED side of the browser microphone widget: audio frames from each
// dashboard client leave as audio messages carrying msg._client, flow actions
// reach one client or all, and every browser's state shows on the status.
import type { Node, NodeAPI, NodeDef } from 'node-red';
import { clientOf, refuseUnregistered, registerWithGroup, type DashboardSocket } from '../../shared/dashboard-group';
import { closeHandler, setStatus, translator } from '../../kit';
import { MIC_AUDIO, MIC_HELLO, MIC_STATE, micControlEvent } from '../../shared/socket-events';
import type { MicAction, MicStatePayload } from '../../shared/socket-events';
import { MicClients, type MicClient } from './mic-clients';
import { micStatus } from './mic-status';

interface MicConfig extends NodeDef {
  group?: string;
  mode?: string;
  frameMs?: number | string;
  bufferSeconds?: number | string;
}

const ACTIONS: readonly MicAction[] = ['start', 'stop', 'mute', 'unmute'];
const MAX_FRAME_BYTES = 64 * 1024;
const AUDIO_FORMAT = { sampleRate: 16000, encoding: 'pcm_s16le', channels: 1 } as const;

function toBuffer(data: unknown): Buffer | undefined {
  if (Buffer.isBuffer(data)) return data;
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return undefined;
}

export = function register(RED: NodeAPI): void {
  function MicrophoneWidget(this: Node, config: MicConfig) {
    RED.nodes.createNode(this, config);
    const node = this;
    const t = translator(RED);
    const frameMs = Number(config.frameMs) || 100;
    const bufferSeconds = Number(config.bufferSeconds) || 5;
    let badFrameWarned = false;

    const queueFrames = Math.max(1, Math.round((bufferSeconds * 1000) / frameMs));
    const clients = new MicClients(queueFrames, {
      deliver: (client, pcm, sentAt, receivedAt) => {
        node.send({ payload: pcm, audio: { ...AUDIO_FORMAT }, _client: clientOf(client.socket), _sentAt: sentAt, _receivedAt: receivedAt });
      },
      dropped: (client, drop) => {
        const key =
          drop.cause === 'node-red-busy'
            ? 'ui-assemblyai-microphone.warnings.droppedBusy'
            : 'ui-assemblyai-microphone.warnings.droppedLate';
        node.warn(
          t(key, {
            client: client.socket.id,
            busyMs: Math.round(drop.busyMs),
            windowMs: Math.round(drop.windowMs),
            burstMs: Math.round(drop.burstMs),
            droppedMs: Math.round(drop.droppedMs),
            totalMs: Math.round(drop.totalDroppedMs),
            keepMs: queueFrames * frameMs,
          }),
        );
      },
    });
    const showStatus = () => {
      const { fill, shape, text } = micStatus(clients.all(), t);
      setStatus(node, fill, shape, text);
    };

    const sendStop = (client: MicClient) => {
      node.send({ action: 'stop', _client: clientOf(client.socket) });
    };

    const onHello = (socket: DashboardSocket, id: string) => {
      if (id !== node.id) return;
      clients.track(socket);
      showStatus();
    };

    const onAudio = (socket: DashboardSocket, id: string, payload: { data?: unknown; sentAt?: unknown } | undefined) => {
      if (id !== node.id) return;
      const pcm = toBuffer(payload?.data);
      if (!pcm || pcm.length === 0 || pcm.length % 2 !== 0 || pcm.length > MAX_FRAME_BYTES) {
        if (!badFrameWarned) node.warn(t('ui-assemblyai-microphone.warnings.badFrame', { client: socket.id }));
        badFrameWarned = true;
        return;
      }
      const client = clients.track(socket);
      if (client.state !== 'live') {
        client.state = 'live';
        client.error = undefined;
        showStatus();
      }
      const receivedAt = Date.now();
      clients.enqueue(client, pcm, typeof payload?.sentAt === 'number' ? payload.sentAt : receivedAt, receivedAt);
    };

    const onState = (socket: DashboardSocket, id: string, payload: MicStatePayload | undefined) => {
      if (id !== node.id || !payload || typeof payload.state !== 'string') return;
      const client = clients.track(socket);
      const wasLive = client.state === 'live' || client.state === 'muted';
      client.state = payload.state;
      client.error = payload.error;
      if (payload.error && payload.state === 'error') {
        // (The message is the browser's own, in the words the page showed.)
        node.error(t('ui-assemblyai-microphone.errors.browser', { client: socket.id, message: payload.error.message }), {
          _client: clientOf(socket),
          payload: { ...payload.error },
        });
      }
      if (payload.droppedFrames) {
        const frames = payload.droppedFrames;
        node.warn(t('ui-assemblyai-microphone.warnings.browserDropped', { client: socket.id, frames, ms: frames * frameMs }));
      }
      if (wasLive && (payload.state === 'stopped' || payload.state === 'error')) sendStop(client);
      showStatus();
    };

    const onDisconnect = (socket: DashboardSocket) => {
      const client = clients.remove(socket.id);
      if (!client) return;
      if (client.state === 'live' || client.state === 'muted' || client.state === 'reconnecting') sendStop(client);
      showStatus();
    };

    const control = (msg: Record<string, unknown>): void => {
      const action = msg.action as MicAction;
      const target = (msg._client as { socketId?: unknown } | undefined)?.socketId;
      const targets = typeof target === 'string' ? [clients.get(target)].filter((c): c is MicClient => !!c) : clients.all();
      if (typeof target === 'string' && targets.length === 0) {
        node.warn(t('ui-assemblyai-microphone.warnings.noClient', { client: target, action }));
      }
      for (const client of targets) client.socket.emit(micControlEvent(node.id), { action });
    };

    const problem = registerWithGroup(RED, node, config, {
      // The dashboard would broadcast every input message to all pages; actions are
      // sent to the chosen sockets here instead and the page receives an empty stub.
      beforeSend: (msg) => {
        if (ACTIONS.includes(msg.action as MicAction)) control(msg);
        else
          node.warn(
            t('ui-assemblyai-microphone.warnings.badAction', { actions: ACTIONS.join(', '), got: String(JSON.stringify(msg.action)) }),
          );
        return {};
      },
      onInput: () => undefined,
      onSocket: {
        [MIC_HELLO]: onHello,
        [MIC_AUDIO]: onAudio,
        [MIC_STATE]: onState,
        disconnect: onDisconnect,
      },
    });
    if (problem === undefined) showStatus();
    else {
      refuseUnregistered(node, problem, t, {
        noGroup: ['ui-assemblyai-microphone.errors.noGroup', 'ui-assemblyai-microphone.status.noGroup'],
        noDashboard: ['ui-assemblyai-microphone.errors.dashboardMissing', 'ui-assemblyai-microphone.status.noDashboard'],
        input: 'ui-assemblyai-microphone.errors.notRegistered',
      });
    }

    node.on(
      'close',
      closeHandler(() => {
        for (const client of clients.all()) {
          if (client.state === 'live' || client.state === 'muted') sendStop(client);
        }
      }),
    );
  }

  RED.nodes.registerType('ui-assemblyai-microphone', MicrophoneWidget);
};
