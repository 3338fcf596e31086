// A FIFO of audio frames bounded in bytes: pushing past the bound drops the
// oldest frames first and says how many bytes went.
export class FrameQueue {
  private frames: Array<Buffer | undefined> = [];
  private head = 0;
  private byteCount = 0;

  constructor(private maxBytes: number) {}

  get bytes(): number {
    return this.byteCount;
  }

  get length(): number {
    return this.frames.length - this.head;
  }

  get capacityBytes(): number {
    return this.maxBytes;
  }

  /** Changes the bound; returns the bytes dropped to meet it. */
  setCapacity(maxBytes: number): number {
    this.maxBytes = maxBytes;
    return this.trim();
  }

  /** Appends a frame; returns the bytes of old frames (or this one) dropped to stay within the bound. */
  push(frame: Buffer): number {
    this.frames.push(frame);
    this.byteCount += frame.length;
    return this.byteCount > this.maxBytes ? this.trim() : 0;
  }

  shift(): Buffer | undefined {
    if (this.head >= this.frames.length) return undefined;
    const frame = this.frames[this.head] as Buffer;
    this.frames[this.head++] = undefined;
    this.byteCount -= frame.length;
    if (this.head === this.frames.length) {
      this.frames.length = 0;
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.frames.length) {
      this.frames = this.frames.slice(this.head);
      this.head = 0;
    }
    return frame;
  }

  /** Removes and returns every frame, oldest first. */
  takeAll(): Buffer[] {
    const frames = this.frames.slice(this.head) as Buffer[];
    this.clear();
    return frames;
  }

  /** Empties the queue; returns the bytes discarded. */
  clear(): number {
    const dropped = this.byteCount;
    this.frames = [];
    this.head = 0;
    this.byteCount = 0;
    return dropped;
  }

  private trim(): number {
    let dropped = 0;
    while (this.byteCount > this.maxBytes && this.length > 0) {
      dropped += (this.shift() as Buffer).length;
    }
    return dropped;
  }
}
