import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startTestApi, type TestApi } from './support/test-api.js';
import { newPerson, type TestPerson } from './support/factories.js';
import { record } from './support/live.js';
import { toGlobalId } from '../src/graphql/relay.js';

/**
 * Appends take no global lock (live/PROTOCOL.md, "Ordering"): ids come from
 * the writing transaction, and readers stop at the commit horizon. These
 * tests check that resuming by `since` stays exact while many write at once.
 */
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const FEED = `subscription ($since: ID) { feedEvents(since: $since) { id kind actor { handle } } }`;

async function share(who: TestPerson, title: string) {
  const res = await api.gql(
    `mutation ($input: ShareWorkInput!) { shareWork(input: $input) { id event { id } } }`,
    { input: { url: 'https://example.com/ordering', title, authorName: 'Outside Writer' } },
    { token: who.token },
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.shareWork.event.id as string;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('append ordering without a global lock', () => {
  it('a reader resuming by `since` again and again while 32 people share at once gets every share once, in id order', async () => {
    const writers = await Promise.all(Array.from({ length: 32 }, () => newPerson(api)));
    const reader = await newPerson(api);
    const handles = new Set(writers.map((w) => w.handle));
    const [{ start }] = await api.db<{ start: string }>(`select coalesce(max(id), 0)::text as start from event`);
    const SHARES_EACH = 4;

    let writing = true;
    const written = Promise.all(
      writers.map(async (writer, w) => {
        for (let k = 0; k < SHARES_EACH; k++) await share(writer, `writer ${w} share ${k}`);
      }),
    ).finally(() => (writing = false));

    const received: string[] = [];
    let since = toGlobalId('Event', start);
    // Subscribe, take whatever arrives for a moment, drop the socket, resume from the last id kept.
    for (let attempt = 0; attempt < 400; attempt++) {
      const stillWriting = writing;
      const live = record(api.wsUrl, reader.token, FEED, { since });
      await pause(stillWriting ? 40 + (attempt % 5) * 30 : 300);
      await live.close();
      for (const message of live.messages) {
        const event = message.data.feedEvents;
        if (handles.has(event.actor.handle)) received.push(event.id);
        since = event.id;
      }
      if (!stillWriting && received.length >= writers.length * SHARES_EACH) break;
    }
    await written;

    const expected = await api.db<{ id: string }>(
      `select e.id::text from event e join person p on p.id = e.actor_id
        where e.kind = 'SHARED' and p.handle = any(?::text[]) order by e.id`,
      [`{${[...handles].join(',')}}`],
    );
    expect(expected).toHaveLength(writers.length * SHARES_EACH);
    expect(received).toEqual(expected.map((row) => toGlobalId('Event', row.id)));
  });

  it('a row committed while an older transaction is still open waits for it: both arrive, the older first', async () => {
    const [writer, reader] = await Promise.all([newPerson(api), newPerson(api)]);
    const [{ start }] = await api.db<{ start: string }>(`select coalesce(max(id), 0)::text as start from event`);
    const delivered: string[] = [];
    const stopListening = api.server.live.onEvent((row) => delivered.push(row.id));
    const live = record(api.wsUrl, reader.token, `subscription ($since: ID) { feedEvents(since: $since) { id } }`, {
      since: toGlobalId('Event', start),
    });
    const older = new pg.Client({ connectionString: api.databaseUrl });
    await older.connect();
    try {
      // An older transaction appends an event (its id is taken now) and stays open…
      await older.query('begin');
      const { rows } = await older.query(
        `with i as (select next_commit_ordered_id() as id)
         insert into event (id, kind, actor_id, root_id, depth, visibility)
         select id, 'JOINED', $1, id, 0, 'public' from i returning id::text`,
        [(await api.db<{ id: string }>(`select id::text from person where handle = ?`, [writer.handle]))[0]!.id],
      );
      const olderId = rows[0].id as string;
      // …while a newer one commits a share, with a larger id.
      const newerGlobal = await share(writer, 'committed behind an open transaction');
      const [{ id: newerId }] = await api.db<{ id: string }>(`select event_id::text as id from share where title = ?`, ['committed behind an open transaction']);
      expect(BigInt(newerId)).toBeGreaterThan(BigInt(olderId));
      // A fresh subscription replays nothing past the open transaction: the share is held back.
      const meanwhile = record(api.wsUrl, reader.token, `subscription ($since: ID) { feedEvents(since: $since) { id } }`, {
        since: toGlobalId('Event', start),
      });
      await pause(300);
      expect(meanwhile.messages).toEqual([]);
      await meanwhile.close();
      await older.query('commit');

      await live.waitFor(1);
      for (let i = 0; i < 100 && !delivered.includes(newerId); i++) await pause(50);
      // The bus delivered both, the older first; the feed (which shows shares) got the share once.
      expect(delivered.filter((id) => id === olderId || id === newerId)).toEqual([olderId, newerId]);
      await pause(200);
      expect(live.messages.map((m) => m.data.feedEvents.id)).toEqual([newerGlobal]);
    } finally {
      stopListening();
      await live.close();
      await older.end();
    }
  });
});
