import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './support/test-api.js';
import { newPerson, type TestPerson } from './support/factories.js';
import { encodeCursor, toGlobalId } from '../src/graphql/relay.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const SIGN_UP = `mutation ($input: SignUpInput!) { signUp(input: $input) { token person { handle name } } }`;
const UPDATE = `mutation ($input: UpdateProfileInput!) {
  updateProfile(input: $input) { handle name headline bio avatarUrl links { label url } contact { email phone } }
}`;
const CARD = `query ($h: String!) { person(handle: $h) { name headline contact { email phone } vcard isConnection } }`;

const codeOf = (res: { errors?: { extensions?: { code?: string } }[] }) => res.errors?.[0]?.extensions?.code;
const fieldsOf = (res: { errors?: { extensions?: Record<string, unknown> }[] }) =>
  (res.errors?.[0]?.extensions?.fields as { field: string }[] | undefined)?.map((f) => f.field);

async function personCount(): Promise<number> {
  const [{ n }] = await api.db(`select count(*)::int as n from person`);
  return n;
}

describe('signing up and in', () => {
  it('rejects bad input with BAD_USER_INPUT naming each field, and stores nothing', async () => {
    const before = await personCount();
    const res = await api.gql(SIGN_UP, {
      input: { name: '   ', handle: 'no spaces!', email: 'not-an-email', password: 'short' },
    });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(res)).toEqual(expect.arrayContaining(['name', 'handle', 'email', 'password']));
    const tooLong = await api.gql(SIGN_UP, {
      input: { name: 'x'.repeat(81), handle: 'fine_handle', email: 'long@example.test', password: 'long enough' },
    });
    expect(fieldsOf(tooLong)).toEqual(['name']);
    expect(await personCount()).toBe(before);
  });

  it('answers CONFLICT for a taken email or handle, whatever the letter case', async () => {
    const taken = await newPerson(api, { handle: 'taken_handle', email: 'taken@example.test' });
    const email = await api.gql(SIGN_UP, {
      input: { name: 'Other', handle: 'other_handle', email: 'TAKEN@example.test', password: 'long enough' },
    });
    expect(codeOf(email)).toBe('CONFLICT');
    expect(fieldsOf(email)).toEqual(['email']);
    const handle = await api.gql(SIGN_UP, {
      input: { name: 'Other', handle: 'Taken_Handle', email: 'fresh@example.test', password: 'long enough' },
    });
    expect(codeOf(handle)).toBe('CONFLICT');
    expect(fieldsOf(handle)).toEqual(['handle']);
    expect(taken.handle).toBe('taken_handle');
  });

  it('signs in with the right password only, and the token then works as a Bearer', async () => {
    const p = await newPerson(api, { email: 'signin@example.test', password: 'the right one' });
    const SIGN_IN = `mutation ($input: SignInInput!) { signIn(input: $input) { token person { handle } } }`;
    const wrong = await api.gql(SIGN_IN, { input: { email: 'signin@example.test', password: 'the wrong one' } });
    expect(codeOf(wrong)).toBe('UNAUTHENTICATED');
    const nobody = await api.gql(SIGN_IN, { input: { email: 'nobody@example.test', password: 'the right one' } });
    expect(nobody.errors?.[0]?.message).toBe(wrong.errors?.[0]?.message);
    const right = await api.gql(SIGN_IN, { input: { email: 'SignIn@Example.test', password: 'the right one' } });
    expect(right.data?.signIn.person.handle).toBe(p.handle);
    const me = await api.gql(`{ viewer { handle } }`, {}, { token: right.data?.signIn.token });
    expect(me.data?.viewer.handle).toBe(p.handle);
  });

  it('keeps everything but viewer behind sign-in', async () => {
    const anonymous = await api.gql(`{ viewer { handle } }`);
    expect(anonymous.data?.viewer).toBeNull();
    for (const query of [`{ people { edges { node { handle } } } }`, `{ person(handle: "x") { name } }`, `{ node(id: "x") { id } }`]) {
      expect(codeOf(await api.gql(query))).toBe('UNAUTHENTICATED');
    }
    const forged = await api.gql(`{ viewer { handle } }`, {}, { token: 'forged-token' });
    expect(forged.data?.viewer).toBeNull();
  });
});

