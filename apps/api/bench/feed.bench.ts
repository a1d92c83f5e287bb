import './support/production.js';
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { print } from 'graphql';
import { FeedItemsDocument } from '../../../packages/schema/src/generated/graphql.js';
import { loadConfig } from '../src/config/config.js';
import { createLogger } from '../src/config/logger.js';
import { ensureDatabase } from '../src/db/database.js';
import { databaseUrl, startEmbeddedPostgres } from '../src/db/embedded-postgres.js';
import { initOrm, migrate } from '../src/db/orm.js';
import { createRippleServer } from '../src/server/server.js';
import { graphqlPost } from './support/graphql-post.js';
import { sideBySide } from './support/side-by-side.js';

/**
 * `pnpm bench`: the web app's feed page (its own FeedItems document, 20 and
 * 100 items) against a single-row query on the same server (one share by
 * id), signed in, production mode, rounds interleaved, medians. The feed is
 * made through the API itself: SHARES works by MEMBERS members, with
 * mentions, member authors, thanks and reshares. Prints; asserts nothing.
 */
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 12);
const SHARES = Number(process.env.BENCH_SHARES ?? 240);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200);

const dir = mkdtempSync(path.join(tmpdir(), 'ripple-bench-'));
const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), ephemeral: true });
try {
  await ensureDatabase(pg.url, 'bench');
  let statements = 0;
  const orm = await initOrm(databaseUrl(pg.url, 'bench'), { onQuery: (q: string) => (statements++, q) });
  await migrate(orm);
  // All the bench's members sign up from one address.
  const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://bench', LOG_LEVEL: 'silent', SEED_DEMO: 'false', SIGN_UP_ATTEMPTS: '1000' });
  const server = await createRippleServer({ config, orm, log: createLogger('silent') });
  const port = await server.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}/graphql`;
  const post = graphqlPost(url);

  const members: { id: string; token: string }[] = [];
  for (let i = 0; i < MEMBERS; i++) {
    const { body: { data } } = await post(
      `mutation ($input: SignUpInput!) { signUp(input: $input) { token person { id } } }`,
      { input: { name: `Member ${i}`, handle: `member${i}`, email: `m${i}@bench.test`, password: 'bench bench bench' } },
    );
    members.push({ id: data.signUp.person.id, token: data.signUp.token });
  }
  const [viewer] = members as [(typeof members)[0]];
  let lastShare = '';
  for (let i = 0; i < SHARES; i++) {
    const sharer = members[1 + (i % (MEMBERS - 1))]!;
    const author = members[1 + ((i + 1) % (MEMBERS - 1))]!;
    const { body: { data } } = await post(
      `mutation ($input: ShareWorkInput!) { shareWork(input: $input) { id } }`,
      {
        input: {
          url: `https://example.org/work/${i}`,
          title: `Work ${i}`,
          note: 'Worth reading for the second half.',
          ...(i % 2 ? { authorId: author.id } : { authorName: `Outside ${i}` }),
          mentionIds: [members[1 + ((i + 2) % (MEMBERS - 1))]!.id],
        },
      },
      sharer.token,
    );
    lastShare = data.shareWork.id;
    if (i % 3 === 0) await post(`mutation ($id: ID!) { thank(shareId: $id) { id } }`, { id: lastShare }, viewer.token);
    for (let r = 1; r <= i % 4; r++) {
      const resharer = members[1 + ((i + 2 + r) % (MEMBERS - 1))]!;
      if (resharer !== sharer) await post(`mutation ($id: ID!) { reshare(shareId: $id, note: "yes") { id } }`, { id: lastShare }, resharer.token);
    }
  }
  await orm.em.fork().execute('analyze');
  console.log(`feed: ${SHARES} works by ${MEMBERS - 1} members, with mentions, thanks and reshares`);

  const feedDocument = print(FeedItemsDocument);
  const single = `query ($id: ID!) { node(id: $id) { id ... on Share { title } } }`;
  await post(`{ viewer { id } }`, {}, viewer.token); // the session, cached as in the web app
  const side = (label: string, query: string, variables: Record<string, unknown>) => ({
    label,
    run: async () => {
      statements = 0;
      const { bytes } = await post(query, variables, viewer.token);
      return { notes: { statements, bytes } };
    },
  });
  for (const first of [20, 100]) {
    await sideBySide(
      `the web app's feed page, ${first} items, signed in`,
      side(`FeedItems(first: ${first})`, feedDocument, { first }),
      side('single-row query: one share by id', single, { id: lastShare }),
      ROUNDS,
    );
  }
  await server.close();
  await orm.close();
} finally {
  await pg.stop();
  rmSync(dir, { recursive: true, force: true });
}
