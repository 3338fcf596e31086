// The browsers a microphone widget node has heard from: each one's state, its
// socket (to send it actions) and a bounded queue of audio on its way into the
// flow, drained a batch per event-loop turn so a burst after a reconnect does
// not block Node-RED. A turn that brings more than the queue holds drops the
// oldest and reports, once, how much audio was lost and why (backlog-drops.ts).
// Knows nothing of Node-RED.
import { performance } from 'node:perf_hooks';
import { DropOldestBuffer } from '../../shared/drop-oldest-buffer';
import { LoopHistory, TurnBacklog, type BacklogDrop, type LoopClock } from './backlog-drops';
import type { DashboardSocket } from '../../shared/dashboard-group';
import type { MicError, MicState } from '../../shared/socket-events';

export interface MicClient {
  socket: DashboardSocket;
  state: MicState;
  error?: MicError;
  queue: DropOldestBuffer<{ pcm: Buffer; sentAt: number; receivedAt: number }>;
  /** What the current turn brought and dropped. */
  backlog: TurnBacklog;
}

export interface AudioSink {
  /** sentAt: the page's clock when it sent the frame; receivedAt: Node-RED's when the socket delivered it. */
  deliver(client: MicClient, pcm: Buffer, sentAt: number, receivedAt: number): void;
  /** Once per turn that dropped audio of this client. */
  dropped(client: MicClient, drop: BacklogDrop): void;
}

/** Node-RED's own event loop: wall time and the loop's busy time (perf_hooks event loop utilization). */
export const processLoopClock: LoopClock = {
  now: () => performance.now(),
  busyMs: () => performance.eventLoopUtilization().active,
};

export class MicClients {
  private readonly clients = new Map<string, MicClient>();
  private scheduled = false;
  private readonly loop: LoopHistory;

  constructor(
    private readonly queueFrames: number,
    private readonly sink: AudioSink,
    private readonly schedule: (fn: () => void) => void = setImmediate,
    clock: LoopClock = processLoopClock,
  ) {
    this.loop = new LoopHistory(clock);
  }

  get size(): number {
    return this.clients.size;
  }

  all(): MicClient[] {
    return [...this.clients.values()];
  }

  get(socketId: string): MicClient | undefined {
    return this.clients.get(socketId);
  }

  /** The client for a socket, added (idle) when new. */
  track(socket: DashboardSocket): MicClient {
    let client = this.clients.get(socket.id);
    if (!client) {
      client = { socket, state: 'idle', queue: new DropOldestBuffer(this.queueFrames), backlog: new TurnBacklog() };
      this.clients.set(socket.id, client);
    }
    client.socket = socket;
    return client;
  }

  remove(socketId: string): MicClient | undefined {
    const client = this.clients.get(socketId);
    this.clients.delete(socketId);
    return client;
  }

  enqueue(client: MicClient, pcm: Buffer, sentAt: number, receivedAt: number): void {
    client.backlog.arrived(pcm.length);
    const pushedOut = client.queue.offer({ pcm, sentAt, receivedAt });
    if (pushedOut) client.backlog.dropped(pushedOut.pcm.length);
    if (!this.scheduled) {
      this.scheduled = true;
      this.schedule(() => this.drain());
    }
  }

  private drain(): void {
    this.scheduled = false;
    for (const client of this.clients.values()) {
      for (const frame of client.queue.drain()) this.sink.deliver(client, frame.pcm, frame.sentAt, frame.receivedAt);
      const drop = client.backlog.settle(this.loop);
      if (drop) this.sink.dropped(client, drop);
    }
    this.loop.mark();
  }
}
