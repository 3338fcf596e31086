// Connections being ended on purpose (stop, idle, switched away from at a
// rollover): the audio handed to one goes out after its Begin, then Terminate,
// and the session waits (bounded by the connection's timers) for each to end.
import type { AudioPipeline } from './audio-pipeline';
import type { Link } from './link';

export class Drainer {
  private readonly links = new Set<Link>();

  constructor(private readonly audio: AudioPipeline) {}

  get size(): number {
    return this.links.size;
  }

  /** Ends `link` gracefully; `outbox` is its last audio (stop, idle), sent before Terminate. */
  drain(link: Link, outbox: Buffer[] | undefined): void {
    link.role = 'draining';
    this.links.add(link);
    if (outbox !== undefined) link.outbox = outbox;
    if (link.conn.begun) this.finish(link);
    else if (link.outbox === undefined || link.outbox.length === 0) link.conn.abort();
    // else: the connect timer bounds the wait for Begin; then finish() sends the outbox.
  }

  /** The link began (or had begun): send its outbox and Terminate. */
  finish(link: Link): void {
    const outbox = link.outbox;
    link.outbox = undefined;
    if (outbox !== undefined) this.audio.releaseAll(link.conn, outbox);
    link.conn.terminate();
  }

  ended(link: Link): void {
    this.links.delete(link);
  }
}
