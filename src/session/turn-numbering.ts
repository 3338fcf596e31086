// Numbers turns for the user across connections. Each connection's service
// numbers its turns from 0; the user sees one counter for the whole stream,
// assigned in the order turns first appear, so a reconnect or rollover never
// repeats or reuses a number.
const REMEMBERED_TURNS = 64;

export class TurnNumbering {
  private next = 0;

  /** A mapper for one connection: service turn_order -> stream order. */
  forConnection(): ConnectionTurnOrders {
    return new ConnectionTurnOrders(() => this.next++);
  }

  /** Turns numbered so far. */
  get count(): number {
    return this.next;
  }
}

export class ConnectionTurnOrders {
  private readonly orders = new Map<number, number>();

  constructor(private readonly allocate: () => number) {}

  /** The stream order of a service turn, numbering it if it is new. */
  orderOf(turnOrder: number): number {
    let order = this.orders.get(turnOrder);
    if (order === undefined) {
      order = this.allocate();
      this.orders.set(turnOrder, order);
      if (this.orders.size > REMEMBERED_TURNS) this.orders.delete(this.orders.keys().next().value as number);
    }
    return order;
  }

  /** The stream order of a turn already seen, or undefined. */
  peek(turnOrder: number): number | undefined {
    return this.orders.get(turnOrder);
  }
}
