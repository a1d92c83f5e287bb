import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './support/test-api.js';
import { newPerson, type TestPerson } from './support/factories.js';

let api: TestApi;
let viewer: TestPerson;
beforeAll(async () => {
  api = await startTestApi();
  viewer = await newPerson(api);
  // 60 members, each followed by the viewer or following them in turn.
  const members = await Promise.all(Array.from({ length: 60 }, (_, i) => newPerson(api, { name: `Member ${String(i).padStart(2, '0')}` })));
  for (const [i, member] of members.entries()) {
    const [from, to] = i % 2 ? [viewer, member] : [member, viewer];
    await api.gql(`mutation ($id: ID!) { follow(personId: $id) { id } }`, { id: to.id }, { token: from.token });
  }
});
afterAll(() => api.close());

const PAGE = `query ($first: Int!) {
  people(search: "member", first: $first) {
    edges { cursor node {
      id handle name followerCount followingCount viewerFollows followsViewer isConnection contact { email }
    } }
    pageInfo { hasNextPage endCursor }
  }
}`;

describe('per-request loaders', () => {
  it('a page of 50 people with their counts costs the same number of SQL statements as a page of 5', async () => {
    const cost = async (first: number) => {
      api.resetSqlLog();
      const res = await api.gql(PAGE, { first }, { token: viewer.token });
      expect(res.errors).toBeUndefined();
      expect(res.data?.people.edges).toHaveLength(first);
      return api.sql.length;
    };
    // once first, so that both counts find the session cached (setup may outlast the cache's 10 s)
    await cost(5);
    const five = await cost(5);
    const fifty = await cost(50);
    expect(fifty).toBe(five);
    // the page and one batch per per-person field (the session is cached)
    expect(five).toBeGreaterThanOrEqual(6);
    expect(fifty).toBeLessThanOrEqual(7);
  });

  it('counts and relations in that page are right', async () => {
    const res = await api.gql(PAGE, { first: 50 }, { token: viewer.token });
    const nodes = res.data?.people.edges.map((e: any) => e.node);
    expect(nodes[0]).toMatchObject({ name: 'Member 00', followerCount: 0, followingCount: 1, followsViewer: true, viewerFollows: false });
    expect(nodes[1]).toMatchObject({ name: 'Member 01', followerCount: 1, followingCount: 0, followsViewer: false, viewerFollows: true });
    expect(nodes.every((n: any) => n.contact === null && n.isConnection === false)).toBe(true);
  });
});
