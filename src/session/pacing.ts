// When the audio pipeline may release the next frame to a connection. Today
// frames go as soon as the socket has room (unpaced); a rule that sends
// piled-up audio no faster than the service accepts plugs in here: the
// pipeline asks it before every frame it sends from its queue or straight
// from the framer. Only the last audio of a connection being stopped
// (AudioPipeline.releaseAll) goes out unpaced, just before Terminate.

export interface PacingRule {
  /** How long to wait before the next frame may go (0: now). `now` is monotonic ms. */
  waitMs(now: number): number;
  /** A frame of `bytes` went out at `now`. */
  released(bytes: number, now: number): void;
  /** The connection changed: start afresh. */
  reset(): void;
}

export const unpaced: PacingRule = {
  waitMs: () => 0,
  released: () => undefined,
  reset: () => undefined,
};
