import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

/**
 * `pnpm bench`: what one small request costs on the real server against a
 * bare Apollo Server 5 answering `{ hello }` through the same Express
 * integration, both in production mode, in one child process on the same
 * embedded PostgreSQL. This process only generates load (keep-alive
 * sockets, CONCURRENCY requests in flight) and asks the child for its CPU
 * time around each round, so the figures are the servers' own work, not
 * the load generator's. Rounds are interleaved, each starting one side
 * later than the last (a side that always ran right after another paid for
 * its garbage: that alone moved a ratio by 0.1), and compared by their
 * medians. Prints; asserts nothing.
 */
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);

type Message = { type: 'ready'; product: number; bare: number } | { type: 'cpu'; micros: number; id: number };

if (process.argv[2] === 'serve') await serve();
else await drive();

async function drive() {
  const { startEmbeddedPostgres } = await import('../src/db/embedded-postgres.js');
  const dir = mkdtempSync(path.join(tmpdir(), 'ripple-bench-'));
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), ephemeral: true });
  let child: ChildProcess | undefined;
  try {
    child = fork(fileURLToPath(import.meta.url), ['serve'], {
      execArgv: ['--import', 'tsx', ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [])],
      env: { ...process.env, NODE_ENV: 'production', BENCH_PG_URL: pg.url },
    });
    const server = child;
    const ports = await new Promise<{ product: number; bare: number }>((resolve, reject) => {
      server.once('exit', (code) => reject(new Error(`the bench server exited (${code})`)));
      server.on('message', (m: Message) => m.type === 'ready' && resolve(m));
    });
    let nextId = 0;
    const cpu = () =>
      new Promise<number>((resolve) => {
        const id = nextId++;
        const onMessage = (m: Message) => {
          if (m.type === 'cpu' && m.id === id) {
            server.off('message', onMessage);
            resolve(m.micros);
          }
        };
        server.on('message', onMessage);
        server.send({ type: 'cpu', id });
      });

    const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const post = (port: number, body: string, headers: Record<string, string> = {}) =>
      new Promise<string>((resolve, reject) => {
        const request = http.request(
          { host: '127.0.0.1', port, path: '/graphql', method: 'POST', agent, headers: { 'content-type': 'application/json', ...headers } },
          (response) => {
            let text = '';
            response.setEncoding('utf8');
            response.on('data', (chunk) => (text += chunk));
            response.on('end', () => resolve(text));
          },
        );
        request.on('error', reject);
        request.end(body);
      });

    const signUp = JSON.parse(
      await post(
        ports.product,
        JSON.stringify({
          query: `mutation { signUp(input: { name: "Bench", handle: "bench", email: "bench@bench.test", password: "bench bench" }) { token } }`,
        }),
      ),
    );
    const token: string = signUp.data.signUp.token;
    const viewerQuery = JSON.stringify({ query: '{ viewer { id } }' });
    const sides: { label: string; port: number; body: string; headers: Record<string, string> }[] = [
      { label: 'real server, { viewer { id } } signed out', port: ports.product, body: viewerQuery, headers: {} },
      { label: 'real server, { viewer { id } } signed in', port: ports.product, body: viewerQuery, headers: { authorization: `Bearer ${token}` } },
      { label: 'bare Apollo Server 5, { hello }', port: ports.bare, body: JSON.stringify({ query: '{ hello }' }), headers: {} },
    ];
    // What each side answers, so a broken side cannot pass for a fast one.
    for (const side of sides) console.log(`${side.label}: ${await post(side.port, side.body, side.headers)}`);

    const round = async (side: (typeof sides)[number]) => {
      const cpuBefore = await cpu();
      const start = performance.now();
      let sent = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (sent < REQUESTS) {
            sent++;
            await post(side.port, side.body, side.headers);
          }
        }),
      );
      const ms = performance.now() - start;
      const cpuMicros = (await cpu()) - cpuBefore;
      return { perSecond: (REQUESTS / ms) * 1000, cpuPerRequest: cpuMicros / REQUESTS };
    };

    const results = sides.map(() => ({ perSecond: [] as number[], cpuPerRequest: [] as number[] }));
    for (const side of sides) await round(side); // warm-up: JIT, caches, sockets
    for (let i = 0; i < ROUNDS; i++) {
      // Each round starts one side later, so no side always follows the same one (and inherits its garbage).
      for (let k = 0; k < sides.length; k++) {
        const index = (i + k) % sides.length;
        const measured = await round(sides[index]!);
        results[index]!.perSecond.push(measured.perSecond);
        results[index]!.cpuPerRequest.push(measured.cpuPerRequest);
      }
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const bare = results[2]!;
    console.log(`\none request, ${ROUNDS} interleaved rounds of ${REQUESTS} requests, ${CONCURRENCY} in flight; medians`);
    console.log(`${'path'.padEnd(46)} ${'req/s'.padStart(8)} ${'× bare'.padStart(7)} ${'server CPU µs/req'.padStart(18)} ${'bare ÷ this'.padStart(12)}`);
    for (const [index, side] of sides.entries()) {
      const r = results[index]!;
      const rate = median(r.perSecond);
      const cpuUs = median(r.cpuPerRequest);
      console.log(
        `${side.label.padEnd(46)} ${rate.toFixed(0).padStart(8)} ${(rate / median(bare.perSecond)).toFixed(2).padStart(7)} ` +
          `${cpuUs.toFixed(0).padStart(18)} ${(median(bare.cpuPerRequest) / cpuUs).toFixed(2).padStart(12)}`,
      );
    }
    agent.destroy();
  } finally {
    // Disconnecting lets the child exit by itself (and write a --cpu-prof profile).
    if (child?.connected) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.disconnect();
      await exited;
    } else child?.kill();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The child: the real API and a bare Apollo Server, side by side in one process. */
async function serve() {
  process.env.NODE_ENV = 'production'; // before graphql loads: graphql-js skips its development checks
  await import('reflect-metadata');
  const [{ loadConfig }, { createLogger }, { ensureDatabase }, { databaseUrl }, { initOrm, migrate }, { createRippleServer }] = await Promise.all([
    import('../src/config/config.js'),
    import('../src/config/logger.js'),
    import('../src/db/database.js'),
    import('../src/db/embedded-postgres.js'),
    import('../src/db/orm.js'),
    import('../src/server/server.js'),
  ]);
  const { ApolloServer } = await import('@apollo/server');
  const { expressMiddleware } = await import('@as-integrations/express5');
  const { default: express } = await import('express');

  const serverUrl = process.env.BENCH_PG_URL!;
  await ensureDatabase(serverUrl, 'bench');
  const orm = await initOrm(databaseUrl(serverUrl, 'bench'));
  await migrate(orm);
  const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://bench', LOG_LEVEL: 'silent', SEED_DEMO: 'false' });
  const product = await createRippleServer({ config, orm, log: createLogger('silent') });
  const productPort = await product.listen(0, '127.0.0.1');

  const bareApollo = new ApolloServer({ typeDefs: 'type Query { hello: String }', resolvers: { Query: { hello: () => 'world' } } });
  await bareApollo.start();
  const app = express();
  app.use('/graphql', express.json(), expressMiddleware(bareApollo));
  const bare = http.createServer(app);
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));

  process.on('message', (m: { type: string; id: number }) => {
    if (m.type !== 'cpu') return;
    const usage = process.cpuUsage();
    process.send!({ type: 'cpu', id: m.id, micros: usage.user + usage.system });
  });
  process.on('disconnect', () => process.exit(0));
  process.send!({ type: 'ready', product: productPort, bare: (bare.address() as { port: number }).port });
}
