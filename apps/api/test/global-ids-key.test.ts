import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { inject } from 'vitest';
import { idSecretFromDatabase, setUpGlobalIds } from '../src/graphql/global-ids.js';
import { toGlobalId } from '../src/graphql/relay.js';
import { startTestApi, type TestApi } from './support/test-api.js';

/**
 * The key behind ids: from ID_SECRET, or made once and kept in the database
 * so that every instance on it agrees and ids survive restarts (the
 * cross-process test runs real API processes on one database without
 * ID_SECRET). One process never serves ids under two keys.
 */
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

describe('the ID secret kept in the database', () => {
  it('is made once: instances asking at the same moment all get the same 32 bytes, and later ones too', async () => {
    const secrets = await Promise.all(Array.from({ length: 8 }, () => idSecretFromDatabase(api.orm.em.fork())));
    expect(secrets[0]).toHaveLength(32);
    for (const secret of secrets) expect(secret.equals(secrets[0]!)).toBe(true);
    expect((await idSecretFromDatabase(api.orm.em.fork())).equals(secrets[0]!)).toBe(true);
    expect(await api.db(`select count(*)::int as n from server_secret`)).toEqual([{ n: 1 }]);
  });

  it('is not used when ID_SECRET is set; a process already serving under one key refuses another', async () => {
    // This worker serves under the run's ID_SECRET (the test servers do too): setting it again is fine.
    await expect(setUpGlobalIds({ ID_SECRET: inject('idSecret') }, api.orm)).resolves.toBeUndefined();
    await expect(setUpGlobalIds({ ID_SECRET: randomBytes(32).toString('hex') }, api.orm)).rejects.toThrow(/another ID secret/);
    // The database's key differs from the run's: refused, not mixed.
    await expect(setUpGlobalIds({}, api.orm)).rejects.toThrow(/another ID secret/);
  });

  it('must be set up before any id is made: a clear error, no default key', async () => {
    vi.resetModules();
    const fresh = await import('../src/graphql/relay.js');
    expect(fresh.toGlobalId).not.toBe(toGlobalId);
    expect(() => fresh.toGlobalId('Person', '1')).toThrow(/Global ids are not set up/);
    expect(() => fresh.fromGlobalId('AAAAAAAAAAAAAAAAAAAAAA')).toThrow(/Global ids are not set up/);
  });
});
