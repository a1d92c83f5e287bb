import './support/production.js';
import 'reflect-metadata';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { loadConfig } from '../src/config/config.js';
import { createLogger } from '../src/config/logger.js';
import { ensureDatabase } from '../src/db/database.js';
import { databaseUrl, startEmbeddedPostgres } from '../src/db/embedded-postgres.js';
import { initOrm, migrate } from '../src/db/orm.js';
import { toGlobalId } from '../src/graphql/relay.js';
import { seedSyntheticCommunity, SYNTHETIC_PASSWORD } from '../src/seed/synthetic-community.js';
import { createRippleServer } from '../src/server/server.js';
import { graphqlPost } from './support/graphql-post.js';
import { sideBySide, timed } from './support/side-by-side.js';

/**
 * `pnpm bench` (ripples): a whole ripple of 10,000 and of 100,000 events,
 * fetched as the explorer fetches it (one GraphQL request: root, figures and
 * the snapshot), beside the naive hand-written path: node-postgres
 * `select * from event where root_id = $1 order by id` + JSON.stringify over
 * raw Node http. Then the first screen (root, figures, the first 1,000
 * events) and a sub-ripple deep in the big tree. Prints; asserts nothing.
 */
const SIZES = (process.env.BENCH_RIPPLE_SIZES ?? '10000,100000').split(',').map(Number);
const ROUNDS = Number(process.env.BENCH_RIPPLE_ROUNDS ?? 7);
const SCREEN_ROUNDS = Number(process.env.BENCH_SCREEN_ROUNDS ?? 30);

const STATS = 'stats { size depth widestLevel peopleReached newConnections newFollows structuralVirality timeToFirstRipple timeSpan }';
const ROOT = 'root { id kind createdAt actor { id handle name } }';
const WHOLE = `query ($id: ID!) { ripple(eventId: $id) { ${ROOT} ${STATS} snapshot } }`;
const FIRST_SCREEN = `query ($id: ID!) { ripple(eventId: $id) { ${ROOT} ${STATS}
  events(first: 1000) { edges { node { id kind actorId subjectId subject2Id shareId introductionId causeId depth createdAt } } pageInfo { hasNextPage endCursor } } } }`;

const dir = mkdtempSync(path.join(tmpdir(), 'ripple-bench-'));
const postgres = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), ephemeral: true });
try {
  await ensureDatabase(postgres.url, 'bench');
  const url = databaseUrl(postgres.url, 'bench');
  let statements = 0;
  const orm = await initOrm(url, { onQuery: (q: string) => (statements++, q) });
  await migrate(orm);

  // One synthetic community per size, each with one ripple of exactly that size.
  const ripples: { size: number; rootEventId: string; email: string }[] = [];
  for (const [i, size] of SIZES.entries()) {
    const t0 = performance.now();
    const seeded = await seedSyntheticCommunity(orm.em.fork(), {
      people: Math.ceil(size * 1.3) + 100,
      events: size,
      largest: size,
      seed: 100 + i,
    });
    const [starter] = await orm.em.fork().execute<{ email: string }[]>(
      `select p.email from event e join person p on p.id = e.actor_id where e.id = ?`,
      [seeded.largest[0]!.rootEventId],
    );
    ripples.push({ size, rootEventId: seeded.largest[0]!.rootEventId, email: starter!.email });
    console.log(`seeded a ${size.toLocaleString('en')}-event ripple (${seeded.people.toLocaleString('en')} people) in ${Math.round(performance.now() - t0)} ms`);
  }

  const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: url, LOG_LEVEL: 'silent', SEED_DEMO: 'false' });
  const server = await createRippleServer({ config, orm, log: createLogger('silent') });
  const port = await server.listen(0, '127.0.0.1');
  const graphqlUrl = `http://127.0.0.1:${port}/graphql`;

  // The naive path, hand-written: one query, JSON.stringify of the rows, raw http.
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const naive = http.createServer(async (req, res) => {
    const root = new URL(req.url!, 'http://x').searchParams.get('root');
    const { rows } = await pool.query('select * from event where root_id = $1 order by id', [root]);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(rows));
  });
  await new Promise<void>((resolve) => naive.listen(0, '127.0.0.1', resolve));
  const naiveUrl = `http://127.0.0.1:${(naive.address() as AddressInfo).port}/events`;

  const post = graphqlPost(graphqlUrl);
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

  for (const ripple of ripples) {
    const { body: signedIn } = await post(`mutation ($input: SignInInput!) { signIn(input: $input) { token } }`, {
      input: { email: ripple.email, password: SYNTHETIC_PASSWORD },
    });
    const token: string = signedIn.data.signIn.token;
    const id = toGlobalId('Event', ripple.rootEventId);
    const label = `${ripple.size.toLocaleString('en')}-event ripple`;

    await sideBySide(
      `The whole ${label} in one request`,
      {
        label: 'GraphQL ripple { root stats snapshot }',
        run: async () => {
          statements = 0;
          const { body, bytes } = await post(WHOLE, { id }, token);
          if (body.data.ripple.snapshot.size !== ripple.size) throw new Error('the snapshot is short');
          return { notes: { requests: 1, response: kib(bytes), statements } };
        },
      },
      {
        label: 'naive: node-postgres rows + JSON.stringify',
        run: async () => {
          const response = await fetch(`${naiveUrl}?root=${ripple.rootEventId}`);
          const text = await response.text();
          if (JSON.parse(text).length !== ripple.size) throw new Error('the naive path is short');
          return { notes: { requests: 1, response: kib(text.length), statements: 1 } };
        },
      },
      ROUNDS,
    );
    await timed(
      `  first screen of it (root, figures, first 1,000 events)`,
      async () => {
        statements = 0;
        const { bytes } = await post(FIRST_SCREEN, { id }, token);
        return { notes: { response: kib(bytes), statements } };
      },
      SCREEN_ROUNDS,
    );

    // The biggest branch one level down: its ripple reads only itself.
    const [branch] = await orm.em.fork().execute<{ id: string; n: number }[]>(
      `select d.ancestor_id as id, count(*)::int as n from ripple_descendant d
        where d.ancestor_id in (select id from event where cause_id = ?) group by 1 order by 2 desc limit 1`,
      [ripple.rootEventId],
    );
    if (branch) {
      const subId = toGlobalId('Event', String(branch.id));
      await timed(
        `  a ${(branch.n + 1).toLocaleString('en')}-event sub-ripple inside it: first screen`,
        async () => {
          statements = 0;
          const { bytes } = await post(FIRST_SCREEN, { id: subId }, token);
          return { notes: { response: kib(bytes), statements } };
        },
        SCREEN_ROUNDS,
      );
      await timed(
        `  the same sub-ripple whole (snapshot)`,
        async () => {
          statements = 0;
          const { bytes } = await post(WHOLE, { id: subId }, token);
          return { notes: { response: kib(bytes), statements } };
        },
        ROUNDS,
      );
    }
  }

  naive.close();
  await pool.end();
  await server.close();
  await orm.close();
} finally {
  await postgres.stop();
  rmSync(dir, { recursive: true, force: true });
}
