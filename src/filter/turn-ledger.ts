// What the filter remembers about each turn in progress, keyed by session id
// and turn order, so that a rule fires once per turn even when every partial
// of the turn matches it. A turn is forgotten after its final message; the map
// is bounded for turns whose final message never comes.

export interface TurnState {
  /** Indexes of the rules that fired for this turn. */
  fired: Set<number>;
  /** The wake word opened this turn, or the turn used an armed window. */
  accepted: boolean;
  /** This turn already armed the wake window. */
  armed: boolean;
}

export const MAX_OPEN_TURNS = 64;

export class TurnLedger {
  private readonly turns = new Map<string, TurnState>();

  static keyOf(sessionId: string, order: number): string {
    return `${sessionId}#${order}`;
  }

  open(key: string): TurnState {
    let state = this.turns.get(key);
    if (!state) {
      state = { fired: new Set(), accepted: false, armed: false };
      this.turns.set(key, state);
      if (this.turns.size > MAX_OPEN_TURNS) {
        const oldest = this.turns.keys().next().value;
        if (oldest !== undefined) this.turns.delete(oldest);
      }
    }
    return state;
  }

  close(key: string): void {
    this.turns.delete(key);
  }

  get size(): number {
    return this.turns.size;
  }
}
