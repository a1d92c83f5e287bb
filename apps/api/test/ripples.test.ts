import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor, localIdOf, toGlobalId } from '../src/graphql/relay.js';
import { startTestApi, type TestApi } from './support/test-api.js';
import { newPerson, type TestPerson } from './support/factories.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const FOLLOW = `mutation ($id: ID!, $via: ID) { follow(personId: $id, via: $via) { id } }`;

/** Follows `to` from `from` (via an event, if given) and returns the FOLLOWED event's global id. */
async function follow(from: TestPerson, to: TestPerson, via: string | null = null): Promise<string> {
  const res = await api.gql(FOLLOW, { id: to.id, via }, { token: from.token });
  if (res.errors) throw new Error(`follow failed: ${JSON.stringify(res.errors)}`);
  const [row] = await api.db<{ id: string }>(
    `select id from event where kind = 'FOLLOWED' and actor_id = ? and subject_person_id = ? order by id desc limit 1`,
    [localIdOf(from.id, 'Person'), localIdOf(to.id, 'Person')],
  );
  return toGlobalId('Event', String(row!.id));
}

/**
 * A tree of follows: node 0 is a plain follow, node i follows via node
 * `parents[i]`. Each node uses the next unused (follower, followee) pair of
 * `people`; one level at a time, each level's follows in parallel.
 */
async function growTree(
  people: TestPerson[],
  parents: number[],
  /** Follows made at once within a level; 1 makes event ids follow the node order (for order-checking tests). */
  parallel = 8,
): Promise<{ ids: string[]; pairs: [TestPerson, TestPerson][] }> {
  const pairs: [TestPerson, TestPerson][] = [];
  for (const from of people) for (const to of people) if (from !== to) pairs.push([from, to]);
  if (pairs.length < parents.length) throw new Error('not enough distinct pairs');
  const levels: number[] = [];
  parents.forEach((p, i) => (levels[i] = p < 0 ? 0 : levels[p]! + 1));
  const ids: string[] = [];
  for (let level = 0; level <= Math.max(...levels); level++) {
    const here = parents.map((_, i) => i).filter((i) => levels[i] === level);
    for (let k = 0; k < here.length; k += parallel) {
      await Promise.all(
        here.slice(k, k + parallel).map(async (i) => {
          const [from, to] = pairs[i]!;
          ids[i] = await follow(from, to, parents[i]! < 0 ? null : ids[parents[i]!]!);
        }),
      );
    }
  }
  return { ids, pairs: pairs.slice(0, parents.length) };
}

const people = (n: number) => Promise.all(Array.from({ length: n }, () => newPerson(api)));

