import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './support/test-api.js';
import { follow, newPerson } from './support/factories.js';
import { newIntroduction, newTrio, respond } from './support/introductions.js';
import { seedDemoIfEmpty } from '../src/seed/demo.js';
import { createLogger } from '../src/config/logger.js';
import { DEMO_FEATURED_TITLE } from '../src/seed/demo-community.js';
import { localIdOf } from '../src/graphql/relay.js';

/** The API behind a newcomer's first five minutes: start here, the composer's warnings, the demo sign-in. */

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const START_HERE = `{ startHere { followingCount shareCount introductionCount featuredRippleId suggestedPeople(first: 3) { handle viewerFollows } } }`;
const PAIR = `query ($a: ID!, $b: ID!) { introductionPairCheck(personAId: $a, personBId: $b) { alreadyConnected yourOpenIntroductionId } }`;

describe('startHere', () => {
  it('counts only the viewer’s own follows, shares and introductions, and suggests the most-followed people they do not follow', async () => {
    const newcomer = await newPerson(api);
    const popular = await newPerson(api);
    const known = await newPerson(api);
    for (let k = 0; k < 3; k++) await follow(api, await newPerson(api), popular);
    await follow(api, await newPerson(api), known);

    const fresh = await api.gql(START_HERE, {}, { token: newcomer.token });
    expect(fresh.errors).toBeUndefined();
    expect(fresh.data?.startHere).toMatchObject({ followingCount: 0, shareCount: 0, introductionCount: 0 });
    const suggested = fresh.data?.startHere.suggestedPeople.map((p: { handle: string }) => p.handle);
    expect(suggested[0]).toBe(popular.handle);
    expect(suggested).toContain(known.handle);
    expect(suggested).not.toContain(newcomer.handle);

    await follow(api, newcomer, popular);
    await api.gql(
      `mutation ($input: ShareWorkInput!) { shareWork(input: $input) { id } }`,
      { input: { url: 'https://example.org/a', title: 'A', note: 'Worth it', authorName: 'Someone' } },
      { token: newcomer.token },
    );
    const after = await api.gql(START_HERE, {}, { token: newcomer.token });
    expect(after.data?.startHere).toMatchObject({ followingCount: 1, shareCount: 1, introductionCount: 0 });
    expect(after.data?.startHere.suggestedPeople.map((p: { handle: string }) => p.handle)).not.toContain(popular.handle);

    const { connector, a, b } = await newTrio(api);
    await newIntroduction(api, connector, a, b);
    const connectorSees = await api.gql(START_HERE, {}, { token: connector.token });
    expect(connectorSees.data?.startHere.introductionCount).toBe(1);
    // Being asked is not making an introduction.
    const asked = await api.gql(START_HERE, {}, { token: a.token });
    expect(asked.data?.startHere.introductionCount).toBe(0);
  });

  it('is for members only', async () => {
    const res = await api.gql(START_HERE);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('introductionPairCheck', () => {
  it('warns of the connector’s own open introduction and of a connection, never of another connector’s', async () => {
    const { connector, a, b } = await newTrio(api);
    const other = await newPerson(api);
    await follow(api, a, other);
    await follow(api, b, other);

    const before = await api.gql(PAIR, { a: a.id, b: b.id }, { token: connector.token });
    expect(before.errors).toBeUndefined();
    expect(before.data?.introductionPairCheck).toEqual({ alreadyConnected: false, yourOpenIntroductionId: null });

    const mine = await newIntroduction(api, connector, a, b);
    const open = await api.gql(PAIR, { a: b.id, b: a.id }, { token: connector.token });
    expect(open.data?.introductionPairCheck).toEqual({ alreadyConnected: false, yourOpenIntroductionId: mine });
    // Another connector learns nothing of it.
    const othersView = await api.gql(PAIR, { a: a.id, b: b.id }, { token: other.token });
    expect(othersView.data?.introductionPairCheck).toEqual({ alreadyConnected: false, yourOpenIntroductionId: null });

    await respond(api, a, mine, 'ACCEPT');
    await respond(api, b, mine, 'ACCEPT');
    const connected = await api.gql(PAIR, { a: a.id, b: b.id }, { token: other.token });
    expect(connected.data?.introductionPairCheck).toEqual({ alreadyConnected: true, yourOpenIntroductionId: null });
  });

  it('answers NOT_FOUND for a missing person and UNAUTHENTICATED signed out', async () => {
    const { connector, a } = await newTrio(api);
    const missing = await api.gql(PAIR, { a: a.id, b: 'nonsense' }, { token: connector.token });
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const signedOut = await api.gql(PAIR, { a: a.id, b: a.id });
    expect(signedOut.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('the demo community on the landing page', () => {
  const DEMO = `{ demoCommunity { member { name handle } featuredRipple { root { share { title } } stats { size } snapshot } } }`;
  const SIGN_IN = `mutation { signInAsDemoMember { token person { handle } } }`;

  it('is null and the demo sign-in NOT_FOUND while no demo is seeded', async () => {
    expect((await api.gql(DEMO)).data?.demoCommunity).toBeNull();
    expect((await api.gql(SIGN_IN)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('once seeded: shows signed out the featured public ripple and signs in as the demo member (budgeted); with DEMO_SIGN_IN=false neither', async () => {
    const demoApi = await startTestApi();
    try {
      await seedDemoIfEmpty(demoApi.orm.em.fork(), createLogger('silent'), demoApi.config);
      const shown = await demoApi.gql(DEMO);
      expect(shown.errors).toBeUndefined();
      const community = shown.data?.demoCommunity;
      expect(community.member.handle).toBe('sarah');
      expect(community.featuredRipple.root.share.title).toBe(DEMO_FEATURED_TITLE);
      expect(community.featuredRipple.stats.size).toBeGreaterThan(50);
      expect(community.featuredRipple.snapshot.size).toBe(community.featuredRipple.stats.size);
      // Nothing but public events reach a signed-out visitor.
      const [{ audience }] = await demoApi.db(
        `select count(*)::int as audience from event where visibility <> 'public' and id = any(string_to_array(?, ',')::bigint[])`,
        [community.featuredRipple.snapshot.events.id.map((id: string) => localIdOf(id, 'Event')).join(',')],
      );
      expect(audience).toBe(0);

      const signedIn = await demoApi.gql(SIGN_IN);
      expect(signedIn.errors).toBeUndefined();
      expect(signedIn.data?.signInAsDemoMember.person.handle).toBe('sarah');
      const viewer = await demoApi.gql(`{ viewer { handle } }`, {}, { token: signedIn.data?.signInAsDemoMember.token });
      expect(viewer.data?.viewer.handle).toBe('sarah');

      // Each demo sign-in stores a session: it draws on the address's sign-up budget.
      const strict = await startTestApi({ SIGN_UP_ATTEMPTS: '1' }, { databaseUrl: demoApi.databaseUrl });
      try {
        expect((await strict.gql(SIGN_IN)).errors).toBeUndefined();
        expect((await strict.gql(SIGN_IN)).errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
      } finally {
        await strict.close();
      }

      const production = await startTestApi({ DEMO_SIGN_IN: 'false' }, { databaseUrl: demoApi.databaseUrl });
      try {
        expect((await production.gql(DEMO)).data?.demoCommunity).toBeNull();
        expect((await production.gql(SIGN_IN)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      } finally {
        await production.close();
      }
    } finally {
      await demoApi.close();
    }
  });
});
