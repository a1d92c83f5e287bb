/**
 * The per-person cap on live operations (RELIABILITY.md row 10), asked by
 * the WebSocket server before an operation starts. In memory it counts this
 * instance's operations; with Redis (redis-bus.ts) every instance's.
 */
export interface SubscriptionCaps {
  /** A place for one more operation of this person, and how to give it back; null when they hold the cap. */
  take(personId: string): Promise<(() => void) | null>;
  close(): void;
}

export class MemorySubscriptionCaps implements SubscriptionCaps {
  private readonly running = new Map<string, number>();

  constructor(private readonly perPerson: number) {}

  async take(personId: string): Promise<(() => void) | null> {
    const count = this.running.get(personId) ?? 0;
    if (count >= this.perPerson) return null;
    this.running.set(personId, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.running.get(personId) ?? 1) - 1;
      if (left > 0) this.running.set(personId, left);
      else this.running.delete(personId);
    };
  }

  close() {}
}
