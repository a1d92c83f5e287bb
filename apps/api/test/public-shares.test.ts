import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localIdOf, toGlobalId } from '../src/graphql/relay.js';
import { startTestApi, type TestApi } from './support/test-api.js';
import { newPerson, type TestPerson } from './support/factories.js';

/**
 * What a visitor who is not signed in may read: a public share by id
 * (`node`, for the share's own page and link previews), the feed and a
 * member's shares (for feed readers), a member's card. Nothing else, and
 * never a share whose event is not public.
 */

let api: TestApi;
let sarah: TestPerson;
let julien: TestPerson;
let publicShare: { id: string; eventId: string };
let hiddenShare: { id: string };

const SHARE_WORK = `mutation ($input: ShareWorkInput!) { shareWork(input: $input) { id event { id } } }`;
const PAGE = `query ($id: ID!) {
  node(id: $id) {
    __typename
    ... on Share {
      id title url note createdAt isReshare reshareCount thanksCount rippleSize viewerThanked viewerReshared
      sharer { name handle contact { email } }
      author { name person { handle } }
      event { id }
    }
  }
}`;

async function share(who: TestPerson, title: string) {
  const res = await api.gql(
    SHARE_WORK,
    { input: { url: `https://example.com/${encodeURIComponent(title)}`, title, note: `Why: ${title}`, authorName: 'Ana Ruiz' } },
    { token: who.token },
  );
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  return { id: res.data.shareWork.id as string, eventId: res.data.shareWork.event.id as string };
}

beforeAll(async () => {
  api = await startTestApi();
  [sarah, julien] = await Promise.all([newPerson(api), newPerson(api)]);
  publicShare = await share(sarah, 'A public essay');
  hiddenShare = await share(sarah, 'A share only Julien may see');
  // No mutation makes a share for an audience yet, but the event log allows
  // one and every read must honour it: turn this share's event into one
  // (the log is append-only by trigger, lifted just for this fixture).
  await api.db(`alter table event disable trigger event_append_only`);
  await api.db(`update event set visibility = 'audience', audience = array[?::bigint] where subject_share_id = ?`, [
    localIdOf(julien.id, 'Person'),
    localIdOf(hiddenShare.id, 'Share'),
  ]);
  await api.db(`alter table event enable trigger event_append_only`);
});
afterAll(async () => {
  await api?.close();
});

describe('signed out', () => {
  it('reads a public share by node(id), with no contact details and no viewer state', async () => {
    const res = await api.gql(PAGE, { id: publicShare.id });
    expect(res.errors).toBeUndefined();
    expect(res.data?.node).toMatchObject({
      __typename: 'Share',
      id: publicShare.id,
      title: 'A public essay',
      note: 'Why: A public essay',
      isReshare: false,
      viewerThanked: false,
      viewerReshared: false,
      sharer: { handle: sarah.handle, contact: null },
      author: { name: 'Ana Ruiz', person: null },
      event: { id: publicShare.eventId },
    });
  });

  it('gets NOT_FOUND for a share that is not public, a missing share, and a bad id alike', async () => {
    for (const id of [hiddenShare.id, toGlobalId('Share', '987654321')]) {
      const res = await api.gql(PAGE, { id });
      expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(res.data ?? null).toBeNull();
    }
  });

  it('still needs a session for any other kind of node', async () => {
    const res = await api.gql(PAGE, { id: publicShare.eventId });
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const garbage = await api.gql(PAGE, { id: 'garbage' });
    expect(garbage.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('reads the feed and a member’s shares: public ones only', async () => {
    const feed = await api.gql(`{ feed(first: 50) { edges { node { id title } } } }`);
    const ids = feed.data?.feed.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(ids).toContain(publicShare.id);
    expect(ids).not.toContain(hiddenShare.id);

    const mine = await api.gql(`query ($id: ID!) { node(id: $id) { ... on Person { name shares(first: 10) { edges { node { id } } } } } }`, {
      id: sarah.id,
    });
    expect(mine.data?.node.shares.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([publicShare.id]);
  });
});

describe('members', () => {
  it('see a share meant for them, and others do not', async () => {
    const forJulien = await api.gql(PAGE, { id: hiddenShare.id }, { token: julien.token });
    expect(forJulien.data?.node.title).toBe('A share only Julien may see');
    const stranger = await newPerson(api);
    const notForThem = await api.gql(PAGE, { id: hiddenShare.id }, { token: stranger.token });
    expect(notForThem.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('share(id), reshare and thanks honour who a share is for', () => {
  const SHARE = `query ($id: ID!) { share(id: $id) { id title } }`;
  const RESHARE = `mutation ($id: ID!) { reshare(shareId: $id) { id } }`;
  const THANK = `mutation ($id: ID!) { thank(shareId: $id) { id thanksCount viewerThanked } }`;
  const eventCount = async () => Number((await api.db(`select count(*)::int as n from event`))[0]!.n);

  it('share(id) reads as node(id) does: a public share signed out, a hidden one only for its audience', async () => {
    const signedOut = await api.gql(SHARE, { id: publicShare.id });
    expect(signedOut.data?.share).toEqual({ id: publicShare.id, title: 'A public essay' });
    const hiddenSignedOut = await api.gql(SHARE, { id: hiddenShare.id });
    expect(hiddenSignedOut.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    const stranger = await newPerson(api);
    const forStranger = await api.gql(SHARE, { id: hiddenShare.id }, { token: stranger.token });
    expect(forStranger.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(forStranger.data ?? null).toBeNull();
    const forJulien = await api.gql(SHARE, { id: hiddenShare.id }, { token: julien.token });
    expect(forJulien.data?.share.title).toBe('A share only Julien may see');
  });

  it('an outsider can neither reshare nor thank a share not meant for them, and nothing is written', async () => {
    const stranger = await newPerson(api);
    const before = await eventCount();
    for (const mutation of [RESHARE, THANK]) {
      const res = await api.gql(mutation, { id: hiddenShare.id }, { token: stranger.token });
      expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(res.errors?.[0]?.message).not.toMatch(/Julien/);
    }
    expect(await eventCount()).toBe(before);
    const thanks = await api.db(`select count(*)::int as n from share_thanks where share_id = ?`, [localIdOf(hiddenShare.id, 'Share')]);
    expect(thanks[0]!.n).toBe(0);
  });

  it('its audience may thank it, but not reshare it to everyone', async () => {
    const reshared = await api.gql(RESHARE, { id: hiddenShare.id }, { token: julien.token });
    expect(reshared.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(reshared.errors?.[0]?.extensions?.fields).toEqual([{ field: 'shareId', message: 'is shared with some people only' }]);
    const thanked = await api.gql(THANK, { id: hiddenShare.id }, { token: julien.token });
    expect(thanked.errors).toBeUndefined();
    expect(thanked.data?.thank).toMatchObject({ id: hiddenShare.id, thanksCount: 1, viewerThanked: true });
    // The thanks stays among the people the share was for.
    const [event] = await api.db(`select visibility, audience::text[] as audience from event where kind = 'THANKED' and subject_share_id = ?`, [
      localIdOf(hiddenShare.id, 'Share'),
    ]);
    expect(event).toEqual({ visibility: 'audience', audience: [localIdOf(julien.id, 'Person')] });
  });
});
