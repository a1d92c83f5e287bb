import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './support/test-api.js';
import { newPerson, type TestPerson } from './support/factories.js';
import { fromGlobalId } from '../src/graphql/relay.js';

/** The event log behind the feed: causes, roots, depths, notifications, all in one transaction with the state. */
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

interface EventRow {
  id: string;
  kind: string;
  actor_id: string;
  subject_person_id: string | null;
  subject_share_id: string | null;
  cause_id: string | null;
  root_id: string;
  depth: number;
  visibility: string;
}

const local = (globalId: string) => fromGlobalId(globalId)!.id;
const str = (v: unknown) => (v == null ? null : String(v));

async function eventById(id: string): Promise<EventRow> {
  const [row] = await api.db(`select * from event where id = ?`, [id]);
  return normalise(row!);
}
function normalise(row: Record<string, any>): EventRow {
  return {
    id: String(row.id),
    kind: row.kind,
    actor_id: String(row.actor_id),
    subject_person_id: str(row.subject_person_id),
    subject_share_id: str(row.subject_share_id),
    cause_id: str(row.cause_id),
    root_id: String(row.root_id),
    depth: row.depth,
    visibility: row.visibility,
  };
}

const SHARE = `id rippleSize event { id kind depth }`;
async function shareWork(who: TestPerson, input: Record<string, unknown>) {
  const res = await api.gql(
    `mutation ($input: ShareWorkInput!) { shareWork(input: $input) { ${SHARE} } }`,
    { input: { url: 'https://example.com/piece', title: 'A piece', note: 'Read it', ...input } },
    { token: who.token },
  );
  expect(res.errors).toBeUndefined();
  return res.data!.shareWork as { id: string; rippleSize: number; event: { id: string; kind: string; depth: number } };
}
async function reshare(who: TestPerson, shareId: string) {
  const res = await api.gql(`mutation ($id: ID!) { reshare(shareId: $id) { ${SHARE} } }`, { id: shareId }, { token: who.token });
  expect(res.errors).toBeUndefined();
  return res.data!.reshare as { id: string; event: { id: string } };
}
async function follow(who: TestPerson, whom: TestPerson, via?: string) {
  const res = await api.gql(`mutation ($id: ID!, $via: ID) { follow(personId: $id, via: $via) { id } }`, { id: whom.id, via }, { token: who.token });
  expect(res.errors).toBeUndefined();
}
async function shareEventId(shareId: string): Promise<string> {
  const [row] = await api.db(`select event_id from share where id = ?`, [local(shareId)]);
  return String(row!.event_id);
}
async function rippleSize(viewer: TestPerson, shareId: string): Promise<number> {
  const res = await api.gql(`query ($id: ID!) { share(id: $id) { rippleSize } }`, { id: shareId }, { token: viewer.token });
  return res.data!.share.rippleSize;
}

describe('where a share starts', () => {
  it('sharing work by someone the sharer follows continues the ripple of that follow', async () => {
    const [sarah, writer] = await Promise.all([newPerson(api), newPerson(api)]);
    await follow(sarah, writer);
    const [followRow] = await api.db(`select event_id from follow where follower_id = ? and followee_id = ?`, [local(sarah.id), local(writer.id)]);
    const followed = await eventById(String(followRow!.event_id));

    const share = await shareWork(sarah, { authorId: writer.id });
    const shared = await eventById(await shareEventId(share.id));
    expect(shared).toMatchObject({
      kind: 'SHARED',
      actor_id: local(sarah.id),
      subject_person_id: local(writer.id),
      subject_share_id: local(share.id),
      cause_id: followed.id,
      root_id: followed.root_id,
      depth: followed.depth + 1,
      visibility: 'public',
    });
    // Its ripple is what the share led to, not the follow before it.
    expect(share.rippleSize).toBe(1);
  });

  it('sharing work by a connection continues the ripple of that connection', async () => {
    const [julien, writer] = await Promise.all([newPerson(api), newPerson(api)]);
    const [a, b] = [local(julien.id), local(writer.id)].sort((x, y) => (BigInt(x) < BigInt(y) ? -1 : 1));
    const [connected] = await api.db(
      `with i as (select nextval('event_id_seq') as id)
       insert into event (id, kind, actor_id, subject_person_id, subject_person2_id, root_id, depth, visibility)
       select id, 'CONNECTED', ?, ?, ?, id, 0, 'public' from i returning id`,
      [a, a, b],
    );
    await api.db(`insert into connection (person_a_id, person_b_id, event_id) values (?, ?, ?)`, [a, b, connected!.id]);

    const share = await shareWork(julien, { authorId: writer.id });
    const shared = await eventById(await shareEventId(share.id));
    expect(shared).toMatchObject({ cause_id: String(connected!.id), root_id: String(connected!.id), depth: 1 });
  });

  it('a follow takes precedence over a connection; a connection without an event, or an outside author, starts a new ripple', async () => {
    const [chris, writer, other] = await Promise.all([newPerson(api), newPerson(api), newPerson(api)]);
    const pair = (x: string, y: string) => [local(x), local(y)].sort((p, q) => (BigInt(p) < BigInt(q) ? -1 : 1));
    await api.db(`insert into connection (person_a_id, person_b_id, event_id) values (?, ?, null)`, pair(chris.id, other.id));
    const viaOldConnection = await eventById(await shareEventId((await shareWork(chris, { authorId: other.id })).id));
    expect(viaOldConnection).toMatchObject({ cause_id: null, depth: 0 });
    expect(viaOldConnection.root_id).toBe(viaOldConnection.id);

    const outside = await eventById(await shareEventId((await shareWork(chris, { authorName: 'Someone Else' })).id));
    expect(outside).toMatchObject({ cause_id: null, depth: 0, subject_person_id: null });
    expect(outside.root_id).toBe(outside.id);

    await api.db(`insert into connection (person_a_id, person_b_id, event_id) values (?, ?, null)`, pair(chris.id, writer.id));
    await follow(chris, writer);
    const [followRow] = await api.db(`select event_id from follow where follower_id = ? and followee_id = ?`, [local(chris.id), local(writer.id)]);
    const viaFollow = await eventById(await shareEventId((await shareWork(chris, { authorId: writer.id })).id));
    expect(viaFollow.cause_id).toBe(String(followRow!.event_id));
  });
});

