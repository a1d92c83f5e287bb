import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL server for this run; each test file makes its own database on it. */
    postgresUrl: string;
    /** The ID_SECRET of every test server and of the tests' own toGlobalId calls (see id-secret.ts). */
    idSecret: string;
  }
}

/** One throwaway PostgreSQL for the whole run (or the server in TEST_DATABASE_URL). */
export default async function setup(project: TestProject) {
  project.provide('idSecret', process.env.TEST_ID_SECRET ?? randomBytes(32).toString('base64'));
  if (process.env.TEST_DATABASE_URL) {
    project.provide('postgresUrl', process.env.TEST_DATABASE_URL);
    return;
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'ripple-api-test-'));
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), ephemeral: true });
  project.provide('postgresUrl', pg.url);
  return async () => {
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
