import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './support/test-api.js';
import { newPerson, type TestPerson } from './support/factories.js';
import { expire, newIntroduction, proposeIntroduction, respond, viewIntroduction, withdraw } from './support/introductions.js';
import { closeExpired } from '../src/introductions/introductions.service.js';
import { fromGlobalId } from '../src/graphql/relay.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const codeOf = (res: { errors?: { extensions?: { code?: string } }[] }) => res.errors?.[0]?.extensions?.code;
const trio = async () => ({ connector: await newPerson(api), a: await newPerson(api), b: await newPerson(api) });
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
    const someoneElse = await newPerson(api);
    expect(codeOf(await proposeIntroduction(api, someoneElse, b, a))).toBe('CONFLICT');
    await respond(api, a, id, 'ACCEPT');
    await respond(api, b, id, 'ACCEPT');
    expect(codeOf(await proposeIntroduction(api, someoneElse, a, b))).toBe('CONFLICT');
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
    // A, having met B through the connector, now introduces B to D.
    const d = await newPerson(api);
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
    const c = await newPerson(api);
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
