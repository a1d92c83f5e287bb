// Production mode before graphql (and everything that imports it) loads.
process.env.NODE_ENV = 'production';

/**
 * `pnpm bench` (live): one new share delivered to N WebSocket subscribers
 * of `feedEvents` with the web app's own selection (FeedEvents in
 * packages/schema/operations/feed.graphql), on the real API server and an
 * embedded PostgreSQL, beside two baselines in the same run, rounds
 * interleaved: a raw `ws` broadcast of the same bytes to N sockets, and a
 * bare graphql-ws server with a trivial pubsub. Time until every subscriber
 * has the message (the subscribers live in a child process), memory per
 * subscribed connection (heap and RSS delta / N, after GC) and SQL
 * statements per event. Prints a table; asserts nothing.
 *
 * Run with `node --expose-gc --import tsx bench/live.bench.ts`.
 */
const { fork } = await import('node:child_process');
const { createHash, randomBytes } = await import('node:crypto');
const { mkdtempSync, readFileSync, rmSync } = await import('node:fs');
const http = (await import('node:http')).default;
const { tmpdir } = await import('node:os');
const path = (await import('node:path')).default;
const { performance } = await import('node:perf_hooks');
await import('reflect-metadata');
const { WebSocketServer } = await import('ws');
const { buildSchema } = await import('graphql');
const { useServer } = await import('graphql-ws/use/ws');
const { Repeater } = await import('@repeaterjs/repeater');
const { loadConfig } = await import('../src/config/config.js');
const { createLogger } = await import('../src/config/logger.js');
const { ensureDatabase } = await import('../src/db/database.js');
const { databaseUrl, startEmbeddedPostgres } = await import('../src/db/embedded-postgres.js');
const { initOrm, migrate } = await import('../src/db/orm.js');
const { createRippleServer } = await import('../src/server/server.js');
type AddressInfo = import('node:net').AddressInfo;

