import { createHash } from 'node:crypto';
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { Knex, MikroORM } from '@mikro-orm/postgresql';
import type { Redis } from 'ioredis';
import type { Config } from '../config/config.js';
import { AppError } from '../graphql/errors.js';

/**
 * Where budgets are counted. `memory` is per instance; a shared store
 * (PostgreSQL's `rate_limit` table, or Redis with REDIS_URL) makes N
 * replicas share one budget.
 */
export type BudgetStore = { kind: 'memory' } | { kind: 'postgres'; knex: Knex } | { kind: 'redis'; client: Redis };

/** Created by a migration (Migration20261202000000RateLimits), in the shape RateLimiterPostgres reads. */
export const RATE_LIMIT_TABLE = 'rate_limit';

export function budgetStore(config: Config, orm: MikroORM, redis: Redis | null): BudgetStore {
  switch (config.RATE_LIMIT_STORE) {
    case 'memory':
      return { kind: 'memory' };
    case 'postgres':
      return { kind: 'postgres', knex: orm.em.getKnex() };
    case 'redis':
      if (!redis) throw new Error('RATE_LIMIT_STORE is redis but there is no Redis connection');
      return { kind: 'redis', client: redis };
  }
}

export interface BudgetSpec {
  /** Names the budget; part of every stored key. */
  name: string;
  points: number;
  seconds: number;
}

/** Thrown by the store when it cannot count (e.g. the database is down): fail closed, clearly. */
export type OnStoreError = (error: unknown, budget: string) => void;

/** Makes budgets on one store. Only the first PostgreSQL one sweeps expired rows (they share a table). */
export function budgetFactory(store: BudgetStore, onStoreError: OnStoreError) {
  let sweeping = false;
  return (spec: BudgetSpec): Budget => {
    const options = { keyPrefix: spec.name, points: spec.points, duration: spec.seconds };
    let limiter: RateLimiterAbstract;
    switch (store.kind) {
      case 'memory':
        limiter = new RateLimiterMemory(options);
        break;
      case 'postgres':
        limiter = new RateLimiterPostgres({
          ...options,
          storeClient: store.knex,
          storeType: 'knex',
          tableName: RATE_LIMIT_TABLE,
          tableCreated: true, // by the migration: no CREATE TABLE racing at boot
          clearExpiredByTimeout: !sweeping,
        });
        sweeping = true;
        break;
      case 'redis':
        // Keys expire in Redis by themselves; `rl:` keeps them apart from the live layer's.
        limiter = new RateLimiterRedis({ ...options, keyPrefix: `rl:${spec.name}`, storeClient: store.client });
        break;
    }
    return new Budget(spec.name, limiter, onStoreError);
  };
}

/** Keys are hashed: fixed length (the store's key is varchar(255)) and no emails or addresses at rest. */
const storedKey = (key: string) => createHash('sha256').update(key).digest('base64url');

export function rateLimited(message: string, msBeforeNext: number): AppError {
  const retryAfterSeconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new AppError('RATE_LIMITED', `${message} Try again in ${waitPhrase(retryAfterSeconds)}.`, { retryAfterSeconds });
}

function waitPhrase(seconds: number): string {
  if (seconds < 90) return seconds === 1 ? '1 second' : `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 90) return `${minutes} minutes`;
  return `${Math.ceil(minutes / 60)} hours`;
}

/**
 * `points` uses per key per window (a fixed window that starts with the
 * first use). Every change is one atomic operation in the store, so
 * concurrent requests cannot all slip under the limit.
 */
export class Budget {
  constructor(
    readonly name: string,
    private readonly limiter: RateLimiterAbstract,
    private readonly onStoreError: OnStoreError,
  ) {}

  /**
   * Uses one point, or throws RATE_LIMITED (with `retryAfterSeconds`) when
   * the key has none left. `seconds` overrides the window for a new key.
   */
  async take(key: string, refusal: string, seconds?: number): Promise<void> {
    try {
      await this.limiter.consume(storedKey(key), 1, seconds === undefined ? {} : { customDuration: seconds });
    } catch (error) {
      if (error instanceof RateLimiterRes) throw rateLimited(refusal, error.msBeforeNext);
      throw this.unavailable(error);
    }
  }

  /** Adds a point without refusing; resolves with the points the key has used in this window. */
  async count(key: string): Promise<number> {
    const res = await this.limiter.penalty(storedKey(key), 1).catch((error) => {
      throw this.unavailable(error);
    });
    return res.consumedPoints;
  }

  /** Gives one point back (an attempt that turned out not to count). */
  async refund(key: string): Promise<void> {
    await this.limiter.reward(storedKey(key), 1).catch((error) => {
      throw this.unavailable(error);
    });
  }

  /** Forgets the key: a fresh budget. */
  async reset(key: string): Promise<void> {
    await this.limiter.delete(storedKey(key)).catch((error) => {
      throw this.unavailable(error);
    });
  }

  /** Marks the key for `seconds` (a fact to remember, not a use). */
  async mark(key: string, seconds: number): Promise<void> {
    await this.limiter.set(storedKey(key), 1, seconds).catch((error) => {
      throw this.unavailable(error);
    });
  }

  async isMarked(key: string): Promise<boolean> {
    const res = await this.limiter.get(storedKey(key)).catch((error) => {
      throw this.unavailable(error);
    });
    return res !== null && res.consumedPoints > 0;
  }

  private unavailable(error: unknown): AppError {
    this.onStoreError(error, this.name);
    return new AppError('SERVICE_UNAVAILABLE', 'This is unavailable for a moment; please try again shortly.', {
      http: { status: 503 },
    });
  }
}
