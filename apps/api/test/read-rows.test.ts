import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './support/test-api.js';
import { newPerson, type TestPerson } from './support/factories.js';
import { rowReader } from '../src/db/read-rows.js';
import { EventEntity } from '../src/events/event.entity.js';
import { ShareEntity } from '../src/feed/share.entity.js';
import { PersonEntity } from '../src/people/person.entity.js';

/**
 * The feed's read path makes its entities with `rowReader`, not `em.map`
 * (issue 9: hydration was a fifth of the page's time). What a card shows
 * must not change: from the same row, a reader gives what `em.map` gives,
 * property by property and type by type (ids as text, timestamps as dates,
 * JSON and arrays parsed), and the unit of work never hears of it.
 */

let api: TestApi;
let sharer: TestPerson;
let author: TestPerson;
beforeAll(async () => {
  api = await startTestApi();
  [sharer, author] = [await newPerson(api), await newPerson(api)];
  await api.gql(`mutation { updateProfile(input: { links: [{ label: "Site", url: "https://example.com/" }] }) { id } }`, {}, { token: author.token });
  const res = await api.gql(
    `mutation ($input: ShareWorkInput!) { shareWork(input: $input) { id } }`,
    { input: { url: 'https://example.com/essay', title: 'An essay', note: 'why', authorId: author.id, mentionIds: [author.id] } },
    { token: sharer.token },
  );
  expect(res.errors).toBeUndefined();
});
afterAll(() => api?.close());

const cases = [
  { entity: ShareEntity, sql: `select * from share order by id desc limit 1` },
  { entity: EventEntity, sql: `select * from event order by id desc limit 3` },
  { entity: PersonEntity, sql: `select * from person order by id desc limit 2` },
] as const;

describe('rowReader', () => {
  for (const { entity, sql } of cases) {
    it(`makes from a ${entity.name} row exactly what em.map makes, unmanaged`, async () => {
      const em = api.orm.em.fork();
      const rows = await em.execute<Record<string, unknown>[]>(sql);
      expect(rows.length).toBeGreaterThan(0);
      const read = rowReader(em, entity as never);
      for (const row of rows) {
        const mapped = em.fork().map(entity as never, row) as object;
        const made = read(row) as object;
        expect(made).toBeInstanceOf(entity);
        expect({ ...made }).toEqual({ ...mapped });
        expect(Object.keys(made).sort()).toEqual(Object.keys(mapped).sort());
        for (const [key, value] of Object.entries(mapped)) {
          expect(typeof (made as Record<string, unknown>)[key], key).toBe(typeof value);
          if (value instanceof Date) expect((made as Record<string, unknown>)[key]).toBeInstanceOf(Date);
        }
      }
      expect(em.getUnitOfWork().getIdentityMap().values()).toHaveLength(0);
    });
  }

  it('leaves a column the row lacks unset (a lazy one, say) and takes ordinary assignments', async () => {
    const em = api.orm.em.fork();
    const [row] = await em.execute<Record<string, unknown>[]>(`select id, handle, name, links from person where handle = ?`, [author.handle]);
    const person = rowReader(em, PersonEntity)(row!);
    expect(person.passwordHash).toBeUndefined();
    expect(person.email).toBeUndefined();
    expect(person.links).toEqual([{ label: 'Site', url: 'https://example.com/' }]);
    person.name = 'Renamed';
    expect(Object.getOwnPropertyDescriptor(person, 'name')).toMatchObject({ value: 'Renamed', writable: true });
    expect(em.getUnitOfWork().getIdentityMap().values()).toHaveLength(0);
  });
});
