// Stands in for the runtime when the node cannot connect at all (no account,
// missing key, invalid fields): every message is answered with the reason,
// audio at most once per window so a stream of chunks does not flood the log.
type Done = (error?: Error) => void;

const AUDIO_ERROR_WINDOW_MS = 10000;

export class UnusableTranscriber {
  private lastAudioErrorAt = -Infinity;

  constructor(private readonly reason: string) {}

  handleInput(msg: Record<string, unknown>, done: Done): void {
    if (msg.action !== undefined) {
      done(new Error(this.reason));
      return;
    }
    const now = Date.now();
    if (now - this.lastAudioErrorAt < AUDIO_ERROR_WINDOW_MS) {
      done();
      return;
    }
    this.lastAudioErrorAt = now;
    done(new Error(this.reason));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