describe('the chain Sarah → Julien → Chris', () => {
  it('reshares, follows from the share card and thanks all join the share’s ripple', async () => {
    const [writer, sarah, julien, chris, reader] = await Promise.all([1, 2, 3, 4, 5].map(() => newPerson(api)));
    await follow(sarah, writer);
    const original = await shareWork(sarah, { authorId: writer.id, mentionIds: [julien.id] });
    const r1 = await reshare(julien, original.id);
    const r2 = await reshare(chris, r1.id);

    const shared = await eventById(await shareEventId(original.id));
    const reshared1 = await eventById(await shareEventId(r1.id));
    const reshared2 = await eventById(await shareEventId(r2.id));
    expect(reshared1).toMatchObject({
      kind: 'RESHARED',
      actor_id: local(julien.id),
      subject_person_id: local(sarah.id),
      subject_share_id: local(r1.id),
      cause_id: shared.id,
      root_id: shared.root_id,
      depth: shared.depth + 1,
    });
    expect(reshared2).toMatchObject({
      kind: 'RESHARED',
      actor_id: local(chris.id),
      subject_person_id: local(julien.id),
      cause_id: reshared1.id,
      root_id: shared.root_id,
      depth: shared.depth + 2,
    });

    // The reader follows the writer from Chris's card: the follow hangs below Chris's reshare.
    await follow(reader, writer, r2.event.id);
    const [readerFollow] = await api.db(`select event_id from follow where follower_id = ?`, [local(reader.id)]);
    const followed = await eventById(String(readerFollow!.event_id));
    expect(followed).toMatchObject({ kind: 'FOLLOWED', cause_id: reshared2.id, root_id: shared.root_id, depth: shared.depth + 3 });

    // Thanks go to the sharer and are caused by the thanked share.
    const thanked = await api.gql(`mutation ($id: ID!) { thank(shareId: $id) { thanksCount } }`, { id: r1.id }, { token: reader.token });
    expect(thanked.data?.thank.thanksCount).toBe(1);
    const [thanksRow] = await api.db(`select event_id from share_thanks where share_id = ?`, [local(r1.id)]);
    expect(await eventById(String(thanksRow!.event_id))).toMatchObject({
      kind: 'THANKED',
      actor_id: local(reader.id),
      subject_person_id: local(julien.id),
      subject_share_id: local(r1.id),
      cause_id: reshared1.id,
      root_id: shared.root_id,
      depth: shared.depth + 2,
    });

    // SHARED, MENTIONED, RESHARED ×2, FOLLOWED, THANKED; not Sarah's follow of the writer above it.
    expect(await rippleSize(reader, original.id)).toBe(6);
    expect(await rippleSize(reader, r2.id)).toBe(6); // a reshare shows its original's ripple
    const whole = await api.db(`select count(*)::int as n from event where root_id = ?`, [shared.root_id]);
    expect(whole[0]!.n).toBe(7);

    // The share card's event is what the client follows from, and it resolves to the share.
    const card = await api.gql(
      `query ($id: ID!) { share(id: $id) { event { id kind depth cause { id } share { id } } } }`,
      { id: r2.id },
      { token: reader.token },
    );
    expect(card.data?.share.event).toMatchObject({ id: r2.event.id, kind: 'RESHARED', share: { id: r2.id } });
    expect(card.data?.share.event.cause.id).toBe(r1.event.id);
  });

  it('a follow via a share that is a new root counts in its ripple', async () => {
    const [sarah, reader1, reader2] = await Promise.all([1, 2, 3].map(() => newPerson(api)));
    const share = await shareWork(sarah, { authorName: 'Outside Writer' });
    expect(share.event.depth).toBe(0);
    await follow(reader1, sarah, share.event.id);
    await follow(reader2, sarah, share.event.id);
    expect(await rippleSize(reader1, share.id)).toBe(3);
  });
});

