/**
 * At most `limit` live reads (replays, fan-out executions, relation
 * queries) at once, so that live delivery never takes more of the database
 * pool than that and writers always find a connection. Under load live
 * delivery waits its turn (arrives later), it does not fail.
 */
export class ReadBudget {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(read: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await read();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
