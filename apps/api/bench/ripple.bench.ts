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
import { toGlobalId } from '../src/graphql/relay.js';
import { seedSyntheticCommunity, SYNTHETIC_PASSWORD } from '../src/seed/synthetic-community.js';
import { createRippleServer } from '../src/server/server.js';

/**
 * `pnpm bench` (second part): reading a 5,000-event ripple over HTTP inside
 * a synthetic community (PEOPLE people, FOLLOWS follows in cascades). Times
 * the figures alone, the explorer's first request (root, figures, 1,000
 * events, 1,000 people), a walk of every page, a sub-ripple deep in the
 * tree, and pages of the root actor's ripples with figures; counts SQL
 * statements per request. Prints figures; asserts nothing.
 */
const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 20_000);
const FOLLOWS = Number(process.env.BENCH_FOLLOWS ?? 100_000);
const RIPPLE_SIZE = Number(process.env.BENCH_RIPPLE_SIZE ?? 5_000);
const ROUNDS = Number(process.env.BENCH_RIPPLE_ROUNDS ?? 50);

const STATS = 'stats { size depth widestLevel peopleReached newConnections newFollows structuralVirality timeToFirstRipple timeSpan }';
const EVENT_FIELDS = 'id kind actorId subjectId subject2Id shareId introductionId causeId depth createdAt';
const QUERIES = {
  figures: `query ($id: ID!) { ripple(eventId: $id) { ${STATS} } }`,
  explorer: `query ($id: ID!) { ripple(eventId: $id) {
      root { id kind createdAt actor { id name handle } }
      ${STATS}
      events(first: 1000) { edges { node { ${EVENT_FIELDS} } } pageInfo { hasNextPage endCursor } }
      people(first: 1000) { edges { node { id handle name avatarUrl eventCount } } pageInfo { hasNextPage endCursor } }
    } }`,
  eventsPage: `query ($id: ID!, $after: String) { ripple(eventId: $id) {
      events(first: 1000, after: $after) { edges { node { ${EVENT_FIELDS} } } pageInfo { hasNextPage endCursor } } } }`,
  myRipples: `query ($role: RippleRole) { myRipples(role: $role, first: 20) { edges { node { root { id kind } ${STATS} } } pageInfo { hasNextPage } } }`,
};

