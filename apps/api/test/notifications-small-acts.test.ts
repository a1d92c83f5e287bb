import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './support/test-api.js';
import { follow, newPerson, type TestPerson } from './support/factories.js';
import { newIntroduction, newTrio, respond } from './support/introductions.js';
import { record } from './support/live.js';
import { toGlobalId } from '../src/graphql/relay.js';

/**
 * The small acts noticed (notifications/NOTIFICATIONS.md): each kind, its
 * grouping, the opt-outs, the sub-ripple starter, and that neither your own
 * acts nor private ones ever notify.
 */
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const ITEM = `id group revision kind read actorCount
  actors { id name }
  share { id title note sharer { id } }
  ripple { id kind share { id } }
  event { id kind actor { id } share { id note } }
  introduction { id status }`;

interface Item {
  id: string;
  group: string;
  revision: number;
  kind: string;
  read: boolean;
  actorCount: number;
  actors: { id: string; name: string }[];
  share: { id: string; title: string; note: string; sharer: { id: string } } | null;
  ripple: { id: string; kind: string; share: { id: string } | null } | null;
  event: { id: string; kind: string; actor: { id: string }; share: { id: string; note: string } | null } | null;
  introduction: { id: string; status: string } | null;
}

async function inbox(who: TestPerson): Promise<Item[]> {
  const res = await api.gql(`query { notifications(first: 100) { edges { node { ${ITEM} } } } }`, {}, { token: who.token });
  expect(res.errors).toBeUndefined();
  return res.data!.notifications.edges.map((e: { node: Item }) => e.node);
}
const ofKind = async (who: TestPerson, kind: string) => (await inbox(who)).filter((n) => n.kind === kind);

async function share(who: TestPerson, input: Record<string, unknown> = {}) {
  const res = await api.gql(
    `mutation ($input: ShareWorkInput!) { shareWork(input: $input) { id title event { id } } }`,
    { input: { url: 'https://example.com/awkward', title: 'Awkward Moments Experiment', note: 'Small talk matters.', authorName: 'Kai', ...input } },
    { token: who.token },
  );
  expect(res.errors).toBeUndefined();
  return res.data!.shareWork as { id: string; title: string; event: { id: string } };
}
async function reshare(who: TestPerson, shareId: string, note = '') {
  const res = await api.gql(`mutation ($id: ID!, $note: String) { reshare(shareId: $id, note: $note) { id event { id } } }`, { id: shareId, note }, { token: who.token });
  expect(res.errors).toBeUndefined();
  return res.data!.reshare as { id: string; event: { id: string } };
}
async function thank(who: TestPerson, shareId: string) {
  const res = await api.gql(`mutation ($id: ID!) { thank(shareId: $id) { id } }`, { id: shareId }, { token: who.token });
  expect(res.errors).toBeUndefined();
}
async function unfollow(who: TestPerson, whom: TestPerson) {
  const res = await api.gql(`mutation ($id: ID!) { unfollow(personId: $id) { id } }`, { id: whom.id }, { token: who.token });
  expect(res.errors).toBeUndefined();
}
async function lastEventOf(who: TestPerson): Promise<string> {
  const res = await api.gql(`query ($h: String!) { person(handle: $h) { activity(first: 1) { edges { node { id } } } } }`, { h: who.handle }, { token: who.token });
  return res.data!.person.activity.edges[0].node.id;
}
async function markAllRead(who: TestPerson) {
  await api.gql(`mutation { markNotificationsRead }`, {}, { token: who.token });
}
async function setKind(who: TestPerson, kind: string, enabled: boolean) {
  const res = await api.gql(
    `mutation ($input: NotificationSettingsInput!) { updateNotificationSettings(input: $input) { preferences { kind enabled } } }`,
    { input: { preferences: [{ kind, enabled }] } },
    { token: who.token },
  );
  expect(res.errors).toBeUndefined();
  return res.data!.updateNotificationSettings.preferences as { kind: string; enabled: boolean }[];
}
const people = async (n: number) => Promise.all(Array.from({ length: n }, () => newPerson(api)));

