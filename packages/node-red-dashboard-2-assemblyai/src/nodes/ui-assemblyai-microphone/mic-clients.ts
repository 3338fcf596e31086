// The browsers a microphone widget node has heard from: each one's state, its
// socket (to send it actions) and a bounded queue of audio on its way into the
// flow, drained a batch per event-loop turn so a burst after a reconnect does
// not block Node-RED. Knows nothing of Node-RED.
import { DropOldestBuffer } from '../../shared/drop-oldest-buffer';
import type { DashboardSocket } from '../../shared/dashboard-group';
import type { MicError, MicState } from '../../shared/socket-events';

export interface MicClient {
  socket: DashboardSocket;
  state: MicState;
  error?: MicError;
  queue: DropOldestBuffer<{ pcm: Buffer; sentAt: number }>;
  /** True once this client's current overload was reported; cleared when its queue empties. */
  dropWarned: boolean;
}

export interface AudioSink {
  deliver(client: MicClient, pcm: Buffer, sentAt: number): void;
  dropped(client: MicClient, frames: number): void;
}

export class MicClients {
  private readonly clients = new Map<string, MicClient>();
  private scheduled = false;

  constructor(
    private readonly queueFrames: number,
    private readonly sink: AudioSink,
    private readonly schedule: (fn: () => void) => void = setImmediate,
  ) {}

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
      client = { socket, state: 'idle', queue: new DropOldestBuffer(this.queueFrames), dropWarned: false };
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

  enqueue(client: MicClient, pcm: Buffer, sentAt: number): void {
    const dropped = client.queue.push({ pcm, sentAt });
    if (dropped > 0 && !client.dropWarned) {
      client.dropWarned = true;
      this.sink.dropped(client, dropped);
    }
    if (!this.scheduled) {
      this.scheduled = true;
      this.schedule(() => this.drain());
    }
  }

  private drain(): void {
    this.scheduled = false;
    for (const client of this.clients.values()) {
      for (const frame of client.queue.drain()) this.sink.deliver(client, frame.pcm, frame.sentAt);
      client.dropWarned = false;
    }
  }
}
