import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './support/test-api.js';
import { newPerson } from './support/factories.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const COUNTS = `query ($handle: String!) {
  person(handle: $handle) { id followerCount followingCount viewerFollows followsViewer }
}`;

describe('follows over real HTTP', () => {
  it('signing up two people and following one from the other changes counts and appends events', async () => {
    const ana = await newPerson(api, { name: 'Ana' });
    const ben = await newPerson(api, { name: 'Ben' });

    const joined = await api.db(`select kind, actor_id from event where kind = 'JOINED' order by id`);
    expect(joined).toHaveLength(2);

    const before = await api.gql(COUNTS, { handle: ben.handle }, { token: ana.token });
    expect(before.data?.person).toMatchObject({ followerCount: 0, followingCount: 0, viewerFollows: false });

    const followed = await api.gql(
      `mutation ($id: ID!) { follow(personId: $id) { handle followerCount viewerFollows } }`,
      { id: ben.id },
      { token: ana.token },
    );
    expect(followed.errors).toBeUndefined();
    expect(followed.data?.follow).toEqual({ handle: ben.handle, followerCount: 1, viewerFollows: true });

    const benSees = await api.gql(COUNTS, { handle: ana.handle }, { token: ben.token });
    expect(benSees.data?.person).toMatchObject({ followingCount: 1, followsViewer: true });

    const events = await api.db<{ kind: string; cause_id: string | null; root_id: string; id: string; depth: number }>(
      `select e.kind, e.cause_id, e.root_id, e.id, e.depth from event e where kind = 'FOLLOWED'`,
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ cause_id: null, depth: 0 });
    expect(String(events[0]!.root_id)).toBe(String(events[0]!.id));
    const [follow] = await api.db(`select event_id from follow`);
    expect(String(follow!.event_id)).toBe(String(events[0]!.id));
  });

  it('following twice records one follow and one event (a double click)', async () => {
    const a = await newPerson(api);
    const b = await newPerson(api);
    const follow = `mutation ($id: ID!) { follow(personId: $id) { followerCount } }`;
    const results = await Promise.all([1, 2, 3].map(() => api.gql(follow, { id: b.id }, { token: a.token })));
    for (const r of results) expect(r.errors).toBeUndefined();
    const rows = await api.db(
      `select count(*)::int as n from event where kind = 'FOLLOWED' and subject_person_id = (select id from person where handle = ?)`,
      [b.handle],
    );
    expect(rows[0]!.n).toBe(1);
    const after = await api.gql(COUNTS, { handle: b.handle }, { token: a.token });
    expect(after.data?.person.followerCount).toBe(1);
  });

  it('a follow made via an event becomes part of that event’s ripple', async () => {
    const writer = await newPerson(api);
    const sharer = await newPerson(api);
    const reader = await newPerson(api);
    await api.gql(`mutation ($id: ID!) { follow(personId: $id) { id } }`, { id: writer.id }, { token: sharer.token });
    const activity = await api.gql(
      `query ($h: String!) { person(handle: $h) { activity(first: 1) { edges { node { id kind } } } } }`,
      { h: sharer.handle },
      { token: reader.token },
    );
    const via = activity.data?.person.activity.edges[0].node;
    expect(via.kind).toBe('FOLLOWED');

    const res = await api.gql(
      `mutation ($id: ID!, $via: ID) { follow(personId: $id, via: $via) { followerCount } }`,
      { id: writer.id, via: via.id },
      { token: reader.token },
    );
    expect(res.data?.follow.followerCount).toBe(2);
    const [cause] = await api.db(`select id, root_id from event where kind = 'FOLLOWED' order by id desc limit 1 offset 1`);
    const [effect] = await api.db(`select cause_id, root_id, depth from event where kind = 'FOLLOWED' order by id desc limit 1`);
    expect(String(effect!.cause_id)).toBe(String(cause!.id));
    expect(String(effect!.root_id)).toBe(String(cause!.root_id));
    expect(effect!.depth).toBe(1);
  });

  it('unfollowing lowers the count and tells nobody', async () => {
    const a = await newPerson(api);
    const b = await newPerson(api);
    await api.gql(`mutation ($id: ID!) { follow(personId: $id) { id } }`, { id: b.id }, { token: a.token });
    const res = await api.gql(`mutation ($id: ID!) { unfollow(personId: $id) { followerCount viewerFollows } }`, { id: b.id }, { token: a.token });
    expect(res.data?.unfollow).toEqual({ followerCount: 0, viewerFollows: false });
    const bActivityOfA = await api.gql(
      `query ($h: String!) { person(handle: $h) { activity { edges { node { kind } } } } }`,
      { h: a.handle },
      { token: b.token },
    );
    const kinds = bActivityOfA.data?.person.activity.edges.map((e: any) => e.node.kind);
    expect(kinds).not.toContain('UNFOLLOWED');
    expect(kinds).toContain('FOLLOWED');
  });

  it('lists followers and following with cursors', async () => {
    const star = await newPerson(api);
    const fans = await Promise.all([1, 2, 3, 4, 5].map(() => newPerson(api)));
    for (const fan of fans) {
      await api.gql(`mutation ($id: ID!) { follow(personId: $id) { id } }`, { id: star.id }, { token: fan.token });
    }
    const page = (after?: string) =>
      api.gql(
        `query ($h: String!, $after: String) { person(handle: $h) { followers(first: 2, after: $after) {
           edges { cursor node { handle } } pageInfo { hasNextPage endCursor } } } }`,
        { h: star.handle, after },
        { token: star.token },
      );
    const seen: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < 5; i++) {
      const res = await page(after);
      const conn = res.data?.person.followers;
      seen.push(...conn.edges.map((e: any) => e.node.handle));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(seen).toEqual(fans.map((f) => f.handle).reverse());
  });

  it('refuses to follow yourself or someone who does not exist', async () => {
    const a = await newPerson(api);
    const self = await api.gql(`mutation ($id: ID!) { follow(personId: $id) { id } }`, { id: a.id }, { token: a.token });
    expect(self.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const ghost = await api.gql(`mutation { follow(personId: "bm9wZQ") { id } }`, {}, { token: a.token });
    expect(ghost.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const badVia = await api.gql(
      `mutation ($id: ID!) { follow(personId: $id, via: "UGVyc29uOjE") { id } }`,
      { id: (await newPerson(api)).id },
      { token: a.token },
    );
    expect(badVia.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const [{ n }] = await api.db(`select count(*)::int as n from follow where follower_id = (select id from person where handle = ?)`, [a.handle]);
    expect(n).toBe(0);
  });
});
