import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { executePrepared, wordArray } from '../db/sql.js';

/**
 * How a write tells every instance that rows committed (a wake-up: readers
 * then read the rows themselves from PostgreSQL, by cursor).
 *
 * The server announces after commit, never inside the write's transaction:
 * with Redis (REDIS_URL) by publishing to Redis, without it through
 * `postgresPublisher` below. A `pg_notify` inside a write would make its
 * commit take PostgreSQL's notify lock, which every notifying transaction
 * in the cluster shares and which is held through the commit's WAL flush:
 * concurrent writers would commit one at a time. A wake-up lost on the way
 * (the process dies right after commit, Redis is down) loses no row: every
 * instance reads again by cursor when Redis comes back and every 5 seconds.
 *
 * An ORM with no publisher (seeds, scripts) notifies inside the statement
 * (`notifySql`), which PostgreSQL delivers on commit.
 */
export interface Publisher {
  publish(channel: string, payload: string): void;
}

const publishers = new WeakMap<object, Publisher>();
/** Wake-ups waiting for their (root) transaction to commit. */
const pending = new WeakMap<object, [channel: string, payload: string][]>();

/** From now on writes through this ORM announce through `publisher`, after commit. */
export function announceThrough(orm: MikroORM, publisher: Publisher): void {
  // A second server on the same ORM (a test's restart) replaces the publisher, not adds one.
  const subscribed = publishers.has(orm.config);
  publishers.set(orm.config, publisher);
  if (subscribed) return;
  orm.em.getEventManager().registerSubscriber({
    afterTransactionCommit: ({ transaction }) => {
      const waiting = transaction && pending.get(transaction);
      if (!waiting) return;
      pending.delete(transaction);
      const current = publishers.get(orm.config)!;
      for (const [channel, payload] of waiting) current.publish(channel, payload);
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

/** With a publisher: publishes `payloads` on `channel` once the surrounding transaction commits (at once outside one). */
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

/**
 * Wake-ups through PostgreSQL's own LISTEN/NOTIFY, sent after commit from
 * their own statement: `pg_notify` there takes the notify lock only for a
 * transaction that writes nothing else (no WAL flush to wait for while
 * holding it). Wake-ups that arrive while one is being sent go out
 * together in the next statement, in the order they were published.
 */
export function postgresPublisher(orm: MikroORM, onError: (error: unknown) => void): Publisher {
  let queue: [channel: string, payload: string][] = [];
  let sending = false;
  const send = async () => {
    sending = true;
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      await Promise.resolve()
        .then(() => {
          const channels = wordArray(batch.map(([channel]) => channel));
          const payloads = wordArray(batch.map(([, payload]) => payload));
          return executePrepared(
            orm.em.fork(),
            `select pg_notify(c, p) from unnest(?::text[], ?::text[]) with ordinality as w(c, p, n) order by n`,
            [channels, payloads],
          );
        })
        .catch(onError);
    }
    sending = false;
  };
  return {
    publish(channel, payload) {
      queue.push([channel, payload]);
      if (!sending) void send();
    },
  };
}