const dir = mkdtempSync(path.join(tmpdir(), 'ripple-bench-'));
const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), ephemeral: true });
try {
  await ensureDatabase(pg.url, 'bench');
  let statements = 0;
  const orm = await initOrm(databaseUrl(pg.url, 'bench'), { onQuery: (q: string) => (statements++, q) });
  await migrate(orm);
  const t0 = performance.now();
  const seeded = await seedSyntheticCommunity(orm.em.fork(), { people: PEOPLE, events: FOLLOWS, seed: 1, largest: RIPPLE_SIZE });
  console.log(
    `seeded ${seeded.people} people and ${seeded.follows} follows in ${seeded.ripples} ripples in ${Math.round(performance.now() - t0)} ms`,
  );
  const big = seeded.largest[0]!;
  const [starter] = await orm.em.fork().execute<{ email: string }[]>(
    `select p.email from event e join person p on p.id = e.actor_id where e.id = ?`,
    [big.rootEventId],
  );

  const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://bench', LOG_LEVEL: 'silent', SEED_DEMO: 'false' });
  const server = await createRippleServer({ config, orm, log: createLogger('silent') });
  const rootId = toGlobalId('Event', big.rootEventId); // after the server has set up the id key
  const port = await server.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}/graphql`;
  const post = async (query: string, variables: Record<string, unknown> = {}, token?: string) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const text = await response.text();
    const body = JSON.parse(text);
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return { body, bytes: text.length };
  };
  const signIn = `mutation ($input: SignInInput!) { signIn(input: $input) { token } }`;
  const { body: signedIn } = await post(signIn, { input: { email: starter!.email, password: SYNTHETIC_PASSWORD } });
  const token: string = signedIn.data.signIn.token;

  /** Times `run` ROUNDS times (after one warm-up) and prints p50/p95/max and SQL statements per round. */
  const measure = async (label: string, run: () => Promise<{ requests: number; bytes: number }>) => {
    await run();
    const timings: number[] = [];
    let requests = 0;
    let bytes = 0;
    statements = 0;
    for (let i = 0; i < ROUNDS; i++) {
      const start = performance.now();
      const done = await run();
      timings.push(performance.now() - start);
      requests += done.requests;
      bytes = done.bytes;
    }
    timings.sort((a, b) => a - b);
    const at = (q: number) => timings[Math.min(timings.length - 1, Math.floor(q * timings.length))]!.toFixed(1);
    console.log(`${label}:`);
    console.log(
      `  p50 ${at(0.5)} ms   p95 ${at(0.95)} ms   max ${at(1)} ms   ` +
        `SQL per request ${(statements / requests).toFixed(1)}   response ${(bytes / 1024).toFixed(0)} KiB`,
    );
  };

  const explorer = await post(QUERIES.explorer, { id: rootId }, token);
  const ripple = explorer.body.data.ripple;
  console.log(
    `the ripple: ${ripple.stats.size} events, depth ${ripple.stats.depth}, widest level ${ripple.stats.widestLevel}, ` +
      `${ripple.stats.peopleReached} people, structural virality ${ripple.stats.structuralVirality.toFixed(2)}`,
  );
  // A sub-ripple: the first-level event with the most under it (read from its id to the end of the tree).
  const events: { id: string; causeId: string | null; depth: number }[] = [];
  for (let after: string | null = null; ; ) {
    const { body } = await post(QUERIES.eventsPage, { id: rootId, after }, token);
    const page = body.data.ripple.events;
    events.push(...page.edges.map((e: { node: (typeof events)[number] }) => e.node));
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  const under = new Map<string, number>();
  const topOf = new Map<string, string>();
  for (const event of events) {
    if (event.depth === 1) topOf.set(event.id, event.id);
    else if (event.causeId && topOf.has(event.causeId)) topOf.set(event.id, topOf.get(event.causeId)!);
    const top = topOf.get(event.id);
    if (top) under.set(top, (under.get(top) ?? 0) + 1);
  }
  const [subId, subSize] = [...under.entries()].sort((a, b) => b[1] - a[1])[0]!;

  console.log(`ripple(eventId) on that ${big.size}-event ripple, ${ROUNDS} rounds each:`);
  await measure('  figures only', async () => ({ requests: 1, bytes: (await post(QUERIES.figures, { id: rootId }, token)).bytes }));
  await measure('  explorer request (root, figures, 1,000 events, 1,000 people)', async () => ({
    requests: 1,
    bytes: (await post(QUERIES.explorer, { id: rootId }, token)).bytes,
  }));
  await measure(`  every event, page by page (${Math.ceil(events.length / 1000)} requests per round)`, async () => {
    let requests = 0;
    let bytes = 0;
    for (let after: string | null = null; ; requests++) {
      const { body, bytes: size } = await post(QUERIES.eventsPage, { id: rootId, after }, token);
      bytes += size;
      const page = body.data.ripple.events.pageInfo;
      if (!page.hasNextPage) return { requests: requests + 1, bytes };
      after = page.endCursor;
    }
  });
  await measure(`  a ${subSize}-event sub-ripple one level down (figures and 1,000 events)`, async () => ({
    requests: 1,
    bytes: (await post(QUERIES.explorer, { id: subId }, token)).bytes,
  }));
  for (const role of ['STARTED', 'IN']) {
    await measure(`  myRipples(role: ${role}): a page of 20 of the root actor's ripples with figures`, async () => ({
      requests: 1,
      bytes: (await post(QUERIES.myRipples, { role }, token)).bytes,
    }));
  }

  await server.close();
  await orm.close();
} finally {
  await pg.stop();
  rmSync(dir, { recursive: true, force: true });
}
