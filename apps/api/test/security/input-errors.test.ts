import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'graphql-ws';
import { startTestApi, type TestApi } from '../support/test-api.js';
import { newPerson, type TestPerson } from '../support/factories.js';
import { toGlobalId } from '../../src/graphql/relay.js';
import { connectedClient, run, type FormattedError } from './support/ws.js';

/**
 * Every BAD_USER_INPUT carries `extensions.fields: [{ field, message }]`,
 * over HTTP and WebSocket. Regressions: GraphQL's own variable-coercion
 * errors (a required input field missing, a wrong type) had only a message;
 * so had the `since` errors of introductionUpdates and notificationAdded,
 * the unstorable-text refusal, and an ambiguous operation over WebSocket.
 */

const SIGN_UP = `mutation ($input: SignUpInput!) { signUp(input: $input) { token } }`;
const UPDATE_PROFILE = `mutation ($input: UpdateProfileInput!) { updateProfile(input: $input) { handle } }`;
const PASSWORD = 'do-not-echo-this-password';

let api: TestApi;
let member: TestPerson;
let client: Client;
beforeAll(async () => {
  api = await startTestApi();
  member = await newPerson(api);
  client = await connectedClient(api, { token: member.token });
});
afterAll(async () => {
  await client?.dispose();
  await api?.close();
});

type Fields = { field: string; message: string }[];

function fieldsOf(errors: FormattedError[] | null | undefined): Fields {
  expect(errors).toHaveLength(1);
  const [error] = errors!;
  expect(error!.extensions?.code).toBe('BAD_USER_INPUT');
  expect(error!.extensions?.fields, error!.message).toEqual(expect.any(Array));
  return error!.extensions!.fields as Fields;
}

/** The operation's error over HTTP (a 4xx before anything ran) and over WebSocket (an `error` message): the same fields. */
async function fieldsOverBoth(query: string, variables: Record<string, unknown>): Promise<Fields> {
  const res = await api.gql(query, variables, { token: member.token });
  expect(res.status).toBe(400);
  expect(res).not.toHaveProperty('data');
  const overHttp = fieldsOf(res.errors);
  const outcome = await run(client, query, variables);
  expect(outcome.nexts).toEqual([]);
  expect(fieldsOf(outcome.errors)).toEqual(overHttp);
  expect(outcome.errors![0]!.message).toBe(res.errors![0]!.message);
  return overHttp;
}

describe('GraphQL variable coercion names the input fields', () => {
  const complete = { name: 'Ana', handle: 'ana_fields', email: 'ana.fields@example.test', password: PASSWORD };

  it('a required input field left out → input.<field>', async () => {
    const { email: _email, ...withoutEmail } = complete;
    const fields = await fieldsOverBoth(SIGN_UP, { input: withoutEmail });
    expect(fields).toEqual([{ field: 'input.email', message: expect.stringMatching(/"email".*required.*not provided/) }]);
  });

  it('a wrong type → that field', async () => {
    const fields = await fieldsOverBoth(SIGN_UP, { input: { ...complete, email: 3 } });
    expect(fields).toEqual([{ field: 'input.email', message: expect.stringMatching(/String cannot represent/) }]);
  });

  it('a field the input does not have → that field', async () => {
    const fields = await fieldsOverBoth(SIGN_UP, { input: { ...complete, admin: true } });
    expect(fields).toEqual([{ field: 'input.admin', message: expect.stringMatching(/"admin" is not defined by type "SignUpInput"/) }]);
  });

  it('inside a list → with its position', async () => {
    const fields = await fieldsOverBoth(UPDATE_PROFILE, { input: { links: [{ label: 'ok', url: 'https://ok.example' }, { label: 'x', url: 5 }, { url: 'https://no-label.example' }] } });
    expect(fields).toEqual([
      { field: 'input.links.1.url', message: expect.stringMatching(/String cannot represent/) },
      { field: 'input.links.2.label', message: expect.stringMatching(/"label".*not provided/) },
    ]);
  });

  it('several problems → all of them, the message naming the first', async () => {
    const res = await api.gql(SIGN_UP, { input: { name: 7, handle: 'h', password: PASSWORD } });
    const fields = fieldsOf(res.errors);
    expect(fields.map((f) => f.field).sort()).toEqual(['input.email', 'input.name']);
    expect(res.errors![0]!.message).toMatch(/^Variable "\$input"/);
  });

  it('a required variable left out, or null → the variable', async () => {
    expect(await fieldsOverBoth(SIGN_UP, {})).toEqual([{ field: 'input', message: expect.stringMatching(/was not provided/) }]);
    expect(await fieldsOverBoth(SIGN_UP, { input: null })).toEqual([{ field: 'input', message: expect.stringMatching(/must not be null/) }]);
  });

  it('does not echo the values sent (a password) in its message', async () => {
    const res = await api.gql(SIGN_UP, { input: { ...complete, email: 3 } });
    expect(JSON.stringify(res.errors)).not.toContain(PASSWORD);
  });

  it('stores nothing', async () => {
    expect(await api.db(`select 1 from person where handle = 'ana_fields'`)).toEqual([]);
  });
});

