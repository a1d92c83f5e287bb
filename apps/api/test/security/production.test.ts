import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'graphql-ws';
import { startTestApi, type GraphQLResponse, type TestApi } from '../support/test-api.js';
import { newPerson, type TestPerson } from '../support/factories.js';
import { connectedClient, run, type FormattedError } from './support/ws.js';

/**
 * RELIABILITY row 5 (no schema disclosure in production) over HTTP and, as
 * row 4 asks, over WebSocket; plus what production changes for sessions.
 * The harness hands this env to loadConfig; the ORM uses the test database.
 */

let api: TestApi;
let member: TestPerson;
let client: Client;

beforeAll(async () => {
  api = await startTestApi({ NODE_ENV: 'production', DATABASE_URL: 'postgres://unused@127.0.0.1/x' });
  member = await newPerson(api);
  client = await connectedClient(api, { token: member.token });
});
afterAll(async () => {
  await client?.dispose();
  await api?.close();
});

const INTROSPECTION = [
  `{ __schema { types { name } } }`,
  `{ __type(name: "Person") { fields { name } } }`,
  `query { ...F } fragment F on Query { __schema { queryType { name } } }`,
];

/** Misspellings that graphql-js answers with "Did you mean …?" outside production. */
const MISSPELT: { query: string; hint: RegExp }[] = [
  { query: `{ viewr { handle } }`, hint: /"viewer"/ },
  { query: `{ viewer { handel } }`, hint: /"handle"/ },
  { query: `{ people(frist: 1) { edges { cursor } } }`, hint: /"first"/ },
  { query: `query ($i: SignInInputt!) { viewer { id } }`, hint: /"SignInInput"/ },
];

function expectNoDisclosure(errors: FormattedError[] | undefined, hint?: RegExp) {
  expect(errors?.length).toBeGreaterThan(0);
  for (const error of errors!) {
    expect(error.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(error.message).not.toMatch(/did you mean/i);
    if (hint) expect(error.message).not.toMatch(hint);
    expect(JSON.stringify(error)).not.toMatch(/stacktrace|\n\s+at /);
  }
}

function expectRefusedOverHttp(res: GraphQLResponse) {
  expect(res.status).toBe(400);
  expect(res).not.toHaveProperty('data');
}

it('runs in production mode', () => {
  expect(api.config.NODE_ENV).toBe('production');
  expect(api.config.COOKIE_SECURE).toBe(true);
});

describe('row 5 over HTTP', () => {
  it('refuses introspection', async () => {
    for (const query of INTROSPECTION) {
      const res = await api.gql(query, {}, { token: member.token });
      expectRefusedOverHttp(res);
      expectNoDisclosure(res.errors);
      expect(res.errors![0]!.message).toMatch(/introspection/i);
    }
  });

  it('gives no "Did you mean" hint for a misspelt field, argument or type', async () => {
    for (const { query, hint } of MISSPELT) {
      const res = await api.gql(query, {}, { token: member.token });
      expectRefusedOverHttp(res);
      expectNoDisclosure(res.errors, hint);
    }
  });

  it('still answers ordinary queries and __typename', async () => {
    const res = await api.gql(`{ __typename viewer { handle } }`, {}, { token: member.token });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ __typename: 'Query', viewer: { handle: member.handle } });
  });
});

describe('row 5 over WebSocket (row 4)', () => {
  it('refuses introspection with `error`, never `next`', async () => {
    for (const query of INTROSPECTION) {
      const outcome = await run(client, query);
      expect(outcome.nexts).toEqual([]);
      expectNoDisclosure(outcome.errors ?? undefined);
      expect(outcome.errors![0]!.message).toMatch(/introspection/i);
    }
  });

  it('gives no "Did you mean" hint', async () => {
    for (const { query, hint } of MISSPELT) {
      const outcome = await run(client, query);
      expect(outcome.nexts).toEqual([]);
      expectNoDisclosure(outcome.errors ?? undefined, hint);
    }
  });

  it('still answers ordinary queries', async () => {
    const outcome = await run(client, `{ viewer { handle } }`);
    expect(outcome.nexts).toEqual([{ data: { viewer: { handle: member.handle } } }]);
  });
});

describe('sessions in production (row 20)', () => {
  it('marks the session cookie Secure, HttpOnly and SameSite=Lax', async () => {
    const res = await api.gql(`mutation ($input: SignInInput!) { signIn(input: $input) { token } }`, {
      input: { email: member.email, password: member.password },
    });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('ripple_session='));
    expect(cookie).toBeDefined();
    const attributes = cookie!.split(';').map((a) => a.trim().toLowerCase());
    expect(attributes).toContain('secure');
    expect(attributes).toContain('httponly');
    expect(attributes).toContain('samesite=lax');
    expect(attributes).toContain('path=/');
  });
});