describe('the card', () => {
  let owner: TestPerson;
  let stranger: TestPerson;
  let connection: TestPerson;

  beforeAll(async () => {
    owner = await newPerson(api, { name: 'Card Owner' });
    stranger = await newPerson(api);
    connection = await newPerson(api);
    // Introductions make connections; here we store one directly.
    await api.db(
      `insert into connection (person_a_id, person_b_id)
       select least(a.id, b.id), greatest(a.id, b.id) from person a, person b where a.handle = ? and b.handle = ?`,
      [owner.handle, connection.handle],
    );
  });

  it('edits every field of the card and keeps what was not sent', async () => {
    const res = await api.gql(
      UPDATE,
      {
        input: {
          headline: 'Connector; two intros a week',
          bio: 'Line one\nline two',
          avatarUrl: 'https://example.org/me.png',
          links: [{ label: 'Site', url: 'https://example.org' }],
          phone: '+1 415 555 0100',
        },
      },
      { token: owner.token },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.updateProfile).toEqual({
      handle: owner.handle,
      name: 'Card Owner',
      headline: 'Connector; two intros a week',
      bio: 'Line one\nline two',
      avatarUrl: 'https://example.org/me.png',
      links: [{ label: 'Site', url: 'https://example.org' }],
      contact: { email: owner.email, phone: '+1 415 555 0100' },
    });
    const cleared = await api.gql(UPDATE, { input: { avatarUrl: null, name: null } }, { token: owner.token });
    expect(cleared.data?.updateProfile).toMatchObject({ avatarUrl: null, name: 'Card Owner' });
  });

  it('rejects malformed URLs, over-long fields and duplicate handles, changing nothing', async () => {
    const bad = await api.gql(
      UPDATE,
      {
        input: {
          headline: 'h'.repeat(141),
          links: [{ label: 'ok', url: 'https://fine.example' }, { label: 'bad', url: 'javascript:alert(1)' }],
          avatarUrl: 'not a url',
        },
      },
      { token: owner.token },
    );
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(bad)).toEqual(expect.arrayContaining(['headline', 'links.1.url', 'avatarUrl']));
    const dup = await api.gql(UPDATE, { input: { handle: stranger.handle } }, { token: owner.token });
    expect(codeOf(dup)).toBe('CONFLICT');
    const card = await api.gql(CARD, { h: owner.handle }, { token: owner.token });
    expect(card.data?.person.headline).toBe('Connector; two intros a week');
  });

  it('shows contact details to the person and their connections only, in the card and the vCard', async () => {
    const asStranger = await api.gql(CARD, { h: owner.handle }, { token: stranger.token });
    expect(asStranger.data?.person).toMatchObject({ contact: null, isConnection: false });
    expect(asStranger.data?.person.vcard).not.toContain(owner.email);
    expect(asStranger.data?.person.vcard).not.toContain('TEL');

    const asConnection = await api.gql(CARD, { h: owner.handle }, { token: connection.token });
    expect(asConnection.data?.person).toMatchObject({
      contact: { email: owner.email, phone: '+1 415 555 0100' },
      isConnection: true,
    });
    const vcard: string = asConnection.data?.person.vcard;
    expect(vcard.startsWith('BEGIN:VCARD\r\nVERSION:4.0\r\n')).toBe(true);
    expect(vcard).toContain('FN:Card Owner');
    expect(vcard).toContain(`EMAIL:${owner.email}`);
    expect(vcard).toContain('TEL;VALUE=uri:tel:+14155550100');
    expect(vcard).toContain(`/people/${owner.handle}`);
  });

  it('answers NOT_FOUND for a handle nobody has', async () => {
    expect(codeOf(await api.gql(CARD, { h: 'nobody_here' }, { token: owner.token }))).toBe('NOT_FOUND');
  });
});

