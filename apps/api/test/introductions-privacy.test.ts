import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { startTestApi, type TestApi } from './support/test-api.js';
import { newFollowerOf, newPerson, type TestPerson } from './support/factories.js';
import { expire, letIntroduce, newIntroduction, newTrio, respond, viewIntroduction, withdraw } from './support/introductions.js';
import { record } from './support/live.js';
import { localIdOf, toGlobalId } from '../src/graphql/relay.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

/** What a person sees in a response (not transport details such as the Date header). */
const seen = (res: { data?: unknown; errors?: unknown }) => ({ data: res.data, errors: res.errors });
const codeOf = (res: { errors?: { extensions?: { code?: string } }[] }) => res.errors?.[0]?.extensions?.code;
const trio = () => newTrio(api);
const FROM_START = toGlobalId('Event', '0');
const UPDATES = `subscription ($since: ID) { introductionUpdates(since: $since) { kind introduction { status myAnswer canRespond } } }`;
const NOTIFICATIONS_OF = (p: TestPerson) =>
  api.db(`select kind, introduction_id from notification where recipient_id = ? order by id`, [localIdOf(p.id, 'Person')]);

describe('a decline is invisible to the other person', () => {
  it('A’s view, notifications and live messages are identical before and after B declines, until it closes', async () => {
    const { connector, a, b } = await trio();
    const id = await newIntroduction(api, connector, a, b);
    // From the start of the log: the ask, then A's own answer.
    const live = record(api.wsUrl, a.token, UPDATES, { since: FROM_START });
    try {
      await respond(api, a, id, 'ACCEPT');
      expect((await live.waitFor(2)).map((m) => m.data.introductionUpdates.kind)).toEqual(['INTRODUCTION_ASKED', 'INTRODUCTION_RESPONDED']);
      const viewBefore = seen(await viewIntroduction(api, a, id));
      const notificationsBefore = await NOTIFICATIONS_OF(a);

      expect((await respond(api, b, id, 'DECLINE')).errors).toBeUndefined();
      expect(seen(await viewIntroduction(api, a, id))).toEqual(viewBefore);
      expect(await NOTIFICATIONS_OF(a)).toEqual(notificationsBefore);

      // The next thing A hears is the close, not the decline.
      await withdraw(api, connector, id);
      const [, , next] = await live.waitFor(3);
      expect(next.data.introductionUpdates).toEqual({ kind: 'INTRODUCTION_CLOSED', introduction: { status: 'CLOSED', myAnswer: 'ACCEPTED', canRespond: false } });
      expect(live.messages).toHaveLength(3);
      expect((await viewIntroduction(api, a, id)).data?.introduction.closeReason).toBeNull();
      expect((await viewIntroduction(api, connector, id)).data?.introduction.answers[1].answer).toBe('DECLINED');
    } finally {
      await live.close();
    }
  });

  it('for any answers A gives first, B declining changes nothing A can see; expiry then closes it without a reason', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom('NOT_NOW', 'ACCEPT') as fc.Arbitrary<'NOT_NOW' | 'ACCEPT'>, { maxLength: 2 }), fc.boolean(), async (aAnswers, bSnoozesFirst) => {
        const { connector, a, b } = await trio();
        const id = await newIntroduction(api, connector, a, b);
        for (const answer of aAnswers) {
          const res = await respond(api, a, id, answer);
          if (res.errors) expect(codeOf(res)).toBe('CONFLICT'); // answering after ACCEPT
        }
        if (bSnoozesFirst) await respond(api, b, id, 'NOT_NOW');
        const before = seen(await viewIntroduction(api, a, id));
        const notificationsBefore = await NOTIFICATIONS_OF(a);
        await respond(api, b, id, 'DECLINE');
        expect(seen(await viewIntroduction(api, a, id))).toEqual(before);
        expect(await NOTIFICATIONS_OF(a)).toEqual(notificationsBefore);
        await expire(api, id);
        const closed = (await viewIntroduction(api, a, id)).data?.introduction;
        expect(closed).toMatchObject({ status: 'CLOSED', closeReason: null, answers: null });
      }),
      { numRuns: 12 },
    );
  });
});

