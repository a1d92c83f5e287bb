import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../config/config.js';
import type { Logger } from '../config/logger.js';
import { createPeopleLoaders } from '../people/people.loaders.js';
import { createEventLoaders } from '../events/event.loaders.js';
import { createFeedLoaders } from '../feed/feed.loaders.js';
import { createIntroductionLoaders } from '../introductions/introductions.loaders.js';
import type { PersonEntity } from '../people/person.entity.js';
import type { EventBus } from '../live/event-bus.js';
import type { RateLimits } from '../auth/rate-limits.js';

export interface Viewer {
  person: PersonEntity;
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
 * map per operation), its viewer, and its own loaders.
 */
export interface Context {
  em: EntityManager;
  viewer: Viewer | null;
  config: Config;
  log: Logger;
  /** The caller's address, for rate limits. */
  clientAddress: string;
  /** This server's rate-limit budgets (shared across replicas with a shared store). */
  limits: RateLimits;
  cookies: SessionCookieJar;
  loaders: ReturnType<typeof createLoaders>;
  /** This instance's fan-out of committed events, for subscriptions. */
  live: EventBus;
}

export function createLoaders(em: EntityManager, viewer: Viewer | null) {
  const viewerId = viewer?.person.id ?? null;
  return {
    people: createPeopleLoaders(em, viewerId),
    events: createEventLoaders(em),
    feed: createFeedLoaders(em, viewerId),
    introductions: createIntroductionLoaders(em, viewerId),
  };
}
