import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'graphql-ws';
import { startTestApi, type TestApi } from '../support/test-api.js';
import { newPerson, type TestPerson } from '../support/factories.js';
import { connectedClient, eventually, run, type FormattedError } from './support/ws.js';

/**
 * RELIABILITY row 6 (no stack traces, no SQL text; unknown errors are
 * INTERNAL_SERVER_ERROR, a lost database connection SERVICE_UNAVAILABLE),
 * over HTTP and, as row 4 asks, over WebSocket. The database errors are
 * real ones, raised by PostgreSQL inside a resolver.
 */

let api: TestApi;
let reader: TestPerson;
let star: TestPerson;
let client: Client;

const FOLLOWERS = `query ($h: String!) { person(handle: $h) { handle followers { edges { node { handle } } } } }`;
const FOLLOW = `mutation ($id: ID!) { follow(personId: $id) { handle followerCount } }`;
/** Text from inside the server that must never reach a client. */
const SECRET = 'internal-detail-7f3a';
const LEAKS = /select |insert |update |delete |from |where |relation|column|constraint|trigger|sqlstate|postgres|mikro|knex|\.ts:|\.js:|\n\s+at |stacktrace/i;

beforeAll(async () => {
  api = await startTestApi();
  reader = await newPerson(api);
  star = await newPerson(api);
  client = await connectedClient(api, { token: reader.token });
});
afterAll(async () => {
  await client?.dispose();
  await api?.close();
});

function expectMasked(errors: FormattedError[] | null | undefined, code: string) {
  expect(errors).toHaveLength(1);
  const [error] = errors!;
  expect(error!.extensions).toEqual({ code });
  // Where the error sits in the operation, and what it is: nothing else.
  expect(Object.keys(error!).sort()).toEqual(expect.arrayContaining(['extensions', 'message']));
  for (const key of Object.keys(error!)) expect(['extensions', 'locations', 'message', 'path']).toContain(key);
  const text = error!.message;
  expect(text).not.toMatch(LEAKS);
  expect(text).not.toContain(SECRET);
  expect(text).not.toContain('event_id');
}

/** Breaks the follower list's query for the duration of `body`: PostgreSQL answers "column does not exist". */
async function withFollowListBroken(body: () => Promise<void>) {
  await api.db(`alter table follow rename column event_id to event_id_renamed`);
  try {
    await body();
  } finally {
    await api.db(`alter table follow rename column event_id_renamed to event_id`);
  }
}

/** Makes every new follow fail inside its transaction, with a message that must not leak. */
async function withFollowInsertsFailing(body: () => Promise<void>) {
  await api.db(`
    create function refuse_follow() returns trigger language plpgsql as $$
    begin
      raise exception '${SECRET}: insert into follow refused (select * from session)';
    end $$`);
  await api.db(`create trigger refuse_follow before insert on follow for each row execute function refuse_follow()`);
  try {
    await body();
  } finally {
    await api.db(`drop trigger refuse_follow on follow`);
    await api.db(`drop function refuse_follow()`);
  }
}

async function counts() {
  const [row] = await api.db<{ follows: number; events: number }>(
    `select (select count(*)::int from follow) as follows,
            (select count(*)::int from event where kind = 'FOLLOWED') as events`,
  );
  return row!;
}

describe('a database error in a query resolver', () => {
  it('is INTERNAL_SERVER_ERROR over HTTP, with no stack and no SQL', async () => {
    await withFollowListBroken(async () => {
      const res = await api.gql(FOLLOWERS, { h: star.handle }, { token: reader.token });
      expect(res.status).toBeLessThan(500);
      expect(res.data).toBeNull();
      expectMasked(res.errors, 'INTERNAL_SERVER_ERROR');
      expect(res.errors![0]!.message).toBe('Internal server error');
      expect(res.errors![0]!.path).toEqual(['person', 'followers']);
    });
    // Nothing sticks: with the table back, the same query works.
    const ok = await api.gql(FOLLOWERS, { h: star.handle }, { token: reader.token });
    expect(ok.errors).toBeUndefined();
  });

  it('is INTERNAL_SERVER_ERROR over WebSocket, with no stack and no SQL', async () => {
    await withFollowListBroken(async () => {
      const outcome = await run(client, FOLLOWERS, { h: star.handle });
      expect(outcome.closeCode).toBeNull();
      const payloads = [...outcome.nexts.map((n) => n.errors ?? []), ...(outcome.errors ? [outcome.errors] : [])];
      expect(payloads).toHaveLength(1);
      expectMasked(payloads[0], 'INTERNAL_SERVER_ERROR');
      for (const next of outcome.nexts) expect(next.data ?? null).toBeNull();
    });
    // The socket survives the error.
    expect((await run(client, `{ viewer { handle } }`)).nexts).toEqual([{ data: { viewer: { handle: reader.handle } } }]);
  });
});

