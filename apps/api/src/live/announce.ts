import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';

/**
 * How a write tells every instance that rows committed (a wake-up: readers
 * then read the rows themselves from PostgreSQL, by cursor).
 *
 * By default the write calls `pg_notify` inside its transaction, which
 * PostgreSQL delivers only on commit. With Redis (REDIS_URL) the write
 * publishes to Redis once its transaction has committed instead, and takes
 * no part in PostgreSQL's notify queue (whose commit-time lock every
 * notifying transaction in the cluster shares). A wake-up lost on the way
 * (the process dies right after commit, Redis is down) loses no row: every
 * instance reads again by cursor when Redis comes back and every 5 seconds.
 */
export interface Publisher {
  publish(channel: string, payload: string): void;
}

const publishers = new WeakMap<object, Publisher>();
/** Wake-ups waiting for their (root) transaction to commit. */
const pending = new WeakMap<object, [channel: string, payload: string][]>();

/** From now on writes through this ORM announce through `publisher`, after commit. */
export function announceThrough(orm: MikroORM, publisher: Publisher): void {
  publishers.set(orm.config, publisher);
  orm.em.getEventManager().registerSubscriber({
    afterTransactionCommit: ({ transaction }) => {
      const waiting = transaction && pending.get(transaction);
      if (!waiting) return;
      pending.delete(transaction);
      for (const [channel, payload] of waiting) publisher.publish(channel, payload);
    },
  });
}

/**
 * The SQL expression that announces `idSql` on `channel` from inside the
 * statement: `pg_notify(…)` by default, `null` when announcing through Redis
 * (then call `announceAfterCommit` with the ids the statement returned).
 */
export function notifySql(em: EntityManager, channel: string, idSql: string): string {
  return publishers.has(em.config) ? 'null' : `pg_notify('${channel}', ${idSql}::text)`;
}

/** With Redis: publishes `payloads` on `channel` once the surrounding transaction commits (at once outside one). */
export function announceAfterCommit(em: EntityManager, channel: string, payloads: string[]): void {
  const publisher = publishers.get(em.config);
  if (!publisher || payloads.length === 0) return;
  let transaction = em.getTransactionContext<{ parentTransaction?: object }>();
  if (!transaction) {
    for (const payload of payloads) publisher.publish(channel, payload);
    return;
  }
  // A savepoint's commit is not the commit: wait for the outermost transaction's.
  while (transaction.parentTransaction) transaction = transaction.parentTransaction as typeof transaction;
  const waiting = pending.get(transaction) ?? [];
  pending.set(transaction, waiting);
  for (const payload of payloads) waiting.push([channel, payload]);
}