describe('a reshare', () => {
  it('tells the sharer, with the resharer’s note, grouped per share while unread', async () => {
    const [sarah, julien, chris, dana] = await people(4);
    const original = await share(sarah);
    await reshare(julien, original.id, 'Exactly what I wrote about today.');
    const [first] = await ofKind(sarah, 'SHARE_RESHARED');
    expect(first).toMatchObject({
      revision: 0,
      read: false,
      actorCount: 1,
      actors: [{ id: julien.id }],
      share: { id: original.id, sharer: { id: sarah.id } },
      event: { kind: 'RESHARED', actor: { id: julien.id }, share: { note: 'Exactly what I wrote about today.' } },
    });
    // The resharer is not told of their own act.
    expect(await inbox(julien)).toEqual([]);

    await reshare(chris, original.id, 'Via Julien.');
    const grouped = await ofKind(sarah, 'SHARE_RESHARED');
    expect(grouped).toHaveLength(1);
    expect(grouped[0]).toMatchObject({
      group: first!.group,
      revision: 1,
      actorCount: 2,
      actors: [{ id: chris.id }, { id: julien.id }],
      event: { share: { note: 'Via Julien.' } },
    });
    expect(grouped[0]!.id).not.toBe(first!.id);
    // The id the client held still finds the group (node), and marks it read.
    const node = await api.gql(`query ($id: ID!) { node(id: $id) { id } }`, { id: first!.id }, { token: sarah.token });
    expect(node.data?.node.id).toBe(grouped[0]!.id);
    const left = await api.gql(`mutation ($ids: [ID!]) { markNotificationsRead(ids: $ids) }`, { ids: [first!.id] }, { token: sarah.token });
    expect(left.data?.markNotificationsRead).toBe(0);

    // Read: the next reshare starts a new notification.
    await reshare(dana, original.id);
    const after = await ofKind(sarah, 'SHARE_RESHARED');
    expect(after.map((n) => [n.read, n.actorCount])).toEqual([
      [false, 1],
      [true, 2],
    ]);
    expect(after[0]!.group).not.toBe(first!.group);
  });

  it('of a reshare tells the resharer whose reshare it was', async () => {
    const [sarah, julien, chris] = await people(3);
    const original = await share(sarah);
    const julienReshare = await reshare(julien, original.id);
    await reshare(chris, julienReshare.id);
    expect(await ofKind(julien, 'SHARE_RESHARED')).toMatchObject([{ share: { id: julienReshare.id }, actors: [{ id: chris.id }] }]);
  });
});

describe('thanks', () => {
  it('tell the sharer, grouped per share', async () => {
    const [sarah, a, b] = await people(3);
    const s = await share(sarah);
    await thank(a, s.id);
    await thank(a, s.id); // again: no change
    await thank(b, s.id);
    expect(await ofKind(sarah, 'SHARE_THANKED')).toMatchObject([{ actorCount: 2, actors: [{ id: b.id }, { id: a.id }], share: { id: s.id } }]);
    expect(await inbox(a)).toEqual([]);
  });
});

describe('follows', () => {
  it('tell the person followed, grouped by the share they were followed from', async () => {
    const [ana, julien, chris, dana] = await people(4);
    const s = await share(ana);
    await follow(api, julien, ana, s.event.id);
    await follow(api, chris, ana, s.event.id);
    await follow(api, dana, ana); // not from a share: its own group
    const followed = await ofKind(ana, 'FOLLOWED');
    expect(followed.map((n) => [n.share?.id ?? null, n.actorCount])).toEqual([
      [null, 1],
      [s.id, 2],
    ]);
    expect(followed[1]!.actors.map((p) => p.id)).toEqual([chris.id, julien.id]);
    expect(await inbox(julien)).toEqual([]);
  });

  it('a re-follow after an unfollow tells nothing (that would reveal the private unfollow)', async () => {
    const [ana, julien] = await people(2);
    await follow(api, julien, ana);
    await markAllRead(ana);
    await unfollow(julien, ana);
    await follow(api, julien, ana);
    const followed = await ofKind(ana, 'FOLLOWED');
    expect(followed).toHaveLength(1);
    expect(followed[0]!.read).toBe(true);
  });
});

describe('credit and mentions', () => {
  it('tell the credited author and the people mentioned, once each', async () => {
    const [sarah, ana, julien] = await people(3);
    const s = await share(sarah, { authorName: null, authorId: ana.id, mentionIds: [julien.id, ana.id] });
    expect((await inbox(ana)).map((n) => [n.kind, n.share?.id])).toEqual([['SHARE_CREDITED', s.id]]);
    expect((await inbox(julien)).map((n) => [n.kind, n.share?.id])).toEqual([['SHARE_MENTIONED', s.id]]);
    expect(await inbox(sarah)).toEqual([]);
  });
});

describe('a connection', () => {
  it('tells all three, the person whose accept completed it too', async () => {
    const { connector, a, b } = await newTrio(api);
    const id = await newIntroduction(api, connector, a, b);
    await respond(api, a, id, 'ACCEPT');
    await respond(api, b, id, 'ACCEPT'); // b completes it
    for (const who of [connector, a, b]) {
      expect(await ofKind(who, 'INTRODUCTION_CONNECTED')).toMatchObject([{ introduction: { id, status: 'CONNECTED' }, actorCount: 0 }]);
    }
  });
});

