import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './support/test-api.js';
import { follow, newFollowerOf, newPerson, type TestPerson } from './support/factories.js';
import {
  expire,
  letIntroduce,
  newIntroduction,
  newTrio,
  proposeIntroduction,
  respond,
  viewIntroduction,
  withdraw,
} from './support/introductions.js';
import { closeAsExpired, closeExpired, lockExpired } from '../src/introductions/introductions.service.js';
import { fromGlobalId } from '../src/graphql/relay.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const codeOf = (res: { errors?: { extensions?: { code?: string } }[] }) => res.errors?.[0]?.extensions?.code;
const trio = () => newTrio(api);
const localId = (globalId: string) => fromGlobalId(globalId)!.id;

describe('a double-opt-in introduction', () => {
  it('asks both privately, connects only when both accept, then shows each the other’s contact card', async () => {
    const { connector, a, b } = await trio();
    const other = await newPerson(api);
    const id = await newIntroduction(api, connector, a, b, { noteForA: 'for A only', noteForB: 'for B only' });

    const asA = (await viewIntroduction(api, a, id)).data?.introduction;
    expect(asA).toMatchObject({ status: 'PENDING', noteToMe: 'for A only', noteForA: null, noteForB: null, answers: null, canRespond: true });
    expect(asA.otherPerson).toEqual({ handle: b.handle, contact: null });
    expect((await viewIntroduction(api, b, id)).data?.introduction.noteToMe).toBe('for B only');
    expect(codeOf(await viewIntroduction(api, other, id))).toBe('NOT_FOUND');

    expect((await respond(api, a, id, 'ACCEPT')).data?.respondToIntroduction).toMatchObject({ status: 'PENDING', myAnswer: 'ACCEPTED', canRespond: false });
    const done = (await respond(api, b, id, 'ACCEPT')).data?.respondToIntroduction;
    expect(done).toMatchObject({ status: 'CONNECTED', connectedEvent: { kind: 'CONNECTED' } });
    expect(done.otherPerson).toEqual({ handle: a.handle, contact: { email: a.email } });

    const asConnector = (await viewIntroduction(api, connector, id)).data?.introduction;
    expect(asConnector.answers.map((x: any) => x.answer)).toEqual(['ACCEPTED', 'ACCEPTED']);
    const [{ n }] = await api.db(`select count(*)::int as n from connection where introduction_id = ?`, [localId(id)]);
    expect(n).toBe(1);

    const notifications = await api.db<{ kind: string; handle: string }>(
      `select n.kind, p.handle from notification n join person p on p.id = n.recipient_id where n.introduction_id = ? order by n.id`,
      [localId(id)],
    );
    expect(notifications).toEqual([
      { kind: 'INTRODUCTION_ASKED', handle: a.handle },
      { kind: 'INTRODUCTION_ASKED', handle: b.handle },
      { kind: 'INTRODUCTION_CONNECTED', handle: connector.handle },
      { kind: 'INTRODUCTION_CONNECTED', handle: a.handle },
      // B's accept completed it: B is told it connected too (NOTIFICATIONS.md).
      { kind: 'INTRODUCTION_CONNECTED', handle: b.handle },
    ]);
  });

  it('ask-one-first: B is not asked (and cannot see it) until A accepts; A declining closes it unseen by B', async () => {
    const { connector, a, b } = await trio();
    const id = await newIntroduction(api, connector, a, b, { mode: 'ONE_FIRST' });
    expect(codeOf(await viewIntroduction(api, b, id))).toBe('NOT_FOUND');
    await respond(api, a, id, 'ACCEPT');
    expect((await viewIntroduction(api, b, id)).data?.introduction).toMatchObject({ status: 'PENDING', canRespond: true });

    const second = await trio();
    const id2 = await newIntroduction(api, second.connector, second.a, second.b, { mode: 'ONE_FIRST' });
    expect((await respond(api, second.a, id2, 'DECLINE')).data?.respondToIntroduction.status).toBe('CLOSED');
    expect(codeOf(await viewIntroduction(api, second.b, id2))).toBe('NOT_FOUND');
    expect((await viewIntroduction(api, second.connector, id2)).data?.introduction.closeReason).toBe('DECLINED');
    const asked = await api.db(`select count(*)::int as n from notification where introduction_id = ? and recipient_id = ?`, [
      localId(id2),
      localId(second.b.id),
    ]);
    expect(asked[0]!.n).toBe(0);
  });

  it('not now: the connector is told, the ask stays open and comes back later, and a later answer replaces it', async () => {
    const { connector, a, b } = await trio();
    const id = await newIntroduction(api, connector, a, b);
    const snoozed = (await respond(api, a, id, 'NOT_NOW')).data?.respondToIntroduction;
    expect(snoozed).toMatchObject({ status: 'PENDING', myAnswer: 'NOT_NOW', canRespond: true });
    expect(new Date(snoozed.snoozedUntil).getTime()).toBeGreaterThan(Date.now() + 2 * 86_400_000);
    expect((await viewIntroduction(api, connector, id)).data?.introduction.answers[0].answer).toBe('NOT_NOW');
    expect((await viewIntroduction(api, b, id)).data?.introduction.answers).toBeNull();
    const later = (await respond(api, a, id, 'ACCEPT')).data?.respondToIntroduction;
    expect(later).toMatchObject({ myAnswer: 'ACCEPTED', snoozedUntil: null });
  });

  it('withdrawal and expiry close it; only the connector learns why', async () => {
    const { connector, a, b } = await trio();
    const withdrawn = await newIntroduction(api, connector, a, b);
    expect(codeOf(await withdraw(api, a, withdrawn))).toBe('FORBIDDEN');
    expect((await withdraw(api, connector, withdrawn)).data?.withdrawIntroduction).toEqual({ status: 'CLOSED', closeReason: 'WITHDRAWN' });
    expect((await viewIntroduction(api, a, withdrawn)).data?.introduction).toMatchObject({ status: 'CLOSED', closeReason: null, canRespond: false });
    expect(codeOf(await respond(api, b, withdrawn, 'ACCEPT'))).toBe('CONFLICT');
    expect(codeOf(await withdraw(api, connector, withdrawn))).toBe('CONFLICT');

    const expiring = await newIntroduction(api, connector, a, b);
    await expire(api, expiring);
    expect((await viewIntroduction(api, a, expiring)).data?.introduction.status).toBe('CLOSED');
    expect(await closeExpired(api.orm.em.fork())).toBeGreaterThanOrEqual(1);
    expect((await viewIntroduction(api, connector, expiring)).data?.introduction.closeReason).toBe('EXPIRED');
  });

  it('refuses yourself, the same person twice, a missing reason, connected pairs and duplicate open introductions', async () => {
    const { connector, a, b } = await trio();
    expect(codeOf(await proposeIntroduction(api, connector, connector, b))).toBe('BAD_USER_INPUT');
    expect(codeOf(await proposeIntroduction(api, connector, a, a))).toBe('BAD_USER_INPUT');
    expect(codeOf(await proposeIntroduction(api, connector, a, b, { reason: '  ' }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await proposeIntroduction(api, connector, a, b, { reason: 'x'.repeat(1001) }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await proposeIntroduction(api, connector, a, { ...b, id: 'bm9wZQ' }))).toBe('NOT_FOUND');

    const id = await newIntroduction(api, connector, a, b);
    // Your own open introduction for the pair, either way round.
    const again = await proposeIntroduction(api, connector, b, a);
    expect(codeOf(again)).toBe('CONFLICT');
    expect(again.errors?.[0]?.message).toBe('You already have an open introduction for these two.');
    await respond(api, a, id, 'ACCEPT');
    await respond(api, b, id, 'ACCEPT');
    // Connections are public: anyone who may introduce them hears they are connected.
    const someoneElse = await newPerson(api);
    await letIntroduce(api, someoneElse, a, b);
    expect(codeOf(await proposeIntroduction(api, someoneElse, a, b))).toBe('CONFLICT');
    expect(codeOf(await proposeIntroduction(api, connector, a, b))).toBe('CONFLICT');
    const [{ n }] = await api.db(`select count(*)::int as n from introduction where connector_id = ?`, [localId(someoneElse.id)]);
    expect(n).toBe(0);
  });

  it('the same idempotency key returns the first introduction; another payload with it is a CONFLICT', async () => {
    const { connector, a, b } = await trio();
    const key = 'intro-key-1';
    const [first, second, third] = await Promise.all([1, 2, 3].map(() => proposeIntroduction(api, connector, a, b, { idempotencyKey: key })));
    const ids = [first, second, third].map((r) => r.data?.proposeIntroduction.id);
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).toBeTruthy();
    const changed = await proposeIntroduction(api, connector, a, b, { idempotencyKey: key, reason: 'A different reason.' });
    expect(codeOf(changed)).toBe('CONFLICT');
    const [{ n }] = await api.db(`select count(*)::int as n from introduction where connector_id = ?`, [localId(connector.id)]);
    expect(n).toBe(1);
  });

  it('two accepts at the same moment make exactly one connection and one CONNECTED event, every time', async () => {
    for (let round = 0; round < 12; round++) {
      const { connector, a, b } = await trio();
      const id = await newIntroduction(api, connector, a, b);
      const results = await Promise.all([respond(api, a, id, 'ACCEPT'), respond(api, b, id, 'ACCEPT')]);
      for (const r of results) expect(r.errors).toBeUndefined();
      const rows = await api.db(
        `select (select count(*)::int from connection where introduction_id = ?) as connections,
                (select count(*)::int from event where kind = 'CONNECTED' and subject_introduction_id = ?) as events`,
        [localId(id), localId(id)],
      );
      expect(rows[0]).toEqual({ connections: 1, events: 1 });
    }
  });
});

describe('introductions in the ripple', () => {
  it('a connection is caused by the introduction, which is caused by the connection through which the connector met A', async () => {
    const { connector, a, b } = await trio();
    const first = await newIntroduction(api, connector, a, b);
    await respond(api, a, first, 'ACCEPT');
    await respond(api, b, first, 'ACCEPT');
    // A, having met B through the connector, now introduces B to D (who follows A).
    const d = await newFollowerOf(api, a);
    const second = await newIntroduction(api, a, b, d);
    await respond(api, b, second, 'ACCEPT');
    const done = (await respond(api, d, second, 'ACCEPT')).data?.respondToIntroduction;

    const chain = await api.db<{ kind: string; depth: number; root_id: string; cause_kind: string | null }>(
      `select e.kind, e.depth, e.root_id::text, c.kind as cause_kind from event e left join event c on c.id = e.cause_id
        where e.kind in ('INTRODUCED', 'CONNECTED') and e.subject_introduction_id in (?, ?) order by e.id`,
      [localId(first), localId(second)],
    );
    expect(chain.map((e) => [e.kind, e.depth, e.cause_kind])).toEqual([
      ['INTRODUCED', 0, null],
      ['CONNECTED', 1, 'INTRODUCED'],
      ['INTRODUCED', 2, 'CONNECTED'],
      ['CONNECTED', 3, 'INTRODUCED'],
    ]);
    expect(new Set(chain.map((e) => e.root_id)).size).toBe(1);
    expect(done.connectedEvent.kind).toBe('CONNECTED');

    // The connector two hops up is told their ripple grew.
    const grew = await api.db(`select count(*)::int as n from notification where recipient_id = ? and kind = 'RIPPLE_GREW'`, [
      localId(connector.id),
    ]);
    expect(grew[0]!.n).toBe(1);
  });

  it('pending and declined introductions leave no public event', async () => {
    const { connector, a, b } = await trio();
    const id = await newIntroduction(api, connector, a, b);
    await respond(api, a, id, 'DECLINE');
    const visible = await api.db(`select kind from event where subject_introduction_id = ? and visibility = 'public'`, [localId(id)]);
    expect(visible).toEqual([]);
    const audiences = await api.db<{ kind: string; audience: string[] }>(
      `select kind, audience::text[] as audience from event where subject_introduction_id = ? order by id`,
      [localId(id)],
    );
    const responded = audiences.find((e) => e.kind === 'INTRODUCTION_RESPONDED')!;
    expect(responded.audience.sort()).toEqual([localId(connector.id), localId(a.id)].sort());
  });

  it('after connecting: a thread for the three, and "did you meet?" whose yes joins the ripple', async () => {
    const { connector, a, b } = await trio();
    const id = await newIntroduction(api, connector, a, b);
    const POST = `mutation ($id: ID!, $body: String!) { postIntroductionMessage(introductionId: $id, body: $body) { body author { handle } } }`;
    expect(codeOf(await api.gql(POST, { id, body: 'too early' }, { token: a.token }))).toBe('CONFLICT');
    await respond(api, a, id, 'ACCEPT');
    await respond(api, b, id, 'ACCEPT');
    for (const [who, body] of [[connector, 'Meet each other!'], [a, 'Hi B'], [b, 'Hi A']] as const) {
      expect((await api.gql(POST, { id, body }, { token: who.token })).errors).toBeUndefined();
    }
    const outsider = await newPerson(api);
    expect(codeOf(await api.gql(POST, { id, body: 'me too' }, { token: outsider.token }))).toBe('NOT_FOUND');
    const thread = (await viewIntroduction(api, b, id)).data?.introduction.messages.edges.map((e: any) => e.node.body);
    expect(thread).toEqual(['Meet each other!', 'Hi B', 'Hi A']);

    const MET = `mutation ($id: ID!, $met: Boolean!) { recordMeeting(introductionId: $id, met: $met) { myMeetingAnswer } }`;
    expect(codeOf(await api.gql(MET, { id, met: true }, { token: connector.token }))).toBe('FORBIDDEN');
    expect((await api.gql(MET, { id, met: true }, { token: a.token })).data?.recordMeeting.myMeetingAnswer).toBe(true);
    expect((await api.gql(MET, { id, met: false }, { token: b.token })).data?.recordMeeting.myMeetingAnswer).toBe(false);
    expect(codeOf(await api.gql(MET, { id, met: true }, { token: a.token }))).toBe('CONFLICT');
    const met = await api.db(
      `select c.kind as cause from event e join event c on c.id = e.cause_id where e.kind = 'MET' and e.subject_introduction_id = ?`,
      [localId(id)],
    );
    expect(met).toEqual([{ cause: 'CONNECTED' }]);
  });

  it('lists asks of me, introductions I made, and my connections', async () => {
    const { connector, a, b } = await trio();
    const c = await newFollowerOf(api, connector);
    const open = await newIntroduction(api, connector, a, b);
    const connected = await newIntroduction(api, connector, a, c);
    await respond(api, a, connected, 'ACCEPT');
    await respond(api, c, connected, 'ACCEPT');
    const LIST = `query ($role: IntroductionRole!) { introductions(role: $role) { edges { node { id status } } } }`;
    const ids = async (who: TestPerson, role: string) =>
      (await api.gql(LIST, { role }, { token: who.token })).data?.introductions.edges.map((e: any) => e.node.id);
    expect(await ids(a, 'ASKED')).toEqual([open]);
    expect(await ids(a, 'CONNECTED')).toEqual([connected]);
    expect(await ids(connector, 'INTRODUCED')).toEqual([connected, open]);
    expect(await ids(b, 'CONNECTED')).toEqual([]);
  });
});

describe('who may introduce whom', () => {
  type Relation = 'follows the connector' | 'connected with the connector' | 'followed by the connector only' | 'a stranger';
  /** A new member standing in `relation` to `connector`. */
  async function personWho(relation: Relation, connector: TestPerson): Promise<TestPerson> {
    const person = await newPerson(api);
    if (relation === 'follows the connector') await follow(api, person, connector);
    if (relation === 'followed by the connector only') await follow(api, connector, person);
    if (relation === 'connected with the connector') {
      const introducer = await newPerson(api);
      await letIntroduce(api, introducer, person, connector);
      const id = await newIntroduction(api, introducer, person, connector);
      await respond(api, person, id, 'ACCEPT');
      await respond(api, connector, id, 'ACCEPT');
    }
    return person;
  }

  it.each<[Relation, Relation, string[]]>([
    ['follows the connector', 'follows the connector', []],
    ['connected with the connector', 'follows the connector', []],
    ['connected with the connector', 'connected with the connector', []],
    ['follows the connector', 'followed by the connector only', ['personBId']],
    ['followed by the connector only', 'connected with the connector', ['personAId']],
    ['a stranger', 'a stranger', ['personAId', 'personBId']],
  ])('A %s, B %s → refused for %j', async (relationA, relationB, refused) => {
    const connector = await newPerson(api);
    const [a, b] = [await personWho(relationA, connector), await personWho(relationB, connector)];
    const res = await proposeIntroduction(api, connector, a, b);
    if (refused.length === 0) {
      expect(res.errors).toBeUndefined();
      expect(res.data?.proposeIntroduction.status).toBe('PENDING');
      return;
    }
    expect(res.data).toBeNull();
    expect(codeOf(res)).toBe('FORBIDDEN');
    expect(res.errors?.[0]?.extensions?.fields).toEqual(
      refused.map((field) => ({ field, message: 'is not connected with you and does not follow you' })),
    );
    const [{ n }] = await api.db(`select count(*)::int as n from introduction where connector_id = ?`, [localId(connector.id)]);
    expect(n).toBe(0);
  });
});

describe('a refusal reveals nothing the proposer may not see (RELIABILITY 25)', () => {
  /** What a proposer learns from an answer, without the ids, names and times that differ anyway. */
  const learned = (res: Awaited<ReturnType<typeof proposeIntroduction>>) => {
    const intro = res.data?.proposeIntroduction;
    return {
      errors: res.errors?.map((e) => ({ code: e.extensions?.code, message: e.message, fields: e.extensions?.fields })),
      introduction: intro && {
        status: intro.status,
        canWithdraw: intro.canWithdraw,
        closeReason: intro.closeReason,
        answers: intro.answers.map((x: { askedAt: string | null; answer: string | null }) => [x.askedAt !== null, x.answer]),
      },
    };
  };

  it('someone else’s open introduction for the pair neither blocks nor shows; once it connects, the other closes for its connector', async () => {
    const { connector, a, b } = await trio();
    const prober = await newPerson(api);
    await letIntroduce(api, prober, a, b);
    // The same prober, a pair nobody has introduced: the answer to compare with.
    const [a2, b2] = [await newFollowerOf(api, prober), await newFollowerOf(api, prober)];
    const untouched = learned(await proposeIntroduction(api, prober, a2, b2));
    expect(untouched.errors).toBeUndefined();

    const theirs = await newIntroduction(api, connector, a, b);
    const probe = await proposeIntroduction(api, prober, a, b);
    expect(learned(probe)).toEqual(untouched);
    // A stranger is refused for who they are, the same with or without the open introduction.
    const stranger = await newPerson(api);
    const refusedNow = learned(await proposeIntroduction(api, stranger, a, b));
    expect(refusedNow.errors?.[0]?.code).toBe('FORBIDDEN');
    expect(learned(await proposeIntroduction(api, stranger, a2, await newPerson(api)))).toEqual(refusedNow);

    // Both accept the first connector's: connected; the prober's closes, and only the prober learns why.
    await respond(api, a, theirs, 'ACCEPT');
    expect((await respond(api, b, theirs, 'ACCEPT')).data?.respondToIntroduction.status).toBe('CONNECTED');
    const probeId = probe.data?.proposeIntroduction.id;
    expect((await viewIntroduction(api, prober, probeId)).data?.introduction).toMatchObject({ status: 'CLOSED', closeReason: 'ALREADY_CONNECTED', canWithdraw: false });
    expect((await viewIntroduction(api, a, probeId)).data?.introduction).toMatchObject({ status: 'CLOSED', closeReason: null, canRespond: false });
    expect(codeOf(await respond(api, b, probeId, 'ACCEPT'))).toBe('CONFLICT');
    const [{ n }] = await api.db(
      `select count(*)::int as n from event where kind = 'CONNECTED' and subject_introduction_id in (?, ?)`,
      [localId(theirs), localId(probeId)],
    );
    expect(n).toBe(1);
  });

  it('ask-one-first: proposing the pair before and after the first person declines gives the same answers', async () => {
    const { connector, a, b } = await trio();
    // B's second account, and a stranger: neither may learn when A declined.
    const bElsewhere = await newPerson(api);
    await letIntroduce(api, bElsewhere, a, b);
    const stranger = await newPerson(api);
    const id = await newIntroduction(api, connector, a, b, { mode: 'ONE_FIRST' });

    const probe = async () => {
      const res = await proposeIntroduction(api, bElsewhere, a, b);
      // Withdrawn at once, so the next probe starts from the same place.
      if (res.data) expect((await withdraw(api, bElsewhere, res.data.proposeIntroduction.id)).errors).toBeUndefined();
      return { asB: learned(res), asStranger: learned(await proposeIntroduction(api, stranger, a, b)) };
    };
    const before = await probe();
    expect(before.asB.errors).toBeUndefined();
    expect(before.asStranger.errors?.[0]?.code).toBe('FORBIDDEN');

    expect((await respond(api, a, id, 'DECLINE')).data?.respondToIntroduction.status).toBe('CLOSED');
    expect(await probe()).toEqual(before);
  });
});

describe('expiry and races', () => {
  it('an expired introduction never blocks a new one, even while the sweeper holds its row', async () => {
    const { connector, a, b } = await trio();
    const first = await newIntroduction(api, connector, a, b);
    await expire(api, first);

    const proposal = { settled: false, res: undefined as Awaited<ReturnType<typeof proposeIntroduction>> | undefined };
    await api.orm.em.fork().transactional(async (sweeper) => {
      // The sweeper's own first step: the expired row is locked, not yet closed.
      const held = await lockExpired(sweeper, 100);
      expect(held.map((r) => String(r.id))).toContain(localId(first));
      const [{ pid }] = await sweeper.execute<{ pid: number }[]>(`select pg_backend_pid() as pid`);

      const answer = proposeIntroduction(api, connector, a, b).then((res) => Object.assign(proposal, { settled: true, res }));
      // Until the proposal answers or is seen waiting behind the sweeper (no clock involved).
      const blockedBySweeper = async () =>
        (await api.db(`select 1 from pg_stat_activity where ?::int = any(pg_blocking_pids(pid))`, [pid])).length > 0;
      while (!proposal.settled && !(await blockedBySweeper())) await new Promise((r) => setImmediate(r));
      if (proposal.settled) expect(proposal.res?.errors).toBeUndefined(); // answering at once is fine, if it is a yes

      await closeAsExpired(sweeper, held);
      void answer;
    });
    await new Promise<void>((resolve) => {
      const check = () => (proposal.settled ? resolve() : setImmediate(check));
      check();
    });
    expect(proposal.res?.errors).toBeUndefined();
    expect(proposal.res?.data?.proposeIntroduction.status).toBe('PENDING');
    expect((await viewIntroduction(api, connector, first)).data?.introduction).toMatchObject({ status: 'CLOSED', closeReason: 'EXPIRED' });
  });

  it('two introductions of one pair completing at once make one connection; the other closes, and nobody gets an error', async () => {
    for (let round = 0; round < 6; round++) {
      const [first, second, a, b] = [await newPerson(api), await newPerson(api), await newPerson(api), await newPerson(api)];
      await letIntroduce(api, first, a, b);
      await letIntroduce(api, second, a, b);
      const x = await newIntroduction(api, first, a, b);
      const y = await newIntroduction(api, second, a, b);
      await respond(api, a, x, 'ACCEPT');
      await respond(api, b, y, 'ACCEPT');
      // Each completes a different introduction of the same pair, at the same moment.
      const results = await Promise.all([respond(api, b, x, 'ACCEPT'), respond(api, a, y, 'ACCEPT')]);
      const outcomes = results.map((r) => r.data?.respondToIntroduction.status ?? codeOf(r));
      expect([...outcomes].sort()).toEqual(['CONFLICT', 'CONNECTED']);
      const [winner, loser] = outcomes[0] === 'CONNECTED' ? [first, second] : [second, first];
      const loserId = winner === first ? y : x;
      expect((await viewIntroduction(api, loser, loserId)).data?.introduction.closeReason).toBe('ALREADY_CONNECTED');
      const [counts] = await api.db(
        `select (select count(*)::int from connection where person_a_id = least(?::bigint, ?::bigint) and person_b_id = greatest(?::bigint, ?::bigint)) as connections,
                (select count(*)::int from event where kind = 'CONNECTED' and subject_introduction_id in (?, ?)) as events`,
        [localId(a.id), localId(b.id), localId(a.id), localId(b.id), localId(x), localId(y)],
      );
      expect(counts).toEqual({ connections: 1, events: 1 });
    }
  });

  it('a proposal racing the connection of the same pair never leaves an open introduction beside it', async () => {
    for (let round = 0; round < 6; round++) {
      const { connector, a, b } = await trio();
      const prober = await newPerson(api);
      await letIntroduce(api, prober, a, b);
      const id = await newIntroduction(api, connector, a, b);
      await respond(api, a, id, 'ACCEPT');
      const [connected, proposed] = await Promise.all([respond(api, b, id, 'ACCEPT'), proposeIntroduction(api, prober, a, b)]);
      expect(connected.data?.respondToIntroduction.status).toBe('CONNECTED');
      if (proposed.errors) expect(codeOf(proposed)).toBe('CONFLICT');
      else expect((await viewIntroduction(api, prober, proposed.data?.proposeIntroduction.id)).data?.introduction.closeReason).toBe('ALREADY_CONNECTED');
      const open = await api.db(
        `select id from introduction where status = 'PENDING'
            and least(person_a_id, person_b_id) = least(?::bigint, ?::bigint) and greatest(person_a_id, person_b_id) = greatest(?::bigint, ?::bigint)`,
        [localId(a.id), localId(b.id), localId(a.id), localId(b.id)],
      );
      expect(open).toEqual([]);
    }
  });
});
