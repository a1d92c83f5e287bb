import path from 'node:path';
import pg from 'pg';
import type { Config } from '../config/config.js';
import type { Logger } from '../config/logger.js';
import type { EmbeddedDatabase } from './embedded-postgres.js';
import { defaultDataLocation } from './postgres-location.js';

export const APP_DATABASE = 'ripple';

/** Creates a database on the server unless it exists. */
export async function ensureDatabase(serverUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) await client.query(`create database "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

/**
 * DATABASE_URL if set; otherwise an embedded PostgreSQL whose data survives
 * restarts in EMBEDDED_PG_DIR, or by default in the checkout's .data/postgres
 * (as root from a private folder: under /var/lib/ripple, see postgres-location.ts).
 */
export async function resolveDatabase(
  config: Config,
  log: Logger,
): Promise<{ url: string; embedded: EmbeddedDatabase | null }> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, embedded: null };
  const location = config.EMBEDDED_PG_DIR ? { dir: path.resolve(config.EMBEDDED_PG_DIR) } : defaultDataLocation();
  log.info(
    { dir: location.dir, ...(location.reason ? { why: location.reason } : {}) },
    `DATABASE_URL is not set: starting an embedded PostgreSQL with its data in ${location.dir}`,
  );
  // Loaded only when used: the package installs process-wide signal handlers.
  const { databaseUrl, startEmbeddedPostgres } = await import('./embedded-postgres.js');
  const embedded = await startEmbeddedPostgres({
    dataDir: location.dir,
    ownsParent: !config.EMBEDDED_PG_DIR,
    log: (line) => log.debug({ postgres: line }),
  });
  await ensureDatabase(embedded.url, APP_DATABASE);
  return { url: databaseUrl(embedded.url, APP_DATABASE), embedded };
}