describe('"your ripple grew"', () => {
  it('reaches the starter of a sub-ripple: a share that continues someone else’s ripple', async () => {
    const [ana, sarah, julien, kim, lea] = await people(5);
    const s1 = await share(sarah, { authorName: null, authorId: ana.id }); // the root
    await follow(api, julien, ana, s1.event.id); // depth 1
    const s2 = await share(julien, { authorName: null, authorId: ana.id, title: 'Same point, my words' }); // depth 2: continues s1's ripple
    await follow(api, kim, julien, s2.event.id); // depth 3: Julien is told directly; Sarah's ripple grew
    // Julien's share is a ripple he started, as the ripples page lists it.
    const mine = await api.gql(`query { myRipples(role: STARTED) { edges { node { root { id } } } } }`, {}, { token: julien.token });
    expect(mine.data?.myRipples.edges.map((e: any) => e.node.root.id)).toContain(s2.event.id);
    expect(await ofKind(julien, 'RIPPLE_GREW')).toEqual([]);
    expect(await ofKind(sarah, 'RIPPLE_GREW')).toMatchObject([{ ripple: { id: s1.event.id }, actorCount: 1 }]);
    const kimFollow = await lastEventOf(kim);
    await follow(api, lea, kim, kimFollow); // depth 4: two hops below Julien's share
    expect(await ofKind(julien, 'RIPPLE_GREW')).toMatchObject([
      { ripple: { id: s2.event.id, kind: 'SHARED', share: { id: s2.id } }, actors: [{ id: lea.id }], event: { kind: 'FOLLOWED' } },
    ]);
    // Sarah's one notice is updated, not repeated.
    expect(await ofKind(sarah, 'RIPPLE_GREW')).toMatchObject([{ ripple: { id: s1.event.id }, actorCount: 2, revision: 1 }]);

    // Her own act in her own ripple tells her nothing.
    await markAllRead(sarah);
    await follow(api, sarah, lea, await lastEventOf(lea));
    expect((await ofKind(sarah, 'RIPPLE_GREW')).filter((n) => !n.read)).toEqual([]);
  });
});

describe('settings', () => {
  it('turn each kind off and on again, for that person only', async () => {
    const [sarah, a, b, c] = await people(4);
    const all = await setKind(sarah, 'SHARE_THANKED', false);
    expect(all.map((p) => p.kind).sort()).toEqual(
      ['FOLLOWED', 'INTRODUCTION_ASKED', 'INTRODUCTION_CONNECTED', 'RIPPLE_GREW', 'SHARE_CREDITED', 'SHARE_MENTIONED', 'SHARE_RESHARED', 'SHARE_THANKED'],
    );
    expect(all.filter((p) => !p.enabled)).toEqual([{ kind: 'SHARE_THANKED', enabled: false }]);
    const s = await share(sarah);
    await thank(a, s.id);
    await reshare(a, s.id);
    expect((await inbox(sarah)).map((n) => n.kind)).toEqual(['SHARE_RESHARED']);
    await setKind(sarah, 'SHARE_THANKED', true);
    await thank(b, s.id);
    expect(await ofKind(sarah, 'SHARE_THANKED')).toMatchObject([{ actorCount: 1, actors: [{ id: b.id }] }]);
    // Someone else's settings are untouched.
    const theirs = await api.gql(`query { notificationSettings { preferences { kind enabled } } }`, {}, { token: c.token });
    expect(theirs.data?.notificationSettings.preferences.every((p: any) => p.enabled)).toBe(true);
  });

  it('refuse bad input with a code', async () => {
    const sarah = await newPerson(api);
    const res = await api.gql(`mutation { updateNotificationSettings(input: { preferences: [{ kind: NOPE, enabled: false }] }) { preferences { kind } } }`, {}, { token: sarah.token });
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const anonymous = await api.gql(`query { notificationSettings { preferences { kind } } }`);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('private acts', () => {
  it('a pending or declined introduction tells no one but the person asked', async () => {
    const { connector, a, b } = await newTrio(api);
    const connectorBefore = await inbox(connector);
    const id = await newIntroduction(api, connector, a, b);
    expect((await inbox(a)).map((n) => n.kind)).toEqual(['INTRODUCTION_ASKED']);
    const bAsked = await inbox(b);
    expect(bAsked.map((n) => n.kind)).toEqual(['INTRODUCTION_ASKED']);
    expect((await respond(api, a, id, 'DECLINE')).errors).toBeUndefined();
    // B's notifications are exactly what they were before A declined; the connector hears nothing.
    expect(await inbox(b)).toEqual(bAsked);
    expect((await respond(api, b, id, 'ACCEPT')).errors).toBeUndefined();
    expect(await inbox(b)).toEqual(bAsked);
    expect(await inbox(connector)).toEqual(connectorBefore);
    expect((await inbox(a)).map((n) => n.kind)).toEqual(['INTRODUCTION_ASKED']);
  });

  it('an unfollow tells no one', async () => {
    const [ana, julien] = await people(2);
    await follow(api, julien, ana);
    const before = await inbox(ana);
    await unfollow(julien, ana);
    expect(await inbox(ana)).toEqual(before);
  });
});

describe('live', () => {
  it('a grouped notification is delivered again, with the same group, when it is updated', async () => {
    const [sarah, a, b] = await people(3);
    const s = await share(sarah);
    const live = record(api.wsUrl, sarah.token, `subscription ($since: ID) { notificationAdded(since: $since) { id group revision kind actorCount } }`, {
      since: toGlobalId('Notification', '0'),
    });
    try {
      await thank(a, s.id);
      await thank(b, s.id);
      const [first, second] = (await live.waitFor(2)).map((m) => m.data.notificationAdded);
      expect(first).toMatchObject({ kind: 'SHARE_THANKED', revision: 0, actorCount: 1 });
      expect(second).toMatchObject({ kind: 'SHARE_THANKED', revision: 1, actorCount: 2, group: first.group });
    } finally {
      await live.close();
    }
  });
});