const SIZES = (process.env.BENCH_LIVE_SIZES ?? '1000,5000').split(',').map(Number);
const ROUNDS = Number(process.env.BENCH_LIVE_ROUNDS ?? 7);
const FEED_DOCUMENT = readFileSync(new URL('../../../packages/schema/operations/feed.graphql', import.meta.url), 'utf8');

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) console.log('(run with --expose-gc for memory figures)');
const settle = async () => {
  for (let i = 0; i < 3; i++) {
    gc?.();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const { heapUsed, rss } = process.memoryUsage();
  return { heapUsed, rss };
};
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

// ——— the subscribers' process ———
const clients = fork(new URL('./support/live-clients.ts', import.meta.url).pathname, [], { execArgv: ['--import', 'tsx'] });
const inbox: any[] = [];
const waiters: (() => void)[] = [];
clients.on('message', (message) => {
  inbox.push(message);
  waiters.splice(0).forEach((wake) => wake());
});
async function receive(type: string, group?: string): Promise<any> {
  for (;;) {
    const index = inbox.findIndex((m) => m.type === type && (group === undefined || m.group === group));
    if (index >= 0) return inbox.splice(index, 1)[0];
    const failed = inbox.find((m) => m.type === 'failed');
    if (failed) throw new Error(failed.error);
    await new Promise<void>((resolve) => waiters.push(resolve));
  }
}
await receive('ready');

const dir = mkdtempSync(path.join(tmpdir(), 'ripple-live-bench-'));
const postgres = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), ephemeral: true });
try {
  await ensureDatabase(postgres.url, 'bench');
  let statements = 0;
  const orm = await initOrm(databaseUrl(postgres.url, 'bench'), { onQuery: (q: string) => (statements++, q) });
  await migrate(orm);
  const total = SIZES.reduce((sum, n) => sum + n, 0);
  const em = orm.em.fork();
  // N members with a session each (their tokens known to the bench), a sharer, and an author with followers.
  await em.execute(
    `insert into person (handle, name, email, password_hash)
     select 'm' || i, 'Member ' || i, 'm' || i || '@bench.test', 'x' from generate_series(0, ${total + 1}) i`,
  );
  const people = await em.execute<{ id: string }[]>(`select id::text from person order by id`);
  const tokens = people.map(() => randomBytes(24).toString('base64url'));
  const hash = (token: string) => createHash('sha256').update(token).digest('hex');
  for (let from = 0; from < people.length; from += 1000) {
    const slice = people.slice(from, from + 1000);
    await em.execute(
      `insert into session (token_hash, person_id, expires_at)
       select * from unnest(?::text[], ?::bigint[], array_fill(now() + interval '1 day', array[${slice.length}]))`,
      [`{${slice.map((_, i) => hash(tokens[from + i]!)).join(',')}}`, `{${slice.map((p) => p.id).join(',')}}`],
    );
  }
  const [sharer, author] = [people.length - 1, people.length - 2];
  // A tenth of the audience follows the author: a second audience class.
  await em.execute(
    `insert into event (id, kind, actor_id, subject_person_id, root_id, depth, visibility)
     select id, 'FOLLOWED', f, ?, id, 0, 'public' from (select nextval('event_id_seq') id, p.id f from person p where p.id % 10 = 0) x`,
    [people[author]!.id],
  );
  await em.execute(`insert into follow (follower_id, followee_id, event_id) select actor_id, subject_person_id, id from event where kind = 'FOLLOWED'`);
  await em.execute('analyze');

  const config = loadConfig({
    NODE_ENV: 'production',
    DATABASE_URL: 'postgres://bench',
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'false',
    MAX_SUBSCRIPTIONS_PER_PERSON: '100',
  });
  const server = await createRippleServer({ config, orm, log: createLogger('silent') });
  const productPort = await server.listen(0, '127.0.0.1');
  const productUrl = `http://127.0.0.1:${productPort}/graphql`;
  let shareNumber = 0;
  const share = async () => {
    const res = await fetch(productUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[sharer]}` },
      body: JSON.stringify({
        query: `mutation ($input: ShareWorkInput!) { shareWork(input: $input) { id } }`,
        variables: { input: { url: 'https://example.com/live-bench', title: `Live bench ${++shareNumber}`, note: 'Worth reading.', authorId: null, authorName: 'Outside Writer' } },
      }),
    }).then((r) => r.json());
    if (res.errors) throw new Error(JSON.stringify(res.errors));
  };
  const before = statements;
  await share();
  const shareAlone = statements - before;

  // ——— baseline 1: raw ws, the same bytes to every socket ———
  const rawHttp = http.createServer();
  const rawWs = new WebSocketServer({ server: rawHttp });
  await new Promise<void>((resolve) => rawHttp.listen(0, '127.0.0.1', resolve));
  const rawUrl = `ws://127.0.0.1:${(rawHttp.address() as AddressInfo).port}`;

  // ——— baseline 2: bare graphql-ws, a trivial pubsub ———
  const bareSchema = buildSchema(`type Query { ok: Boolean } type Subscription { news: String }`);
  const listeners = new Set<(value: string) => void>();
  const bareRoots = {
    news: () =>
      new Repeater<{ news: string }>(async (push, stop) => {
        const listener = (value: string) => void push({ news: value });
        listeners.add(listener);
        await stop;
        listeners.delete(listener);
      }),
  };
  const bareHttp = http.createServer();
  const bareWs = new WebSocketServer({ server: bareHttp });
  useServer({ schema: bareSchema, roots: { subscription: bareRoots } }, bareWs);
  await new Promise<void>((resolve) => bareHttp.listen(0, '127.0.0.1', resolve));
  const bareUrl = `ws://127.0.0.1:${(bareHttp.address() as AddressInfo).port}`;

  // When the share's row reached the bus (what the fan-out starts from).
  let rowArrived = 0;
  server.live.onEvent(() => (rowArrived ||= performance.now()));
  const rows: string[] = [];
  let offset = 0;
  for (const n of SIZES) {
    const groupTokens = tokens.slice(offset, offset + n);
    offset += n;
    const memory: Record<string, { heap: number; rss: number }> = {};
    const connectGroup = async (group: string, url: string, protocol: 'graphql-ws' | 'raw', query?: string, operationName?: string) => {
      const start = await settle();
      clients.send({ type: 'connect', group, url, protocol, tokens: groupTokens, query, operationName });
      await receive('connected', group);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const end = await settle();
      memory[group] = { heap: (end.heapUsed - start.heapUsed) / n, rss: (end.rss - start.rss) / n };
    };
    await connectGroup(`product-${n}`, productUrl.replace(/^http/, 'ws'), 'graphql-ws', FEED_DOCUMENT, 'FeedEvents');
    await connectGroup(`raw-${n}`, rawUrl, 'raw');
    await connectGroup(`bare-${n}`, bareUrl, 'graphql-ws', 'subscription { news }');

    const round = async (group: string, fire: () => Promise<void> | void) => {
      clients.send({ type: 'arm', group });
      await receive('armed', group);
      const firstStatement = statements;
      rowArrived = 0;
      const start = performance.now();
      await fire();
      const done = await receive('done', group);
      const end = performance.now();
      // From the committed row reaching this instance's bus (the product only): the fan-out's own time.
      return { ms: end - start, fanoutMs: rowArrived ? end - rowArrived : end - start, errors: done.errors as number, sample: done.sample as string, statements: statements - firstStatement };
    };
    // Warm-up, and the bytes the baselines send: what a product subscriber received.
    const warm = await round(`product-${n}`, share);
    const bytes = warm.sample;
    const payload = JSON.stringify(JSON.parse(bytes).payload);
    await round(`raw-${n}`, () => rawWs.clients.forEach((socket) => socket.send(bytes)));
    await round(`bare-${n}`, () => listeners.forEach((listener) => listener(payload)));

    const times = { product: [] as number[], fanout: [] as number[], raw: [] as number[], bare: [] as number[] };
    let errors = 0;
    const sql: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const product = await round(`product-${n}`, share);
      times.product.push(product.ms);
      times.fanout.push(product.fanoutMs);
      errors += product.errors;
      sql.push(product.statements);
      times.raw.push((await round(`raw-${n}`, () => rawWs.clients.forEach((socket) => socket.send(bytes)))).ms);
      times.bare.push((await round(`bare-${n}`, () => listeners.forEach((listener) => listener(payload)))).ms);
    }
    const [p, f, r, b] = [median(times.product), median(times.fanout), median(times.raw), median(times.bare)];
    const kb = (value: number) => `${(value / 1024).toFixed(1)} KB`;
    rows.push(
      `| ${n.toLocaleString('en')} | ${p.toFixed(0)} ms | ${f.toFixed(0)} ms | ${r.toFixed(0)} ms | ${b.toFixed(0)} ms | **${(f / r).toFixed(2)}×** (${(p / r).toFixed(2)}×) | ${(f / b).toFixed(2)}× | ` +
        `${median(sql)} (the share alone: ${shareAlone}) | ${errors} | ` +
        `${kb(memory[`product-${n}`]!.heap)} / ${kb(memory[`product-${n}`]!.rss)} | ${kb(memory[`raw-${n}`]!.heap)} / ${kb(memory[`raw-${n}`]!.rss)} | ` +
        `${kb(memory[`bare-${n}`]!.heap)} / ${kb(memory[`bare-${n}`]!.rss)} |`,
    );
    // Each size on its own: the previous size's subscribers leave every server first.
    for (const kind of ['product', 'raw', 'bare']) {
      clients.send({ type: 'disconnect', group: `${kind}-${n}` });
      await receive('disconnected', `${kind}-${n}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    console.log(
      `N=${n}: product p50 ${p.toFixed(1)} ms [${times.product.map((t) => t.toFixed(0)).join(' ')}] (from the bus ${f.toFixed(1)} ms), raw ws ${r.toFixed(1)} ms [${times.raw.map((t) => t.toFixed(0)).join(' ')}], ` +
        `bare graphql-ws ${b.toFixed(1)} ms [${times.bare.map((t) => t.toFixed(0)).join(' ')}]; message ${Buffer.byteLength(bytes)} B; errors ${errors}`,
    );
  }
  console.log(`\nOne share to N feedEvents subscribers (web selection), production mode, ${ROUNDS} rounds interleaved, medians; memory per connection heap / RSS`);
  console.log(
    '| N | product: share sent → all have it | product: row on the bus → all have it | raw ws broadcast | bare graphql-ws | product / raw: from the bus (from the share) | product / bare (from the bus) | SQL per event | errors | product memory | raw ws memory | bare graphql-ws memory |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);

  clients.send({ type: 'close' });
  await server.close();
  rawWs.close();
  bareWs.close();
  rawHttp.close();
  bareHttp.close();
  await orm.close();
} finally {
  clients.kill();
  await postgres.stop();
  rmSync(dir, { recursive: true, force: true });
}