describe('who may do what with an introduction', () => {
  let people: Record<'connector' | 'A' | 'B' | 'other', TestPerson>;
  let id: string;
  beforeAll(async () => {
    const { connector, a, b } = await trio();
    people = { connector, A: a, B: b, other: await newPerson(api) };
    id = await newIntroduction(api, connector, a, b);
  });

  const viewers = ['connector', 'A', 'B', 'other', 'signed out'] as const;
  const as = (who: (typeof viewers)[number]) => (who === 'signed out' ? null : people[who]);

  it.each([
    ['connector', null],
    ['A', null],
    ['B', null],
    ['other', 'NOT_FOUND'],
    ['signed out', 'UNAUTHENTICATED'],
  ] as const)('view, as %s → %s', async (who, code) => {
    const res = await viewIntroduction(api, as(who), id);
    expect(codeOf(res) ?? null).toBe(code);
    const byNode = await api.gql(`query ($id: ID!) { node(id: $id) { id } }`, { id }, as(who) ? { token: as(who)!.token } : {});
    expect(codeOf(byNode) ?? null).toBe(code);
  });

  it('view contacts: nobody sees the other’s contact details while pending', async () => {
    for (const who of ['connector', 'A', 'B', 'other'] as const) {
      for (const target of ['A', 'B'] as const) {
        if (who === target) continue;
        const res = await api.gql(`query ($h: String!) { person(handle: $h) { contact { email } } }`, { h: people[target].handle }, { token: people[who].token });
        expect(res.data?.person.contact).toBeNull();
      }
    }
    expect((await viewIntroduction(api, people.A, id)).data?.introduction.otherPerson.contact).toBeNull();
  });

  it.each([
    ['connector', 'FORBIDDEN'],
    ['other', 'NOT_FOUND'],
    ['signed out', 'UNAUTHENTICATED'],
  ] as const)('respond, as %s → %s', async (who, code) => {
    const res = await api.gql(
      `mutation ($id: ID!) { respondToIntroduction(introductionId: $id, response: ACCEPT) { status } }`,
      { id },
      as(who) ? { token: as(who)!.token } : {},
    );
    expect(codeOf(res)).toBe(code);
  });

  it.each([
    ['A', 'FORBIDDEN'],
    ['B', 'FORBIDDEN'],
    ['other', 'NOT_FOUND'],
    ['signed out', 'UNAUTHENTICATED'],
  ] as const)('withdraw, as %s → %s', async (who, code) => {
    expect(codeOf(await withdraw(api, as(who), id))).toBe(code);
  });

  it('respond as A and B, then contacts open up to each other only; withdraw as connector is then a CONFLICT', async () => {
    expect((await respond(api, people.A, id, 'ACCEPT')).errors).toBeUndefined();
    expect((await respond(api, people.B, id, 'ACCEPT')).data?.respondToIntroduction.status).toBe('CONNECTED');
    const contact = async (who: TestPerson, target: TestPerson) =>
      (await api.gql(`query ($h: String!) { person(handle: $h) { contact { email } } }`, { h: target.handle }, { token: who.token })).data
        ?.person.contact;
    expect(await contact(people.A, people.B)).toEqual({ email: people.B.email });
    expect(await contact(people.B, people.A)).toEqual({ email: people.A.email });
    expect(await contact(people.connector, people.A)).toBeNull();
    expect(await contact(people.other, people.B)).toBeNull();
    expect(codeOf(await withdraw(api, people.connector, id))).toBe('CONFLICT');
  });
});

describe('introductionUpdates', () => {
  it('streams asks live and replays what was missed after `since`, once, in order', async () => {
    const { connector, a, b } = await trio();
    const live = record(api.wsUrl, b.token, `subscription ($since: ID) { introductionUpdates(since: $since) { id kind } }`, {
      since: FROM_START,
    });
    let cursor: string;
    try {
      const warmup = await newIntroduction(api, connector, b, await newFollowerOf(api, connector));
      const [first] = await live.waitFor(1);
      expect(first.data.introductionUpdates.kind).toBe('INTRODUCTION_ASKED');
      cursor = first.data.introductionUpdates.id;
      void warmup;
    } finally {
      await live.close();
    }
    // While B is away: two asks, and an answer of B's own.
    await letIntroduce(api, a, b, connector);
    const first = await newIntroduction(api, connector, a, b);
    const second = await newIntroduction(api, a, b, connector);
    await respond(api, b, first, 'NOT_NOW');
    const resumed = record(api.wsUrl, b.token, `subscription ($since: ID) { introductionUpdates(since: $since) { id kind introduction { id } } }`, {
      since: cursor,
    });
    try {
      const missed = await resumed.waitFor(3);
      expect(missed.map((m) => [m.data.introductionUpdates.kind, m.data.introductionUpdates.introduction.id])).toEqual([
        ['INTRODUCTION_ASKED', first],
        ['INTRODUCTION_ASKED', second],
        ['INTRODUCTION_RESPONDED', first],
      ]);
      // Then live, with no duplicate of the replay.
      await respond(api, b, second, 'ACCEPT');
      const [, , , liveOne] = await resumed.waitFor(4);
      expect(liveOne.data.introductionUpdates.kind).toBe('INTRODUCTION_RESPONDED');
      expect(new Set(resumed.messages.map((m) => m.data.introductionUpdates.id)).size).toBe(resumed.messages.length);
    } finally {
      await resumed.close();
    }
  });
});

describe('a private introduction event is no cause of a public act', () => {
  it('follow(via:) an introduction ask you were shown is refused exactly like a missing event, and nothing is stored', async () => {
    const { connector, a, b } = await trio();
    await newIntroduction(api, connector, a, b);
    const mine = await api.gql(`{ notifications { edges { node { kind event { id kind } } } } }`, {}, { token: a.token });
    const ask = mine.data?.notifications.edges.map((e: any) => e.node).find((n: any) => n.kind === 'INTRODUCTION_ASKED');
    expect(ask?.event.kind).toBe('INTRODUCTION_ASKED'); // A may see it…

    const FOLLOW = `mutation ($id: ID!, $via: ID) { follow(personId: $id, via: $via) { id } }`;
    const viaAsk = await api.gql(FOLLOW, { id: b.id, via: ask.event.id }, { token: a.token });
    const viaMissing = await api.gql(FOLLOW, { id: b.id, via: toGlobalId('Event', '999999999') }, { token: a.token });
    expect(codeOf(viaAsk)).toBe('NOT_FOUND'); // …but it cannot cause a public follow
    expect(seen(viaAsk)).toEqual(seen(viaMissing));
    const stored = await api.db(`select count(*)::int as n from follow where follower_id = ? and followee_id = ?`, [
      localIdOf(a.id, 'Person'),
      localIdOf(b.id, 'Person'),
    ]);
    expect(stored[0]!.n).toBe(0);
  });
});
