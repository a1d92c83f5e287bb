process.env.NODE_ENV = 'production';
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLogger } from '../src/config/logger.js';
import { ensureDatabase } from '../src/db/database.js';
import { databaseUrl, startEmbeddedPostgres } from '../src/db/embedded-postgres.js';
import { initOrm, migrate } from '../src/db/orm.js';
import { shareWork } from '../src/feed/feed.service.js';
import type { Viewer } from '../src/graphql/context.js';
import { announceThrough, postgresPublisher } from '../src/live/announce.js';
import { EventBus } from '../src/live/event-bus.js';
import { PersonEntity } from '../src/people/person.entity.js';
import { sideBySide } from './support/side-by-side.js';

/**
 * `pnpm bench`: posting while many others post. SHARERS members share at
 * once through the product path (feed.service `shareWork`: the share, its
 * SHARED and MENTIONED events, a notification, the ripple figures trigger,
 * the live announcement), with one instance's event bus listening as in
 * production, against the same number of bare one-row insert transactions
 * on the same database and pool. Prints shares per second for both and the
 * ratio; asserts nothing.
 */
const SHARERS = Number(process.env.BENCH_SHARERS ?? 32);
const PER_SHARER = Number(process.env.BENCH_SHARES_PER_SHARER ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);

const dir = mkdtempSync(path.join(tmpdir(), 'ripple-bench-'));
const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), ephemeral: true });
try {
  await ensureDatabase(pg.url, 'bench');
  const url = databaseUrl(pg.url, 'bench');
  // As many connections as writers, so the pool is not what serialises them.
  let statements = 0;
  const orm = await initOrm(url, {
    pool: { min: SHARERS, max: SHARERS, acquireTimeoutMillis: 30_000 },
    onQuery: (query: string) => (statements++, query),
  });
  await migrate(orm);
  // As the server does: wake-ups go out after commit, in their own statement (live/announce.ts).
  announceThrough(orm, postgresPublisher(orm, (error) => console.error('wake-up not sent', error)));
  const seed = orm.em.fork();
  await seed.execute(
    `insert into person (handle, name, email, password_hash)
     select 'sharer' || i, 'Sharer ' || i, 'sharer' || i || '@bench.test', 'x' from generate_series(1, ${SHARERS + 1}) i`,
  );
  await seed.execute(`create table bare_share (id bigserial primary key, sharer_id bigint not null, url text not null, title text not null, created_at timestamptz not null default now())`);
  const people = await seed.find(PersonEntity, {}, { orderBy: { id: 'asc' } });
  const mentioned = people.pop()!;
  const viewers: Viewer[] = people.map((person, i) => ({ person, sessionId: String(i + 1) }));
  const bus = new EventBus(url, createLogger('silent'));
  await bus.start();
  let delivered = 0;
  bus.onEvent(() => delivered++);

  let serial = 0;
  const total = SHARERS * PER_SHARER;
  const perSecond = (ms: number) => Math.round((total / ms) * 1000);
  const concurrently = async (one: (sharer: number, k: number) => Promise<unknown>) => {
    await Promise.all(
      Array.from({ length: SHARERS }, async (_, sharer) => {
        for (let k = 0; k < PER_SHARER; k++) await one(sharer, k);
      }),
    );
  };

  const result = await sideBySide(
    `${SHARERS} concurrent sharers, ${total} shares per round`,
    {
      label: 'shareWork (2 events, 1 notification, NOTIFY)',
      run: async () => {
        const start = performance.now();
        statements = 0;
        await concurrently((sharer) => {
          const n = ++serial;
          return shareWork(orm.em.fork(), viewers[sharer]!, {
            url: `https://example.test/work/${n}`,
            title: `Work ${n}`,
            note: 'Worth reading',
            authorName: 'Outside Author',
            mentionIds: [mentioned.id],
          });
        });
        return { notes: { 'shares/s': perSecond(performance.now() - start), 'SQL/share': (statements / total).toFixed(1) } };
      },
    },
    {
      label: 'bare one-row insert transaction',
      run: async () => {
        const start = performance.now();
        statements = 0;
        await concurrently((sharer) => {
          const n = ++serial;
          return orm.em.fork().transactional((tx) =>
            tx.execute(`insert into bare_share (sharer_id, url, title) values (?, ?, ?)`, [viewers[sharer]!.person.id, `https://example.test/bare/${n}`, `Bare ${n}`]),
          );
        });
        return { notes: { 'inserts/s': perSecond(performance.now() - start), 'SQL/insert': (statements / total).toFixed(1) } };
      },
    },
    ROUNDS,
  );
  console.log(
    `    shares per second: ${perSecond(result.product.median)} against ${perSecond(result.baseline.median)} bare inserts: ` +
      `${(result.baseline.median / result.product.median).toFixed(2)}× (goal ≥ 0.5×)`,
  );
  // Give the bus a moment to read the last round, then say whether it kept up.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const [{ events }] = await seed.execute<{ events: string }[]>(`select count(*)::text as events from event`);
  console.log(`    the listening bus delivered ${delivered} of ${Number(events)} events appended`);
  await bus.stop();
  await orm.close();
} finally {
  await pg.stop();
  rmSync(dir, { recursive: true, force: true });
}
