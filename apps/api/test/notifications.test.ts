import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './support/test-api.js';
import { newFollowerOf, newPerson, type TestPerson } from './support/factories.js';
import { letIntroduce, newIntroduction, newTrio, respond } from './support/introductions.js';
import { record } from './support/live.js';
import { toGlobalId } from '../src/graphql/relay.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const LIST = `query { notifications { edges { node { id kind read introduction { id status } event { kind } } } } unreadNotificationCount }`;
const follow = (who: TestPerson, whom: TestPerson, via?: string) =>
  api.gql(`mutation ($id: ID!, $via: ID) { follow(personId: $id, via: $via) { id } }`, { id: whom.id, via }, { token: who.token });
const lastFollowEvent = async (who: TestPerson) =>
  (await api.gql(`query ($h: String!) { person(handle: $h) { activity(first: 1) { edges { node { id } } } } }`, { h: who.handle }, { token: who.token }))
    .data?.person.activity.edges[0].node.id as string;

describe('notifications', () => {
  it('tells a person they are asked to meet someone, and marks read', async () => {
    const { connector, a, b } = await newTrio(api);
    const id = await newIntroduction(api, connector, a, b);
    const mine = await api.gql(LIST, {}, { token: a.token });
    expect(mine.data?.unreadNotificationCount).toBe(1);
    expect(mine.data?.notifications.edges[0].node).toMatchObject({ kind: 'INTRODUCTION_ASKED', read: false, introduction: { id, status: 'PENDING' } });
    const left = await api.gql(`mutation { markNotificationsRead }`, {}, { token: a.token });
    expect(left.data?.markNotificationsRead).toBe(0);
    expect((await api.gql(LIST, {}, { token: a.token })).data?.notifications.edges[0].node.read).toBe(true);
    // Nobody else's notifications are reachable.
    const other = await api.gql(`query ($id: ID!) { node(id: $id) { id } }`, { id: mine.data?.notifications.edges[0].node.id }, { token: b.token });
    expect(other.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('"your ripple grew" reaches the starter two hops down, and can be turned off', async () => {
    const [starter, second, third, fourth] = [await newPerson(api), await newPerson(api), await newPerson(api), await newPerson(api)];
    const target = await newPerson(api);
    await follow(starter, target);
    const root = await lastFollowEvent(starter);
    await follow(second, target, root); // depth 1: not yet
    const hop1 = await lastFollowEvent(second);
    await follow(third, target, hop1); // depth 2: the starter hears
    const grew = async () =>
      (await api.gql(LIST, {}, { token: starter.token })).data?.notifications.edges.filter((e: any) => e.node.kind === 'RIPPLE_GREW');
    expect((await grew()).map((e: any) => e.node.event.kind)).toEqual(['FOLLOWED']);

    // Not noisy: while that notice is unread, more growth updates it; once read, the next growth tells again.
    await follow(fourth, target, hop1);
    expect(await grew()).toHaveLength(1);
    await api.gql(`mutation { markNotificationsRead }`, {}, { token: starter.token });
    const fifth = await newPerson(api);
    await follow(fifth, second, hop1);
    expect(await grew()).toHaveLength(2);

    const off = await api.gql(
      `mutation { updateNotificationSettings(input: { preferences: [{ kind: RIPPLE_GREW, enabled: false }] }) { preferences { kind enabled } } }`,
      {},
      { token: starter.token },
    );
    expect(off.data?.updateNotificationSettings.preferences).toContainEqual({ kind: 'RIPPLE_GREW', enabled: false });
    await follow(fourth, second, hop1);
    expect(await grew()).toHaveLength(2);
  });

  it('notificationAdded streams new notifications and resumes after `since`', async () => {
    const { connector, a } = await newTrio(api);
    const start = toGlobalId('Notification', '0');
    const query = `subscription ($since: ID) { notificationAdded(since: $since) { id kind introduction { reason } } }`;
    const live = record(api.wsUrl, a.token, query, { since: start });
    let cursor: string;
    try {
      await newIntroduction(api, connector, a, await newFollowerOf(api, connector));
      const [first] = await live.waitFor(1);
      expect(first.data.notificationAdded).toMatchObject({ kind: 'INTRODUCTION_ASKED', introduction: { reason: expect.any(String) } });
      cursor = first.data.notificationAdded.id;
    } finally {
      await live.close();
    }
    const b = await newFollowerOf(api, connector);
    await newIntroduction(api, connector, a, b);
    await letIntroduce(api, b, a, connector);
    const id = await newIntroduction(api, b, a, connector);
    await respond(api, a, id, 'ACCEPT');
    await respond(api, connector, id, 'ACCEPT'); // completes it: A, who accepted first, is told (and so is the completer)
    const resumed = record(api.wsUrl, a.token, query, { since: cursor });
    try {
      const missed = await resumed.waitFor(3);
      expect(missed.map((m) => m.data.notificationAdded.kind)).toEqual(['INTRODUCTION_ASKED', 'INTRODUCTION_ASKED', 'INTRODUCTION_CONNECTED']);
    } finally {
      await resumed.close();
    }
  });
});