describe('mentions and credit', () => {
  it('each mention appends MENTIONED caused by the share, and the credited and mentioned members are notified', async () => {
    const [sarah, writer, julien, chris] = await Promise.all([1, 2, 3, 4].map(() => newPerson(api)));
    const share = await shareWork(sarah, { authorId: writer.id, mentionIds: [julien.id, chris.id] });
    const sharedId = await shareEventId(share.id);
    const events = (await api.db(`select * from event where subject_share_id = ? order by id`, [local(share.id)])).map(normalise);
    expect(events.map((e) => e.kind)).toEqual(['SHARED', 'MENTIONED', 'MENTIONED']);
    expect(events[0]!.id).toBe(sharedId);
    for (const mentioned of events.slice(1)) {
      expect(mentioned).toMatchObject({ actor_id: local(sarah.id), cause_id: sharedId, depth: events[0]!.depth + 1, visibility: 'public' });
    }
    expect(events.slice(1).map((e) => e.subject_person_id).sort()).toEqual([local(julien.id), local(chris.id)].sort());

    const notes = await api.db(
      `select recipient_id, kind, event_id, share_id from notification where share_id = ? order by id`,
      [local(share.id)],
    );
    const byRecipient = new Map(notes.map((n) => [String(n.recipient_id), n]));
    expect(notes).toHaveLength(3);
    expect(byRecipient.get(local(writer.id))).toMatchObject({ kind: 'SHARE_CREDITED' });
    expect(String(byRecipient.get(local(writer.id))!.event_id)).toBe(sharedId);
    for (const person of [julien, chris]) {
      const note = byRecipient.get(local(person.id))!;
      expect(note.kind).toBe('SHARE_MENTIONED');
      const mentionEvent = events.find((e) => e.subject_person_id === local(person.id))!;
      expect(String(note.event_id)).toBe(mentionEvent.id);
    }
    expect(byRecipient.has(local(sarah.id))).toBe(false);
  });

  it('one notice per person: a credited member who is also mentioned is told once; sharing your own work tells nobody', async () => {
    const [sarah, writer] = await Promise.all([newPerson(api), newPerson(api)]);
    const share = await shareWork(sarah, { authorId: writer.id, mentionIds: [writer.id] });
    const notes = await api.db(`select kind from notification where share_id = ?`, [local(share.id)]);
    expect(notes.map((n) => n.kind)).toEqual(['SHARE_CREDITED']);
    const own = await shareWork(writer, { authorId: writer.id });
    expect(await api.db(`select 1 from notification where share_id = ?`, [local(own.id)])).toHaveLength(0);
  });
});

describe('all or nothing', () => {
  it('a failure late in the transaction leaves no share, mention, event or notification behind', async () => {
    const [sarah, writer, julien] = await Promise.all([1, 2, 3].map(() => newPerson(api)));
    const counts = async () =>
      (
        await api.db(
          `select (select count(*) from share)::int as shares, (select count(*) from share_mention)::int as mentions,
                  (select count(*) from event)::int as events, (select count(*) from notification)::int as notifications`,
        )
      )[0];
    const before = await counts();
    await api.db(`create function feed_test_fail() returns trigger language plpgsql as $$ begin raise exception 'boom'; end $$`);
    await api.db(`create trigger feed_test_fail before insert on notification for each row execute function feed_test_fail()`);
    try {
      const res = await api.gql(
        `mutation ($input: ShareWorkInput!) { shareWork(input: $input) { id } }`,
        { input: { url: 'https://example.com/x', title: 'X', authorId: writer.id, mentionIds: [julien.id] } },
        { token: sarah.token },
      );
      expect(res.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(JSON.stringify(res.errors)).not.toContain('boom');
    } finally {
      await api.db(`drop trigger feed_test_fail on notification`);
      await api.db(`drop function feed_test_fail()`);
    }
    expect(await counts()).toEqual(before);
  });
});