describe('the directory and node(id)', () => {
  it('searches by name or handle and pages with cursors, by name', async () => {
    const viewer = await newPerson(api);
    const names = ['Zoe Quill', 'Yan Quill', 'Xia Quill', 'Wim Quill', 'Vera Quill'];
    for (const name of names) await newPerson(api, { name });
    const page = (after?: string) =>
      api.gql(
        `query ($after: String) { people(search: "quill", first: 2, after: $after) {
           edges { node { name } } pageInfo { hasNextPage hasPreviousPage endCursor } } }`,
        { after },
        { token: viewer.token },
      );
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const res = await page(after);
      const conn = res.data?.people;
      seen.push(...conn.edges.map((e: any) => e.node.name));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(seen).toEqual([...names].sort());
    const wildcard = await api.gql(`{ people(search: "%") { edges { node { name } } } }`, {}, { token: viewer.token });
    expect(wildcard.data?.people.edges).toEqual([]);
    const badCursor = await api.gql(`{ people(after: "garbage") { edges { node { name } } } }`, {}, { token: viewer.token });
    expect(codeOf(badCursor)).toBe('BAD_USER_INPUT');
  });

  it('fetches people and visible events by global id; private or missing ones are NOT_FOUND alike', async () => {
    const a = await newPerson(api);
    const b = await newPerson(api);
    const person = await api.gql(
      `query ($id: ID!) { node(id: $id) { __typename id ... on Person { handle } } }`,
      { id: a.id },
      { token: b.token },
    );
    expect(person.data?.node).toEqual({ __typename: 'Person', id: a.id, handle: a.handle });

    await api.gql(`mutation ($id: ID!) { follow(personId: $id) { id } }`, { id: b.id }, { token: a.token });
    await api.gql(`mutation ($id: ID!) { unfollow(personId: $id) { id } }`, { id: b.id }, { token: a.token });
    const mine = await api.gql(
      `query ($h: String!) { person(handle: $h) { activity { edges { node { id kind } } } } }`,
      { h: a.handle },
      { token: a.token },
    );
    const unfollowed = mine.data?.person.activity.edges.find((e: any) => e.node.kind === 'UNFOLLOWED').node;
    const followed = mine.data?.person.activity.edges.find((e: any) => e.node.kind === 'FOLLOWED').node;
    const EVENT = `query ($id: ID!) { node(id: $id) { ... on Event { kind actor { handle } subject { handle } } } }`;
    expect((await api.gql(EVENT, { id: followed.id }, { token: b.token })).data?.node).toEqual({
      kind: 'FOLLOWED',
      actor: { handle: a.handle },
      subject: { handle: b.handle },
    });
    const hidden = await api.gql(EVENT, { id: unfollowed.id }, { token: b.token });
    const missing = await api.gql(EVENT, { id: toGlobalId('Event', '999999') }, { token: b.token });
    expect(codeOf(hidden)).toBe('NOT_FOUND');
    expect(hidden.errors?.[0]?.message).toBe(missing.errors?.[0]?.message);
    expect((await api.gql(EVENT, { id: unfollowed.id }, { token: a.token })).data?.node.kind).toBe('UNFOLLOWED');
  });
});

describe('ids and cursors out of range', () => {
  it('answers NOT_FOUND or BAD_USER_INPUT, never an internal error', async () => {
    const viewer = await newPerson(api);
    const huge = toGlobalId('Person', '9223372036854775808');
    expect(codeOf(await api.gql(`query ($id: ID!) { node(id: $id) { id } }`, { id: huge }, { token: viewer.token }))).toBe('NOT_FOUND');
    expect(codeOf(await api.gql(`mutation ($id: ID!) { follow(personId: $id) { id } }`, { id: huge }, { token: viewer.token }))).toBe('NOT_FOUND');
    const badAfter = encodeCursor(['x', '9223372036854775808']);
    expect(codeOf(await api.gql(`query ($a: String) { people(after: $a) { edges { cursor } } }`, { a: badAfter }, { token: viewer.token }))).toBe(
      'BAD_USER_INPUT',
    );
    const nulAfter = encodeCursor(['a\u0000', '1']);
    expect(codeOf(await api.gql(`query ($a: String) { people(after: $a) { edges { cursor } } }`, { a: nulAfter }, { token: viewer.token }))).toBe(
      'BAD_USER_INPUT',
    );
    const followersAfter = encodeCursor(['9223372036854775808']);
    expect(
      codeOf(
        await api.gql(`query ($h: String!, $a: String) { person(handle: $h) { followers(after: $a) { edges { cursor } } } }`, { h: viewer.handle, a: followersAfter }, { token: viewer.token }),
      ),
    ).toBe('BAD_USER_INPUT');
  });
});
