import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { databaseUrl, freePort, startEmbeddedPostgres } from '../../apps/api/src/db/embedded-postgres.js';
import { ensureDatabase } from '../../apps/api/src/db/database.js';
import { startRedisServer, type TestRedis } from '../../apps/api/test/support/redis-server.js';
import { API_ENTRY, GENEROUS_LIMITS, spawnNode, stopProcess, waitFor } from './stack.js';

export interface ApiInstance {
  httpUrl: string;
  wsUrl: string;
  process: ChildProcess;
}

export interface ApiCluster {
  instances: ApiInstance[];
  output: string[];
  /** With `{ redis: true }`: the redis-server every instance uses (REDIS_URL). */
  redis: TestRedis | null;
  stop(): Promise<void>;
}

/**
 * N built API processes (`node apps/api/dist/main.js`) sharing one embedded
 * PostgreSQL and, with `redis`, one redis-server; `env` is added to each.
 */
export async function startApiCluster(count: number, options: { redis?: boolean; env?: Record<string, string> } = {}): Promise<ApiCluster> {
  if (!existsSync(API_ENTRY)) throw new Error('apps/api/dist is missing: run `pnpm build` first');
  const dir = mkdtempSync(path.join(tmpdir(), 'ripple-cluster-'));
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), ephemeral: true });
  await ensureDatabase(pg.url, 'ripple');
  const redis = options.redis ? await startRedisServer() : null;
  const output: string[] = [];
  const instances: ApiInstance[] = [];
  const stop = async () => {
    await Promise.all(instances.map((i) => stopProcess(i.process)));
    await pg.stop();
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let n = 0; n < count; n++) {
      const port = await freePort();
      const child = spawnNode(`api-${n + 1}`, API_ENTRY, {
        NODE_ENV: 'production',
        DATABASE_URL: databaseUrl(pg.url, 'ripple'),
        HOST: '127.0.0.1',
        PORT: String(port),
        SEED_DEMO: 'false',
        COOKIE_SECURE: 'false',
        LOG_LEVEL: 'warn',
        ...GENEROUS_LIMITS,
        ...(redis ? { REDIS_URL: redis.url } : {}),
        ...options.env,
      }, output);
      // One at a time: the first applies the migrations.
      await waitFor(`http://127.0.0.1:${port}/readyz`, output);
      instances.push({ httpUrl: `http://127.0.0.1:${port}/graphql`, wsUrl: `ws://127.0.0.1:${port}/graphql`, process: child });
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { instances, output, redis, stop };
}
