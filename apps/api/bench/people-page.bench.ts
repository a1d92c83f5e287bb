import './support/production.js';
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/config/config.js';
import { createLogger } from '../src/config/logger.js';
import { ensureDatabase } from '../src/db/database.js';
import { databaseUrl, startEmbeddedPostgres } from '../src/db/embedded-postgres.js';
import { initOrm, migrate } from '../src/db/orm.js';
import { createRippleServer } from '../src/server/server.js';

/**
 * `pnpm bench`: the member directory under load. Seeds PEOPLE members with
 * FOLLOWS follows straight into PostgreSQL, then times a page of 50 people
 * with their counts and relations to the viewer, and counts its SQL.
 * Prints figures; asserts nothing (timings belong here, not in tests).
 */
const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 20_000);
const FOLLOWS = Number(process.env.BENCH_FOLLOWS ?? 200_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200);

const dir = mkdtempSync(path.join(tmpdir(), 'ripple-bench-'));
const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), ephemeral: true });
try {
  await ensureDatabase(pg.url, 'bench');
  let statements = 0;
  const orm = await initOrm(databaseUrl(pg.url, 'bench'), { onQuery: (q: string) => (statements++, q) });
  await migrate(orm);
  const em = orm.em.fork();
  const t0 = performance.now();
  await em.execute(
    `insert into person (handle, name, email, password_hash)
     select 'm' || i, 'Member ' || lpad(i::text, 6, '0'), 'm' || i || '@bench.test', 'x' from generate_series(1, ${PEOPLE}) i`,
  );
  await em.execute(
    `insert into event (id, kind, actor_id, subject_person_id, root_id, depth, visibility)
     select id, 'FOLLOWED', f, t, id, 0, 'public'
       from (select nextval('event_id_seq') id, f, t
               from (select distinct 1 + (random() * ${PEOPLE - 1})::int f, 1 + (random() * ${PEOPLE - 1})::int t
                       from generate_series(1, ${FOLLOWS})) pairs where f <> t) numbered`,
  );
  await em.execute(
    `insert into follow (follower_id, followee_id, event_id) select actor_id, subject_person_id, id from event
     on conflict do nothing`,
  );
  await em.execute('analyze');
  console.log(`seeded ${PEOPLE} people and ~${FOLLOWS} follows in ${Math.round(performance.now() - t0)} ms`);

  const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://bench', LOG_LEVEL: 'silent', SEED_DEMO: 'false' });
  const server = await createRippleServer({ config, orm, log: createLogger('silent') });
  const port = await server.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}/graphql`;
  const signUp = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: `mutation { signUp(input: { name: "Bench", handle: "bench", email: "bench@bench.test", password: "bench bench" }) { token } }`,
    }),
  }).then((r) => r.json());
  const token = signUp.data.signUp.token;
  const query = `query ($after: String) { people(first: 50, after: $after) { edges { node {
      id handle name headline followerCount followingCount viewerFollows followsViewer isConnection } }
      pageInfo { endCursor } } }`;

  const timings: number[] = [];
  let after: string | null = null;
  statements = 0;
  for (let i = 0; i < ROUNDS; i++) {
    const start = performance.now();
    const res: any = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables: { after } }),
    }).then((r) => r.json());
    timings.push(performance.now() - start);
    after = res.data.people.pageInfo.endCursor;
  }
  timings.sort((a, b) => a - b);
  const at = (q: number) => timings[Math.min(timings.length - 1, Math.floor(q * timings.length))]!.toFixed(1);
  console.log(`people page of 50 with counts, ${ROUNDS} consecutive pages:`);
  console.log(`  p50 ${at(0.5)} ms   p95 ${at(0.95)} ms   max ${at(1)} ms`);
  console.log(`  SQL statements per page: ${(statements / ROUNDS).toFixed(1)}`);
  await server.close();
  await orm.close();
} finally {
  await pg.stop();
  rmSync(dir, { recursive: true, force: true });
}
