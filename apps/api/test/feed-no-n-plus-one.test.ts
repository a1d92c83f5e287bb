import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './support/test-api.js';
import { newPerson, type TestPerson } from './support/factories.js';

/** A feed page costs the same number of SQL statements whatever its size. */
let api: TestApi;
let viewer: TestPerson;
beforeAll(async () => {
  api = await startTestApi();
  viewer = await newPerson(api);
  const people = await Promise.all(Array.from({ length: 6 }, () => newPerson(api)));
  const shareWork = `mutation ($input: ShareWorkInput!) { shareWork(input: $input) { id event { id } } }`;
  const originals: { id: string; event: { id: string } }[] = [];
  // 60 items: originals crediting members and outsiders, with mentions, reshares of reshares, thanks and follows.
  for (let i = 0; i < 40; i++) {
    const sharer = people[i % people.length]!;
    const author = people[(i + 1) % people.length]!;
    const input = {
      url: `https://example.com/${i}`,
      title: `Piece ${i}`,
      note: 'worth it',
      ...(i % 2 ? { authorId: author.id } : { authorName: `Outside ${i}`, authorHandle: `@out${i}` }),
      mentionIds: [people[(i + 2) % people.length]!.id, people[(i + 3) % people.length]!.id],
    };
    const res = await api.gql(shareWork, { input }, { token: sharer.token });
    originals.push(res.data!.shareWork);
    if (i % 3 === 0) await api.gql(`mutation ($id: ID!) { thank(shareId: $id) { id } }`, { id: res.data!.shareWork.id }, { token: viewer.token });
  }
  for (let i = 0; i < 20; i++) {
    const target = originals[i]!;
    const resharer = people[(i + 4) % people.length]!;
    const r = await api.gql(`mutation ($id: ID!) { reshare(shareId: $id, note: "yes") { id } }`, { id: target.id }, { token: resharer.token });
    if (r.errors) await api.gql(`mutation ($id: ID!) { reshare(shareId: $id) { id } }`, { id: target.id }, { token: viewer.token });
    await api.gql(`mutation ($id: ID!, $via: ID) { follow(personId: $id, via: $via) { id } }`, { id: people[i % people.length]!.id, via: target.event.id }, { token: viewer.token });
  }
});
afterAll(() => api.close());

const PAGE = `query ($first: Int!) {
  feed(first: $first) {
    edges { cursor node {
      id url title note isReshare createdAt
      sharer { id handle name viewerFollows }
      author { name handle url person { id handle followerCount } }
      mentions { id handle }
      resharedFrom { id title sharer { handle } }
      original { id sharer { handle } reshareCount }
      reshareCount thanksCount viewerThanked rippleSize
      event { id kind depth share { id } }
    } }
    pageInfo { hasNextPage endCursor }
  }
}`;

describe('feed loaders', () => {
  it('a page of 50 shares with their people and counts costs the same number of SQL statements as a page of 5', async () => {
    const cost = async (first: number) => {
      api.resetSqlLog();
      const res = await api.gql(PAGE, { first }, { token: viewer.token });
      expect(res.errors).toBeUndefined();
      expect(res.data?.feed.edges).toHaveLength(first);
      return api.sql.length;
    };
    const five = await cost(5);
    const fifty = await cost(50);
    expect(fifty).toBe(five);
    // the session, the page, then a batch per field: mentions, reshare and thanks counts, viewerThanked,
    // ripple sizes (originals, then reshares once their original is loaded), people, shares (twice: a
    // reshare's original, then each event's share), events, and the people fields asked for
    expect(five).toBeLessThanOrEqual(14);
  });

  it('the page shows reshares, mentions and counts as stored', async () => {
    const res = await api.gql(PAGE, { first: 50 }, { token: viewer.token });
    const nodes = res.data?.feed.edges.map((e: any) => e.node);
    const reshares = nodes.filter((n: any) => n.isReshare);
    expect(reshares.length).toBe(20);
    for (const r of reshares) {
      expect(r.resharedFrom.id).toBe(r.original.id);
      expect(r.mentions).toEqual([]);
      expect(r.reshareCount).toBeGreaterThanOrEqual(1);
      expect(r.rippleSize).toBeGreaterThanOrEqual(4); // SHARED, 2 MENTIONED, RESHARED
    }
    const originals = nodes.filter((n: any) => !n.isReshare);
    for (const o of originals) {
      expect(o.mentions).toHaveLength(2);
      expect(o.original.id).toBe(o.id);
      expect(o.event.share.id).toBe(o.id);
    }
  });
});
