// A stop in progress (of stop() or close()): its promise resolves once every
// connection has ended. While the stop is still being set up, the connections
// it ends must not finish it early.
export class StopRun {
  readonly promise: Promise<void>;
  settingUp = true;
  private resolve!: () => void;

  constructor() {
    this.promise = new Promise<void>((resolve) => {
      this.resolve = resolve;
    });
  }

  /** Nothing is still being set up or drained. */
  canFinish(draining: number): boolean {
    return !this.settingUp && draining === 0;
  }

  finish(): void {
    this.resolve();
  }
}