const RIPPLE = `query ($id: ID!, $first: Int, $after: String, $peopleFirst: Int, $peopleAfter: String) {
  ripple(eventId: $id) {
    root { id kind actor { id name } }
    stats { size depth widestLevel peopleReached newConnections newFollows structuralVirality timeToFirstRipple timeSpan }
    events(first: $first, after: $after) {
      edges { cursor node { id kind actorId subjectId subject2Id shareId introductionId causeId depth createdAt } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
    people(first: $peopleFirst, after: $peopleAfter) {
      edges { cursor node { id handle name avatarUrl eventCount } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

const RIPPLE_WITH_SNAPSHOT = `query ($id: ID!) {
  ripple(eventId: $id) {
    stats { size peopleReached }
    snapshot
    events { edges { node { id } } }
    people { edges { node { id } } }
  }
}`;

describe('ripple(eventId)', () => {
  //   0 ─┬─ 1 ─┬─ 3 ── 6
  //      │     └─ 4
  //      └─ 2 ── 5
  const PARENTS = [-1, 0, 0, 1, 1, 2, 3];
  let crowd: TestPerson[];
  let tree: { ids: string[]; pairs: [TestPerson, TestPerson][] };
  beforeAll(async () => {
    crowd = await people(5);
    tree = await growTree(crowd, PARENTS, 1);
  });

  it('answers the whole tree of a root: events in order with causes and depths, people once each, and its figures', async () => {
    const res = await api.gql(RIPPLE, { id: tree.ids[0] }, { token: crowd[0]!.token });
    expect(res.errors).toBeUndefined();
    const { root, stats, events, people: who } = res.data!.ripple;
    expect(root).toMatchObject({ id: tree.ids[0], kind: 'FOLLOWED', actor: { id: tree.pairs[0]![0].id } });
    expect(events.edges.map((e: any) => e.node.id)).toEqual(tree.ids);
    expect(events.edges.map((e: any) => e.node.causeId)).toEqual(PARENTS.map((p) => (p < 0 ? null : tree.ids[p])));
    expect(events.edges.map((e: any) => e.node.depth)).toEqual([0, 1, 1, 2, 2, 2, 3]);
    expect(events.edges[3].node).toMatchObject({
      kind: 'FOLLOWED',
      actorId: tree.pairs[3]![0].id,
      subjectId: tree.pairs[3]![1].id,
      subject2Id: null,
      shareId: null,
      introductionId: null,
    });
    expect(events.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });

    // Everyone once, with how many events they acted in or were followed in.
    const counts = new Map<string, number>();
    for (const [from, to] of tree.pairs) for (const p of [from, to]) counts.set(p.id, (counts.get(p.id) ?? 0) + 1);
    expect(who.edges).toHaveLength(counts.size);
    for (const { node } of who.edges) expect(node.eventCount).toBe(counts.get(node.id));
    expect(who.edges[0].node.id).toBe(tree.pairs[0]![0].id); // in order of joining: the root's actor first
    expect(who.edges.find((e: any) => e.node.id === crowd[1]!.id).node).toMatchObject({ handle: crowd[1]!.handle, name: crowd[1]!.name });

    expect(stats).toMatchObject({
      size: 7,
      depth: 3,
      widestLevel: 3,
      peopleReached: counts.size,
      newConnections: 0,
      // People who followed, each once.
      newFollows: new Set(tree.pairs.map(([from]) => from.id)).size,
    });
    // Pairwise distances of that tree, by hand: W = Σ s(n−s) over edges = 6+10+12+6+6+6 = 46 → 2·46/42.
    const subtreeSizes = [4, 2, 2, 1, 1, 1];
    const w = subtreeSizes.reduce((sum, s) => sum + s * (7 - s), 0);
    expect(stats.structuralVirality).toBeCloseTo((2 * w) / (7 * 6), 10);
    expect(stats.timeToFirstRipple).toBeGreaterThanOrEqual(0);
    expect(stats.timeSpan).toBeGreaterThanOrEqual(stats.timeToFirstRipple);
  });

  it('the ripple of an event inside a tree is its subtree alone, with depths relative to it', async () => {
    const res = await api.gql(RIPPLE, { id: tree.ids[1] }, { token: crowd[2]!.token });
    expect(res.errors).toBeUndefined();
    const { root, stats, events } = res.data!.ripple;
    expect(root.id).toBe(tree.ids[1]);
    expect(events.edges.map((e: any) => [e.node.id, e.node.causeId, e.node.depth])).toEqual([
      [tree.ids[1], null, 0],
      [tree.ids[3], tree.ids[1], 1],
      [tree.ids[4], tree.ids[1], 1],
      [tree.ids[6], tree.ids[3], 2],
    ]);
    const followers = new Set([1, 3, 4, 6].map((i) => tree.pairs[i]![0].id));
    expect(stats).toMatchObject({ size: 4, depth: 2, widestLevel: 2, newFollows: followers.size });
    expect(stats.structuralVirality).toBeCloseTo((2 * (2 * 2 + 1 * 3 + 1 * 3)) / (4 * 3), 10);

    const leaf = await api.gql(RIPPLE, { id: tree.ids[6] }, { token: crowd[2]!.token });
    expect(leaf.data!.ripple.stats).toMatchObject({ size: 1, depth: 0, widestLevel: 1, structuralVirality: 0, timeToFirstRipple: null, timeSpan: 0 });
  });

  it('pages through events and people with cursors', async () => {
    const seenEvents: string[] = [];
    const seenPeople: string[] = [];
    let after: string | null = null;
    let peopleAfter: string | null = null;
    for (let round = 0; round < 10; round++) {
      const res: any = await api.gql(RIPPLE, { id: tree.ids[0], first: 3, after, peopleFirst: 2, peopleAfter }, { token: crowd[0]!.token });
      expect(res.errors).toBeUndefined();
      const { events, people: who } = res.data.ripple;
      seenEvents.push(...events.edges.map((e: any) => e.node.id));
      seenPeople.push(...who.edges.map((e: any) => e.node.id));
      expect(events.pageInfo.hasPreviousPage).toBe(after !== null);
      after = events.pageInfo.hasNextPage ? events.pageInfo.endCursor : after;
      peopleAfter = who.pageInfo.hasNextPage ? who.pageInfo.endCursor : peopleAfter;
      if (!events.pageInfo.hasNextPage && !who.pageInfo.hasNextPage) break;
    }
    expect(seenEvents).toEqual(tree.ids);
    const everyone = await api.gql(RIPPLE, { id: tree.ids[0] }, { token: crowd[0]!.token });
    expect(seenPeople).toEqual(everyone.data!.ripple.people.edges.map((e: any) => e.node.id));
  });

  it('refuses bad cursors and negative pages with BAD_USER_INPUT', async () => {
    for (const variables of [
      { after: 'not a cursor' },
      { after: Buffer.from('["1"]').toString('base64url') }, // readable, so not one of ours
      { after: encodeCursor(['x']) },
      { peopleAfter: encodeCursor(['999999999']) },
      { after: encodeCursor(['9999999999999999999']) },
      { first: -1 },
    ]) {
      const res = await api.gql(RIPPLE, { id: tree.ids[0], ...variables }, { token: crowd[0]!.token });
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  it('is NOT_FOUND for a missing event, a malformed or non-event id, and an event the viewer may not see', async () => {
    const [a, b, c] = await people(3);
    await follow(a!, b!);
    await api.gql(`mutation ($id: ID!) { unfollow(personId: $id) { id } }`, { id: b!.id }, { token: a!.token });
    const [unfollowed] = await api.db<{ id: string }>(
      `select id from event where kind = 'UNFOLLOWED' and actor_id = ? order by id desc limit 1`,
      [localIdOf(a!.id, 'Person')],
    );
    const hidden = toGlobalId('Event', String(unfollowed!.id));
    for (const id of [toGlobalId('Event', '999999999'), toGlobalId('Event', '9999999999999999999'), 'garbage', a!.id, hidden]) {
      const res = await api.gql(`query ($id: ID!) { ripple(eventId: $id) { stats { size } } }`, { id }, { token: c!.token });
      expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(res.data).toBeNull();
    }
    // Its audience (the one who unfollowed) sees it.
    const own = await api.gql(`query ($id: ID!) { ripple(eventId: $id) { stats { size } } }`, { id: hidden }, { token: a!.token });
    expect(own.data?.ripple.stats.size).toBe(1);
  });

  it('a private event never joins a ripple: not for outsiders, not for its audience; nothing public may hang under it', async () => {
    const [x, y, z, outsider] = await people(4);
    const root = await follow(x!, y!);
    const rootId = localIdOf(root, 'Event')!;
    // An event only z may see, caused by the root (no act of the API makes one: written directly).
    const [secret] = await api.db<{ id: string }>(
      `insert into event (kind, actor_id, subject_person_id, cause_id, root_id, depth, path, visibility, audience)
       values ('THANKED', ?, ?, ?, ?, 1, ?::bigint[], 'audience', ?::bigint[]) returning id`,
      [localIdOf(z!.id, 'Person'), localIdOf(x!.id, 'Person'), rootId, rootId, `{${rootId}}`, `{${localIdOf(z!.id, 'Person')}}`],
    );
    const secretId = toGlobalId('Event', String(secret!.id));
    // Following via it is refused like a missing event …
    const via = await api.gql(FOLLOW, { id: y!.id, via: secretId }, { token: z!.token });
    expect(via.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    // … and the database itself refuses a public event under a private one.
    await expect(
      api.db(
        `insert into event (kind, actor_id, subject_person_id, cause_id, root_id, depth, path, visibility)
         values ('FOLLOWED', ?, ?, ?, ?, 2, ?::bigint[], 'public')`,
        [localIdOf(z!.id, 'Person'), localIdOf(y!.id, 'Person'), secret!.id, rootId, `{${rootId},${secret!.id}}`],
      ),
    ).rejects.toThrow(/cannot be caused by a private one/);
    const visible = await follow(y!, x!, root);

    for (const viewer of [outsider!, z!]) {
      const res = await api.gql(RIPPLE_WITH_SNAPSHOT, { id: root }, { token: viewer.token });
      expect(res.errors).toBeUndefined();
      expect(res.data!.ripple.events.edges.map((e: any) => e.node.id)).toEqual([root, visible]);
      expect(res.data!.ripple.snapshot.events.id).toEqual([root, visible]);
      expect(res.data!.ripple.stats).toMatchObject({ size: 2, peopleReached: 2 });
      expect(res.data!.ripple.people.edges.map((e: any) => e.node.id).sort()).toEqual([x!.id, y!.id].sort());
    }
    // The audience still sees the private event itself, as a ripple of one.
    const own = await api.gql(RIPPLE_WITH_SNAPSHOT, { id: secretId }, { token: z!.token });
    expect(own.data!.ripple.stats.size).toBe(1);
    expect(own.data!.ripple.snapshot.events.id).toEqual([secretId]);
    const other = await api.gql(RIPPLE_WITH_SNAPSHOT, { id: secretId }, { token: outsider!.token });
    expect(other.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('asks for a signed-in viewer', async () => {
    const res = await api.gql(`query ($id: ID!) { ripple(eventId: $id) { stats { size } } }`, { id: tree.ids[0] });
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('a full explorer request (1,000 events and 1,000 people, every field) stays under the cost limit', async () => {
    const res = await api.gql(RIPPLE, { id: tree.ids[0], first: 1000, peopleFirst: 1000 }, { token: crowd[0]!.token });
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
  });
});

describe('reading a ripple costs the same SQL whatever its size', () => {
  it('10 events and 300 events take the same number of statements', async () => {
    const crowd = await people(20);
    // Breadth then depth: 300 nodes, each under one of the first ones, three levels deep and more.
    const big = Array.from({ length: 300 }, (_, i) => (i === 0 ? -1 : Math.floor((i - 1) / 3)));
    const small = big.slice(0, 10);
    const bigTree = await growTree(crowd, big);
    const smallTree = await growTree(await people(5), small);

    const cost = async (id: string, size: number) => {
      api.resetSqlLog();
      const res = await api.gql(RIPPLE, { id }, { token: crowd[0]!.token });
      expect(res.errors).toBeUndefined();
      expect(res.data!.ripple.stats.size).toBe(size);
      expect(res.data!.ripple.events.edges).toHaveLength(size);
      return [...api.sql];
    };
    const smallSql = await cost(smallTree.ids[0]!, 10);
    const bigSql = await cost(bigTree.ids[0]!, 300);
    // A sub-ripple of the same size costs the same whatever the tree around it: node 3 of each (its subtree: 3, 10–12, 31–39, …).
    const under = (parents: number[], at: number) => parents.reduce((n, _, i) => {
      for (let p = i; p >= 0; p = parents[p]!) if (p === at) return n + 1;
      return n;
    }, 0);
    const subInSmall = await cost(smallTree.ids[3]!, under(small, 3));
    const subInBig = await cost(bigTree.ids[3]!, under(big, 3));
    expect(subInBig.length).toBe(subInSmall.length);
    expect(subInBig.length).toBe(bigSql.length);
    // Read through the ripple's own index: never the enclosing tree's range.
    expect(subInBig.some((q) => /where e.root_id = /.test(q))).toBe(false);
    expect(subInBig.filter((q) => /from ripple_descendant d/.test(q))).toHaveLength(1);
    expect(bigSql.length).toBe(smallSql.length);
    // The session, the start with its figures, one range scan for the events page, one for the people page, and the root's actor.
    expect(bigSql.length).toBeLessThanOrEqual(5);
    expect(bigSql.filter((q) => /from event e\s+where e.root_id = /.test(q))).toHaveLength(1);
  });
});

describe('figures that cannot be inflated', () => {
  it('five follow/unfollow cycles by one member count once: one follow, the ripple grows by one', async () => {
    const [author, reader] = await people(2);
    const root = await follow(author!, reader!); // any event will do as the ripple's start
    for (let cycle = 0; cycle < 5; cycle++) {
      await follow(reader!, author!, root);
      const res = await api.gql(`mutation ($id: ID!) { unfollow(personId: $id) { id } }`, { id: author!.id }, { token: reader!.token });
      expect(res.errors).toBeUndefined();
    }
    const res = await api.gql(RIPPLE, { id: root }, { token: reader!.token });
    expect(res.data!.ripple.stats).toMatchObject({ size: 2, newFollows: 2, peopleReached: 2 });
    // The re-follows are still recorded; they stand alone.
    const refollows = await api.db(`select 1 from event where kind = 'FOLLOWED' and actor_id = ? and cause_id is null`, [localIdOf(reader!.id, 'Person')]);
    expect(refollows).toHaveLength(4);
  });
});

describe('comparison with ripples of the same size', () => {
  it('places a chain above broadcasts among whole ripples of its size; a lone event has no comparison', async () => {
    // Fresh people for every tree: a pair follows once.
    const crowd = await people(4);
    const chain = await growTree(crowd, [-1, 0, 1, 2, 3, 4], 1); // a chain of 6: virality 7/3
    const broadcasts = [];
    for (let i = 0; i < 3; i++) broadcasts.push(await growTree(await people(4), [-1, 0, 0, 0, 0, 0], 1)); // stars of 6: virality 5/3
    const COMPARE = `query ($id: ID!) { ripple(eventId: $id) { stats { size structuralVirality } comparison { viralityPercentile comparedWith sizeFrom sizeTo } } }`;
    const chainRes = await api.gql(COMPARE, { id: chain.ids[0] }, { token: crowd[0]!.token });
    const { comparison } = chainRes.data!.ripple;
    expect(comparison.comparedWith).toBeGreaterThanOrEqual(3);
    expect(comparison.sizeFrom).toBeLessThanOrEqual(6);
    expect(comparison.sizeTo).toBeGreaterThanOrEqual(6);
    // More chain-like than every star of its size: at least the three stars lie below it.
    expect(comparison.viralityPercentile).toBeGreaterThanOrEqual((100 * 3) / comparison.comparedWith);
    const starRes = await api.gql(COMPARE, { id: broadcasts[0]!.ids[0] }, { token: crowd[0]!.token });
    expect(starRes.data!.ripple.comparison.viralityPercentile).toBeLessThan(comparison.viralityPercentile);
    // A lone event has nothing to compare.
    const lone = await api.gql(COMPARE, { id: chain.ids[5] }, { token: crowd[0]!.token });
    expect(lone.data!.ripple.comparison).toBeNull();
  });
});

const MY_RIPPLES = `query ($role: RippleRole, $first: Int, $after: String) {
  myRipples(role: $role, first: $first, after: $after) {
    edges { cursor node { root { id kind actor { id } } stats { size depth peopleReached newFollows structuralVirality } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

describe('myRipples', () => {
  it('STARTED lists the viewer’s acts that caused something, newest first, with figures; IN lists others’ ripples they are in', async () => {
    const [ana, ben, cleo, dev, eli] = await people(5);
    const anaRoot = await follow(ana!, eli!); // Ana starts one
    const benInAna = await follow(ben!, eli!, anaRoot); // Ben joins Ana's
    await follow(ana!, dev!); // Ana: a follow that causes nothing
    const cleoInBen = await follow(cleo!, eli!, benInAna); // Ben's act now caused something too
    const devRoot = await follow(dev!, ana!); // about Ana: Dev follows her …
    await follow(cleo!, ana!, devRoot); // … and that spreads

    const list = async (person: TestPerson, role?: string, first?: number, after?: string) => {
      const res = await api.gql(MY_RIPPLES, { role, first, after }, { token: person.token });
      expect(res.errors).toBeUndefined();
      return res.data!.myRipples;
    };

    const anaStarted = await list(ana!);
    expect(anaStarted.edges.map((e: any) => e.node.root.id)).toEqual([anaRoot]);
    expect(anaStarted.edges[0].node.stats).toMatchObject({ size: 3, depth: 2, peopleReached: 4, newFollows: 3 });
    expect(anaStarted.edges[0].node.stats.structuralVirality).toBeCloseTo(4 / 3, 10);

    const benStarted = await list(ben!, 'STARTED');
    expect(benStarted.edges.map((e: any) => [e.node.root.id, e.node.stats.size])).toEqual([[benInAna, 2]]);

    // IN: whole ripples started by someone else, newest first; never one's own.
    expect((await list(ana!, 'IN')).edges.map((e: any) => e.node.root.id)).toEqual([devRoot]);
    expect((await list(ben!, 'IN')).edges.map((e: any) => e.node.root.id)).toEqual([anaRoot]);
    const cleoIn = await list(cleo!, 'IN');
    expect(cleoIn.edges.map((e: any) => [e.node.root.id, e.node.stats.size])).toEqual([
      [devRoot, 2],
      [anaRoot, 3],
    ]);
    expect((await list(eli!, 'IN')).edges.map((e: any) => e.node.root.id)).toEqual([anaRoot]);
    expect((await list(cleo!, 'STARTED')).edges).toEqual([]);
    expect(cleoInBen).toBeTruthy();

    // Pages of one, by cursor.
    const first = await list(cleo!, 'IN', 1);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await list(cleo!, 'IN', 1, first.pageInfo.endCursor);
    expect(second.edges.map((e: any) => e.node.root.id)).toEqual([anaRoot]);
    expect(second.pageInfo.hasNextPage).toBe(false);
  });

  it('a page of ripples gets its figures from one statement, whatever the page size', async () => {
    const crowd = await people(8);
    const [starter] = crowd;
    for (let i = 1; i <= 6; i++) await follow(crowd[7]!, crowd[i]!, await follow(starter!, crowd[i]!));
    const cost = async (first: number) => {
      api.resetSqlLog();
      const res = await api.gql(MY_RIPPLES, { first }, { token: starter!.token });
      expect(res.errors).toBeUndefined();
      expect(res.data!.myRipples.edges).toHaveLength(first);
      return api.sql.length;
    };
    const one = await cost(1);
    const six = await cost(6);
    expect(six).toBe(one);
  });

  it('refuses cursors that are not from this list', async () => {
    const [someone] = await people(1);
    for (const after of ['nope', Buffer.from('["1"]').toString('base64url'), encodeCursor(['x']), encodeCursor(['9999999999999999999'])]) {
      const res = await api.gql(MY_RIPPLES, { role: 'IN', after }, { token: someone!.token });
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  it('asks for a signed-in viewer', async () => {
    const res = await api.gql(MY_RIPPLES, {});
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
