/**
 * Counts failed attempts per key in fixed windows. In memory, per API
 * instance: with N replicas an attacker gets at most N × the limit, which
 * still defeats brute force; a Redis-backed store is the step up.
 */
export class AttemptLimiter {
  private readonly windows = new Map<string, { failures: number; resetAt: number }>();

  constructor(
    private readonly maxFailures: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until `key` may try again, or 0 if it may now. */
  retryAfter(key: string): number {
    const window = this.windows.get(key);
    if (!window || window.resetAt <= this.now()) return 0;
    return window.failures >= this.maxFailures ? Math.ceil((window.resetAt - this.now()) / 1000) : 0;
  }

  fail(key: string): void {
    const now = this.now();
    const window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      if (this.windows.size > 100_000) this.prune(now);
      this.windows.set(key, { failures: 1, resetAt: now + this.windowMs });
    } else {
      window.failures += 1;
    }
  }

  succeed(key: string): void {
    this.windows.delete(key);
  }

  private prune(now: number) {
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }
}
