import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import type { MikroORM } from '@mikro-orm/postgresql';
import { loadConfig, type Config } from '../../src/config/config.js';
import { createLogger } from '../../src/config/logger.js';
import { ensureDatabase } from '../../src/db/database.js';
import { databaseUrl } from '../../src/db/embedded-postgres.js';
import { initOrm, migrate } from '../../src/db/orm.js';
import { createRippleServer, type RippleServer } from '../../src/server/server.js';
import { GENEROUS_LIMITS } from './generous-limits.js';

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  headers: Headers;
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; [key: string]: unknown }; path?: unknown[] }[];
}

/**
 * A real API for one test file: its own database on the run's PostgreSQL,
 * migrated, served over real HTTP and WebSocket on a free port. It counts
 * the SQL statements it runs, so tests can assert there is no N+1.
 */
export interface TestApi {
  httpUrl: string;
  /** This API's database, for a second server on the same one (`startTestApi(env, { databaseUrl })`). */
  databaseUrl: string;
  wsUrl: string;
  orm: MikroORM;
  server: RippleServer;
  config: Config;
  /** SQL statements executed since the last `resetSqlLog()`. */
  sql: string[];
  resetSqlLog(): void;
  /** POSTs a GraphQL operation as an API client would (JSON, optional Bearer token). */
  gql<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    options?: { token?: string; headers?: Record<string, string>; operationName?: string },
  ): Promise<GraphQLResponse<T>>;
  /** Runs SQL directly, for asserting what was stored. */
  db<T = Record<string, any>>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export async function startTestApi(
  env: Record<string, string> = {},
  options: { databaseUrl?: string } = {},
): Promise<TestApi> {
  let url = options.databaseUrl;
  if (!url) {
    const name = `ripple_test_${randomBytes(6).toString('hex')}`;
    const serverUrl = inject('postgresUrl');
    await ensureDatabase(serverUrl, name);
    url = databaseUrl(serverUrl, name);
  }
  const sql: string[] = [];
  const orm = await initOrm(url, {
    onQuery: (query: string) => {
      // Not the after-commit wake-ups (live/announce.ts): they go out in the background, whenever
      // an earlier write's commit is done, so they belong to no request a test counts.
      if (!query.startsWith('select pg_notify(')) sql.push(query);
      return query;
    },
  });
  await migrate(orm);
  // No background sweeper: it would run SQL in the middle of statement counts (tests call closeExpired directly).
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    SEED_DEMO: 'false',
    EXPIRY_SWEEP_SECONDS: '0',
    ID_SECRET: inject('idSecret'),
    ...GENEROUS_LIMITS,
    ...env,
  });
  const server = await createRippleServer({ config, orm, log: createLogger(config.LOG_LEVEL) });
  const port = await server.listen(0, '127.0.0.1');
  const httpUrl = `http://127.0.0.1:${port}/graphql`;

  return {
    httpUrl,
    databaseUrl: url,
    wsUrl: httpUrl.replace(/^http/, 'ws'),
    orm,
    server,
    config,
    sql,
    resetSqlLog: () => void sql.splice(0),
    async gql(query, variables = {}, options = {}) {
      const response = await fetch(httpUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...options.headers,
        },
        body: JSON.stringify({ query, variables, ...(options.operationName ? { operationName: options.operationName } : {}) }),
      });
      const body = await response.json();
      return { status: response.status, headers: response.headers, ...body } as GraphQLResponse<any>;
    },
    db: (text, params = []) => orm.em.fork().getConnection().execute(text, params as any[]) as any,
    async close() {
      await server.close();
      await orm.close();
    },
  };
}
