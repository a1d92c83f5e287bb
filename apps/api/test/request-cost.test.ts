import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './support/test-api.js';
import { newPerson, type TestPerson } from './support/factories.js';
import { builtLoaderSets } from '../src/graphql/loaders.js';
import { forkedEntityManagers } from '../src/graphql/context.js';

/**
 * What one small request costs (issue 9, the hot paths): a signed-in
 * `{ viewer { id } }` reads its session once and then answers from the
 * session cache with no SQL at all; nothing builds an EntityManager or a
 * loader it does not use.
 */

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api?.close());

/** The statements, EntityManager forks and loader sets one request costs. */
async function cost(query: string, person?: TestPerson) {
  const [forks, loaderSets] = [forkedEntityManagers.count, builtLoaderSets.count];
  api.resetSqlLog();
  const res = await api.gql(query, {}, person ? { token: person.token } : {});
  expect(res.errors).toBeUndefined();
  return {
    data: res.data,
    statements: api.sql.length,
    forks: forkedEntityManagers.count - forks,
    loaderSets: builtLoaderSets.count - loaderSets,
  };
}

describe('a signed-in { viewer { id } }', () => {
  it('costs one statement (the session) on a cold cache, then none; no fork, no loaders', async () => {
    const person = await newPerson(api);
    const cold = await cost(`{ viewer { id } }`, person);
    expect(cold.data).toEqual({ viewer: { id: person.id } });
    expect(cold.statements).toBe(1);
    expect(api.sql[0]).toMatch(/from session s join person p/);
    expect(cold.loaderSets).toBe(0);

    const warm = await cost(`{ viewer { id } }`, person);
    expect(warm).toEqual({ data: { viewer: { id: person.id } }, statements: 0, forks: 0, loaderSets: 0 });
  });

  it('reads the card (one statement, one loader set) when more than the id is asked, and it is fresh', async () => {
    const person = await newPerson(api);
    await cost(`{ viewer { id } }`, person); // warms the cache
    const renamed = await api.gql(`mutation { updateProfile(input: { name: "Renamed Person" }) { name } }`, {}, { token: person.token });
    expect(renamed.data?.updateProfile.name).toBe('Renamed Person');
    const card = await cost(`{ viewer { id handle name } }`, person);
    expect(card.data).toEqual({ viewer: { id: person.id, handle: person.handle, name: 'Renamed Person' } });
    expect(card.statements).toBe(1);
    expect(api.sql[0]).toMatch(/from "person"/);
    expect(card.forks).toBe(1);
    expect(card.loaderSets).toBe(1);
  });

  it('builds only the loader set a field needs', async () => {
    const person = await newPerson(api);
    await cost(`{ viewer { id } }`, person);
    const counts = await cost(`{ viewer { id followerCount followingCount } }`, person);
    expect(counts.data?.viewer).toEqual({ id: person.id, followerCount: 0, followingCount: 0 });
    // The card, then one batch per count; all from the people loaders.
    expect(counts.statements).toBe(3);
    expect(counts.loaderSets).toBe(1);
  });
});

describe('a signed-out request', () => {
  it('{ viewer { id } } costs no statement, no fork and no loaders', async () => {
    expect(await cost(`{ viewer { id } }`)).toEqual({ data: { viewer: null }, statements: 0, forks: 0, loaderSets: 0 });
  });
});
