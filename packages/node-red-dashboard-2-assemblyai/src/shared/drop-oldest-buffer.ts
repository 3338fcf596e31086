// A bounded queue that, when full, discards its oldest items to take new ones:
// audio waiting for a socket must never grow without bound, and the newest
// speech is the part worth keeping.

export class DropOldestBuffer<T> {
  readonly capacity: number;
  private readonly items: T[] = [];
  private droppedTotal = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity <= 0) throw new RangeError('Buffer capacity must be a positive integer.');
    this.capacity = capacity;
  }

  get length(): number {
    return this.items.length;
  }

  /** Items discarded since the buffer was made. */
  get dropped(): number {
    return this.droppedTotal;
  }

  /** Adds an item; returns how many old items were discarded to make room (0 or 1). */
  push(item: T): number {
    return this.offer(item) === undefined ? 0 : 1;
  }

  /** Adds an item; returns the oldest one if it was discarded to make room (so callers can count what was lost). */
  offer(item: T): T | undefined {
    this.items.push(item);
    if (this.items.length <= this.capacity) return undefined;
    this.droppedTotal++;
    return this.items.shift();
  }

  /** Removes and returns everything, oldest first. */
  drain(): T[] {
    return this.items.splice(0, this.items.length);
  }

  clear(): void {
    this.items.length = 0;
  }
}
