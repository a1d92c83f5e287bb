import { LRUCache } from 'lru-cache';

/** What a validated session stands for: enough to answer who is asking without the database. */
export interface RememberedSession {
  sessionId: string;
  personId: string;
  /** When the session expires (ms since the epoch): a remembered session is never used past it. */
  expiresAt: number;
}

/**
 * Sessions this instance validated in the last few seconds, by the SHA-256
 * of their token, so that a signed-in request does not read the session
 * table every time. A remembered session is used only while
 *
 * - it was validated less than `ttlSeconds` ago (bounding anything no one
 *   announces, such as an expiry edited in the database), and
 * - it has not expired, and
 * - it has not ended: signing out or changing the password here forgets it
 *   at once (`forgetSession`, `forgetOtherSessionsOf`); on other instances
 *   the ended session's id arrives over the event bus (SESSION_CHANNEL),
 *   which `hasEnded` asks on every use.
 *
 * At most `max` sessions are kept; the least recently used go first.
 */
export class SessionCache {
  private readonly byTokenHash: LRUCache<string, RememberedSession> | null;
  /**
   * Sessions ended on this instance lately. A request that read its session
   * from the database just before the sign-out committed must not put it
   * back here; the bus would say so too, but only once its NOTIFY arrives.
   */
  private readonly endedHere: LRUCache<string, true> | null;
  private readonly hasEnded: (sessionId: string) => boolean;

  constructor(options: { ttlSeconds: number; max: number; hasEnded: (sessionId: string) => boolean }) {
    const enabled = options.ttlSeconds > 0 && options.max > 0;
    this.byTokenHash = enabled ? new LRUCache({ max: options.max, ttl: options.ttlSeconds * 1000 }) : null;
    this.endedHere = enabled ? new LRUCache({ max: options.max, ttl: options.ttlSeconds * 1000 }) : null;
    this.hasEnded = (sessionId) => this.endedHere?.has(sessionId) === true || options.hasEnded(sessionId);
  }

  /** The session behind this token hash, if remembered and still good. */
  recall(tokenHash: string): RememberedSession | undefined {
    const session = this.byTokenHash?.get(tokenHash);
    if (!session) return undefined;
    if (session.expiresAt <= Date.now() || this.hasEnded(session.sessionId)) {
      this.byTokenHash!.delete(tokenHash);
      return undefined;
    }
    return session;
  }

  remember(tokenHash: string, session: RememberedSession): void {
    if (session.expiresAt > Date.now() && !this.hasEnded(session.sessionId)) this.byTokenHash?.set(tokenHash, session);
  }

  /**
   * These sessions ended here (a sign-out, or a password change ending the
   * others): the next request with one of their tokens reads the database,
   * and finds nothing. A scan, not an index: endings are rare next to
   * requests, and the cache is bounded.
   */
  forgetSessions(sessionIds: readonly string[]): void {
    if (!this.byTokenHash || sessionIds.length === 0) return;
    const ended = new Set(sessionIds);
    for (const id of ended) this.endedHere!.set(id, true);
    const forgotten = [...this.byTokenHash.entries()].filter(([, session]) => ended.has(session.sessionId));
    for (const [tokenHash] of forgotten) this.byTokenHash.delete(tokenHash);
  }

  get size(): number {
    return this.byTokenHash?.size ?? 0;
  }
}
