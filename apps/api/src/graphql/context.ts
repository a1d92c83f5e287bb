import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../config/config.js';
import type { Logger } from '../config/logger.js';
import type { PersonEntity } from '../people/person.entity.js';
import type { EventBus } from '../live/event-bus.js';
import type { RateLimits } from '../auth/rate-limits.js';
import type { SessionCache } from '../auth/session-cache.js';
import { createLoaders, type Loaders } from './loaders.js';

export { createLoaders, type Loaders } from './loaders.js';

export interface Viewer {
  /** Who is signed in. For a session recalled from the cache, a reference holding only the id until loaded. */
  person: PersonEntity;
  /** Their id, when known without touching `person` (which may need an EntityManager). */
  personId?: string;
  /** The session behind this request, so that sign-out can end it. */
  sessionId: string;
  /** When that session expires: live streams end then (absent for the seed's stand-in viewers). */
  expiresAt?: Date;
}

/** Cookie handling differs per transport; over WebSocket it is a no-op. */
export interface SessionCookieJar {
  set(token: string, expiresAt: Date): void;
  clear(): void;
}

/**
 * Everything one operation needs: its own EntityManager fork (one identity
 * map per operation), its viewer, and its own loaders. The fork and the
 * loaders are made on first use: an operation answered from the session
 * and the schema alone (`{ viewer { id } }`) makes neither.
 */
export interface Context {
  /** Replaceable: the live hub hands a caught-up subscription a shared idle one, so its own fork can be collected. */
  em: EntityManager;
  viewer: Viewer | null;
  config: Config;
  log: Logger;
  /** The caller's address, for rate limits. */
  clientAddress: string;
  /** This server's rate-limit budgets (shared across replicas with a shared store). */
  limits: RateLimits;
  cookies: SessionCookieJar;
  loaders: Loaders;
  /** This instance's fan-out of committed events, for subscriptions. */
  live: EventBus;
  /** This instance's briefly remembered sessions: sign-out and password changes forget theirs here at once. */
  sessions: SessionCache;
}

/** How many EntityManagers this process has forked for operations: tests read it to see that an operation forked none. */
export const forkedEntityManagers = { count: 0 };

/**
 * A context whose EntityManager is forked from `fork` when first read (or
 * already given, `em`), and whose loaders are built when first read.
 *
 * The lazy parts are accessors on the prototype over one shared holder, not
 * own getters: Apollo clones the context for each request with
 * `Object.assign(Object.create(prototype), context)`, which would call own
 * getters (forking at once) and would give the clone a fork of its own.
 */
export function createContext(parts: Omit<Context, 'em' | 'loaders'> & { fork: () => EntityManager; em?: EntityManager }): Context {
  const { fork, em, ...rest } = parts;
  return new OperationContext(rest, { fork, em });
}

interface LazyParts {
  fork: () => EntityManager;
  em?: EntityManager;
  loaders?: Loaders;
}

class OperationContext implements Context {
  declare viewer: Viewer | null;
  declare config: Config;
  declare log: Logger;
  declare clientAddress: string;
  declare limits: RateLimits;
  declare cookies: SessionCookieJar;
  declare live: EventBus;
  declare sessions: SessionCache;

  constructor(
    parts: Omit<Context, 'em' | 'loaders'>,
    private readonly lazy: LazyParts,
  ) {
    Object.assign(this, parts);
  }

  get em(): EntityManager {
    if (!this.lazy.em) {
      forkedEntityManagers.count++;
      this.lazy.em = this.lazy.fork();
    }
    return this.lazy.em;
  }

  set em(value: EntityManager) {
    this.lazy.em = value;
  }

  get loaders(): Loaders {
    return (this.lazy.loaders ??= createLoaders(() => this.em, this.viewer));
  }

  set loaders(value: Loaders) {
    this.lazy.loaders = value;
  }
}
