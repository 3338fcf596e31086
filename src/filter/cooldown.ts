// Per-rule cooldown against repeats: after a rule fires it stays quiet for its
// cooldown, however often it matches again. Time comes from the caller.

export class Cooldowns {
  private readonly lastFiredAt = new Map<number, number>();

  isCooling(ruleIndex: number, cooldownMs: number, now: number): boolean {
    if (cooldownMs <= 0) return false;
    const last = this.lastFiredAt.get(ruleIndex);
    return last !== undefined && now - last < cooldownMs;
  }

  fired(ruleIndex: number, now: number): void {
    this.lastFiredAt.set(ruleIndex, now);
  }
}