describe('a database error in a mutation', () => {
  it('is INTERNAL_SERVER_ERROR over HTTP, without the database’s message, and nothing half-written', async () => {
    const before = await counts();
    await withFollowInsertsFailing(async () => {
      const res = await api.gql(FOLLOW, { id: star.id }, { token: reader.token });
      expect(res.status).toBeLessThan(500);
      expect(res.data).toBeNull();
      expectMasked(res.errors, 'INTERNAL_SERVER_ERROR');
    });
    // The FOLLOWED event was appended in the same transaction: it is gone too.
    expect(await counts()).toEqual(before);
  });

  it('is INTERNAL_SERVER_ERROR over WebSocket, and nothing half-written', async () => {
    const before = await counts();
    await withFollowInsertsFailing(async () => {
      const outcome = await run(client, FOLLOW, { id: star.id });
      const payloads = [...outcome.nexts.map((n) => n.errors ?? []), ...(outcome.errors ? [outcome.errors] : [])];
      expect(payloads).toHaveLength(1);
      expectMasked(payloads[0], 'INTERNAL_SERVER_ERROR');
      for (const next of outcome.nexts) expect(next.data ?? null).toBeNull();
    });
    expect(await counts()).toEqual(before);
    // Once the database accepts follows again, the same mutation works.
    const res = await api.gql(FOLLOW, { id: star.id }, { token: reader.token });
    expect(res.data?.follow).toEqual({ handle: star.handle, followerCount: 1 });
  });
});

describe('a lost database connection', () => {
  it('is SERVICE_UNAVAILABLE, with no detail, and the next request recovers', async () => {
    // Hold the follower list's query on a lock, then end its backend as a restart would.
    const locker = new pg.Client({ connectionString: api.orm.config.get('clientUrl') });
    await locker.connect();
    try {
      await locker.query('begin');
      await locker.query('lock table follow in access exclusive mode');
      const pending = api.gql(FOLLOWERS, { h: star.handle }, { token: reader.token });
      const [victim] = await eventually(() =>
        api.db<{ pid: number }>(
          `select pid from pg_stat_activity
            where datname = current_database() and wait_event_type = 'Lock' and query ilike '%from follow%'`,
        ).then((rows) => (rows.length ? rows : null)),
      );
      await api.db(`select pg_terminate_backend(?)`, [victim!.pid]);
      const res = await pending;
      expect(res.status).toBeLessThan(500);
      expect(res.data).toBeNull();
      expectMasked(res.errors, 'SERVICE_UNAVAILABLE');
      expect(res.errors![0]!.message).toMatch(/unavailable/i);
    } finally {
      await locker.query('rollback').catch(() => {});
      await locker.end();
    }
    // Recovery needs no restart. A pooled connection to the ended backend may
    // fail once more, and then says so clearly too.
    const codes: string[] = [];
    const again = await eventually(async () => {
      const res = await api.gql(FOLLOWERS, { h: star.handle }, { token: reader.token });
      if (!res.errors) return res;
      expectMasked(res.errors, 'SERVICE_UNAVAILABLE');
      codes.push(res.errors[0]!.extensions!.code!);
      return null;
    });
    expect(again.data?.person.handle).toBe(star.handle);
    expect(codes.length).toBeLessThanOrEqual(2);
  });
});
