import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { MikroORM } from '@mikro-orm/postgresql';
import { ensureDatabase } from '../src/db/database.js';
import { databaseUrl } from '../src/db/embedded-postgres.js';
import { initOrm, migrate } from '../src/db/orm.js';
import { toGlobalId } from '../src/graphql/relay.js';
import { planSyntheticCommunity, seedSyntheticCommunity, SYNTHETIC_PASSWORD, type SyntheticResult } from '../src/seed/synthetic-community.js';
import { startTestApi, type TestApi } from './support/test-api.js';

const OPTIONS = { people: 80, events: 600, seed: 42, largest: 150 };

/** A fresh, migrated database on the run's PostgreSQL. */
async function freshDatabase(): Promise<MikroORM> {
  const name = `ripple_synthetic_${randomBytes(6).toString('hex')}`;
  await ensureDatabase(inject('postgresUrl'), name);
  const orm = await initOrm(databaseUrl(inject('postgresUrl'), name));
  await migrate(orm);
  return orm;
}

/** Every row the generator writes, in a stable order (the password hash has a random salt: left out). */
/** `value` with every event id moved by `by`: fields named *EventId / event_id / cause_id / root_id, and events' own ids. */
function shiftIds<T>(value: T, by: bigint): T {
  const eventKeys = /^(firstEventId|lastEventId|rootEventId|event_id|cause_id|root_id)$/;
  const move = (v: unknown) => (v === null || v === undefined ? v : String(BigInt(String(v)) + by));
  const walk = (node: unknown, inEvents: boolean): unknown => {
    if (Array.isArray(node)) return node.map((item) => walk(item, inEvents));
    if (node && typeof node === 'object' && !(node instanceof Date)) {
      return Object.fromEntries(
        Object.entries(node).map(([k, v]) =>
          eventKeys.test(k) || (inEvents && k === 'id') ? [k, move(v)] : [k, walk(v, k === 'events')],
        ),
      );
    }
    return node;
  };
  return walk(value, false) as T;
}

async function dump(run: (sql: string) => Promise<unknown[]>) {
  return {
    people: await run(`select id, handle, name, email, headline, created_at from person order by id`),
    events: await run(
      `select id, kind, actor_id, subject_person_id, cause_id, root_id, depth, visibility, audience, created_at from event order by id`,
    ),
    follows: await run(`select follower_id, followee_id, event_id, created_at from follow order by follower_id, followee_id`),
  };
}

let api: TestApi;
let other: MikroORM;
let seeded: SyntheticResult;
beforeAll(async () => {
  api = await startTestApi();
  other = await freshDatabase();
  seeded = await seedSyntheticCommunity(api.orm.em.fork(), OPTIONS);
});
afterAll(async () => {
  await other.close();
  await api.close();
});

describe('synthetic communities', () => {
  it('the same seed writes the same rows; another seed, other rows', async () => {
    const again = await seedSyntheticCommunity(other.em.fork(), OPTIONS);
    // Event ids are commit-ordered (made from the seeding transaction's id), so
    // the same seed writes the same rows at another offset.
    const shift = BigInt(again.firstEventId) - BigInt(seeded.firstEventId);
    expect(shiftIds(again, -shift)).toEqual(seeded);
    const mine = await dump((sql) => api.db(sql));
    expect(mine.events).toHaveLength(OPTIONS.people + OPTIONS.events);
    expect(shiftIds(await dump((sql) => other.em.fork().execute(sql)), -shift)).toEqual(mine);

    const plan = (seed: number) => planSyntheticCommunity({ ...OPTIONS, seed });
    expect(plan(42)).toEqual(plan(42));
    expect(plan(43).follows).not.toEqual(plan(42).follows);
  });

  it('keeps the event log’s invariants: causes, roots and depths agree; every follow has its event; no pair twice', async () => {
    const [bad] = await api.db<{ roots: number; effects: number; times: number }>(
      `select
         count(*) filter (where e.cause_id is null and (e.root_id <> e.id or e.depth <> 0))::int as roots,
         count(*) filter (where e.cause_id is not null and (c.id is null or c.id >= e.id or e.root_id <> c.root_id or e.depth <> c.depth + 1))::int as effects,
         count(*) filter (where c.created_at > e.created_at)::int as times
       from event e left join event c on c.id = e.cause_id`,
    );
    expect(bad).toEqual({ roots: 0, effects: 0, times: 0 });

    const [follows] = await api.db<{ events: number; rows: number; matched: number; pairs: number; joined: number; people: number }>(
      `select
         (select count(*) from event where kind = 'FOLLOWED')::int as events,
         (select count(*) from follow)::int as rows,
         (select count(*) from follow f join event e on e.id = f.event_id
           where e.kind = 'FOLLOWED' and e.actor_id = f.follower_id and e.subject_person_id = f.followee_id and e.created_at = f.created_at)::int as matched,
         (select count(distinct (follower_id, followee_id)) from follow)::int as pairs,
         (select count(*) from event where kind = 'JOINED')::int as joined,
         (select count(*) from person)::int as people`,
    );
    expect(follows).toEqual({ events: OPTIONS.events, rows: OPTIONS.events, matched: OPTIONS.events, pairs: OPTIONS.events, joined: 80, people: 80 });
  });

  it('is shaped like real cascades: one big ripple as asked, a heavy tail, many single follows', async () => {
    const sizes = await api.db<{ size: number }>(
      `select count(*)::int as size from event where kind = 'FOLLOWED' group by root_id order by size desc`,
    );
    expect(sizes[0]!.size).toBe(OPTIONS.largest);
    expect(seeded.largest[0]!.size).toBe(OPTIONS.largest);
    const singles = sizes.filter((s) => s.size === 1).length;
    expect(singles / sizes.length).toBeGreaterThan(0.4);
    expect(sizes.filter((s) => s.size >= 10).length).toBeGreaterThan(1);
    const [fanOut] = await api.db<{ widest: number }>(
      `select max(n)::int as widest from (select count(*) as n from event where cause_id is not null group by cause_id) t`,
    );
    expect(fanOut!.widest).toBeGreaterThanOrEqual(10);
  });

  it('its people can sign in, and its largest ripple reads whole through the API', async () => {
    const signIn = await api.gql(
      `mutation ($input: SignInInput!) { signIn(input: $input) { token } }`,
      { input: { email: `syn${OPTIONS.seed}_0@synthetic.ripple.test`, password: SYNTHETIC_PASSWORD } },
    );
    const token = signIn.data?.signIn.token;
    expect(token).toBeTruthy();
    const res = await api.gql(
      `query ($id: ID!) { ripple(eventId: $id) { stats { size depth newFollows } events(first: 1000) { edges { node { depth } } } } }`,
      { id: toGlobalId('Event', seeded.largest[0]!.rootEventId) },
      { token },
    );
    expect(res.errors).toBeUndefined();
    const [followers] = await api.db<{ n: number }>(
      `select count(distinct actor_id)::int as n from event where root_id = ? and kind = 'FOLLOWED'`,
      [seeded.largest[0]!.rootEventId],
    );
    expect(res.data!.ripple.stats).toMatchObject({ size: OPTIONS.largest, newFollows: followers!.n });
    expect(res.data!.ripple.events.edges).toHaveLength(OPTIONS.largest);
  });
});
