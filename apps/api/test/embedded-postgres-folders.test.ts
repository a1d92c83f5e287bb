import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config.js';
import { createLogger } from '../src/config/logger.js';
import { resolveDatabase } from '../src/db/database.js';

/**
 * EMBEDDED_PG_DIR inside a private folder (mode 0700, like root's home). As
 * root the server runs as the user "postgres", who cannot enter it: the API
 * says so and leaves the folder as it was (it never opens someone's folder
 * up). Anyone else owns the folder and keeps the data there.
 */
let home: string;
afterEach(() => rmSync(home, { recursive: true, force: true }));

describe('an explicit EMBEDDED_PG_DIR in a private folder', () => {
  it(process.getuid?.() === 0 ? 'as root: refused, naming the folder, which stays 0700' : 'as its owner: used', async () => {
    home = mkdtempSync(path.join(tmpdir(), 'ripple-private-'));
    const dataDir = path.join(home, 'pg');
    const config = loadConfig({ EMBEDDED_PG_DIR: dataDir, LOG_LEVEL: 'silent' });
    const starting = resolveDatabase(config, createLogger('silent'));

    if (process.getuid?.() === 0) {
      await expect(starting).rejects.toThrow(
        `runs as the user "postgres", which cannot enter ${home}. Choose a data folder every user can pass through (EMBEDDED_PG_DIR)`,
      );
      expect(statSync(home).mode & 0o777).toBe(0o700);
    } else {
      const { url, embedded } = await starting;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      expect((await client.query<{ dir: string }>('show data_directory')).rows[0]!.dir).toBe(dataDir);
      await client.end();
      await embedded!.stop();
    }
  });
});