describe('text PostgreSQL cannot store names where it is', () => {
  it('in a variable → its path', async () => {
    const fields = await fieldsOverBoth(UPDATE_PROFILE, { input: { links: [{ label: 'a', url: 'https://a.example' }, { label: 'b\u0000', url: 'https://b.example' }] } });
    expect(fields).toEqual([{ field: 'input.links.1.label', message: expect.stringMatching(/U\+0000/) }]);
  });

  it('in a literal → its argument and input fields', async () => {
    expect(await fieldsOverBoth(`{ people(search: "a\\u0000b") { edges { cursor } } }`, {})).toEqual([
      { field: 'search', message: expect.any(String) },
    ]);
    expect(await fieldsOverBoth(`mutation { updateProfile(input: { links: [{ label: "ok", url: "https://a.example" }, { label: "\\u0000", url: "https://b.example" }] }) { handle } }`, {})).toEqual([
      { field: 'input.links.1.label', message: expect.any(String) },
    ]);
  });
});

describe('every subscription’s `since` error over WebSocket', () => {
  it.each([
    ['feedEvents', `subscription ($s: ID) { feedEvents(since: $s) { id } }`],
    ['introductionUpdates', `subscription ($s: ID) { introductionUpdates(since: $s) { id } }`],
    ['notificationAdded', `subscription ($s: ID) { notificationAdded(since: $s) { id } }`],
    ['rippleEvents', `subscription ($e: ID!, $s: ID) { rippleEvents(eventId: $e, since: $s) { id } }`],
  ])('%s names `since`', async (_name, query) => {
    const [joined] = await api.db<{ id: string }>(`select id::text from event where kind = 'JOINED' order by id limit 1`);
    for (const since of ['not-an-id', toGlobalId('Person', '1')]) {
      const outcome = await run(client, query, { s: since, e: toGlobalId('Event', joined!.id) });
      const errors = [...outcome.nexts.flatMap((n) => n.errors ?? []), ...(outcome.errors ?? [])];
      expect(fieldsOf(errors)).toEqual([{ field: 'since', message: expect.any(String) }]);
    }
  });
});

describe('over WebSocket only', () => {
  it('an ambiguous operation names operationName', async () => {
    const outcome = await run(client, `query A { viewer { id } } query B { viewer { handle } }`);
    expect(fieldsOf(outcome.errors)).toEqual([{ field: 'operationName', message: expect.any(String) }]);
  });
});

describe('in production', () => {
  let prod: TestApi;
  beforeAll(async () => {
    prod = await startTestApi({ NODE_ENV: 'production', DATABASE_URL: 'postgres://unused@127.0.0.1/x' });
  });
  afterAll(() => prod?.close());

  it('names the fields without "Did you mean" hints', async () => {
    const person = await newPerson(prod);
    const res = await prod.gql(
      `mutation ($id: ID!, $r: IntroductionResponse!) { respondToIntroduction(introductionId: $id, response: $r) { status } }`,
      { id: toGlobalId('Introduction', '1'), r: 'ACCEPTT' },
      { token: person.token },
    );
    const fields = fieldsOf(res.errors);
    expect(fields).toEqual([{ field: 'r', message: expect.stringMatching(/ACCEPTT/) }]);
    expect(JSON.stringify(res.errors)).not.toMatch(/did you mean/i);
  });
});
