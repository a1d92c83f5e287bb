import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Client } from 'graphql-ws';
import { LIMITS } from '../../src/graphql/operation-guards.js';
import { MAX_PAGE_SIZE } from '../../src/graphql/relay.js';
import { startTestApi, type GraphQLResponse, type TestApi } from '../support/test-api.js';
import { newPerson, type TestPerson } from '../support/factories.js';
import { connectedClient, run, type WsOutcome } from './support/ws.js';

/**
 * RELIABILITY rows 1–3 (depth, aliases and batching, page size and cost),
 * and row 4 for them: the same limits on the graphql-ws path.
 * Every rejection happens before any SQL runs.
 */

let api: TestApi;
let member: TestPerson;
/** More people than one page may hold, so that clamping is observable. */
const DIRECTORY_SIZE = MAX_PAGE_SIZE + 20;

beforeAll(async () => {
  api = await startTestApi();
  member = await newPerson(api);
  // Stored directly: the directory only needs rows, and hashing 120 passwords would cost seconds.
  await api.db(
    `insert into person (handle, name, email, password_hash)
     select 'filler_' || i, 'Filler ' || i, 'filler' || i || '@example.test', 'not a hash'
       from generate_series(1, ?) as i`,
    [DIRECTORY_SIZE - 1],
  );
});
afterAll(() => api?.close());

/**
 * A valid query exactly `depth` fields deep, counted as the depth limit
 * counts: `{ viewer { __typename } }` is 2 deep.
 */
function queryOfDepth(depth: number): string {
  const cycle = ['followers(first: 1)', 'edges', 'node']; // small pages: under the cost limit
  const path = ['viewer', ...Array.from({ length: depth - 2 }, (_, i) => cycle[i % 3]!)];
  return `{ ${path.reduceRight((inner, field) => `${field} { ${inner} }`, '__typename')} }`;
}

const aliases = (n: number, field = 'viewer { id }') =>
  `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;

const NESTED_PAGES = (outer: number, inner: number) =>
  `{ people(first: ${outer}) { edges { node { followers(first: ${inner}) { edges { node { id } } } } } } }`;

/** The `__schema` fragment trick: some cost rules skip anything named like introspection. */
const SCHEMA_FRAGMENT_COST = `
  query { ...__schema }
  fragment __schema on Query { ${NESTED_PAGES(100, 100).slice(1, -1)} }`;
const SCHEMA_FRAGMENT_DEPTH = `
  query { ...__schema }
  fragment __schema on Query ${queryOfDepth(LIMITS.maxDepth + 1)}`;

function expectRejectedOverHttp(res: GraphQLResponse, message: RegExp) {
  expect(res.status).toBe(400);
  expect(res).not.toHaveProperty('data');
  expect(res.errors).toHaveLength(1);
  expect(res.errors![0]!.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  expect(res.errors![0]!.message).toMatch(message);
}

function expectRejectedOverWs(outcome: WsOutcome, message: RegExp) {
  expect(outcome.nexts).toEqual([]);
  expect(outcome.closeCode).toBeNull();
  expect(outcome.errors).toHaveLength(1);
  expect(outcome.errors![0]!.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  expect(outcome.errors![0]!.message).toMatch(message);
}

describe('over HTTP', () => {
  describe('row 1: depth', () => {
    it('accepts a query exactly at the depth limit', async () => {
      const res = await api.gql(queryOfDepth(LIMITS.maxDepth), {}, { token: member.token });
      expect(res.errors).toBeUndefined();
      expect(res.data?.viewer).toMatchObject({ followers: { edges: [] } });
    });

    it('rejects one level past the limit at validation, with no data and no SQL', async () => {
      api.resetSqlLog();
      const res = await api.gql(queryOfDepth(LIMITS.maxDepth + 1));
      expectRejectedOverHttp(res, /depth limit of 10 exceeded/i);
      expect(api.sql).toEqual([]);
    });

    it('with a token, runs at most the session lookup before rejecting (none once the session is cached)', async () => {
      api.resetSqlLog();
      const res = await api.gql(queryOfDepth(LIMITS.maxDepth + 1), {}, { token: member.token });
      expectRejectedOverHttp(res, /depth limit/i);
      expect(api.sql.length).toBeLessThanOrEqual(1);
      for (const statement of api.sql) expect(statement).toMatch(/from session/);
    });
  });

  describe('row 2: aliases and batching', () => {
    it('accepts 15 aliases and rejects 16', async () => {
      const ok = await api.gql(aliases(LIMITS.maxAliases));
      expect(ok.errors).toBeUndefined();
      expect(Object.keys(ok.data!)).toHaveLength(LIMITS.maxAliases);

      api.resetSqlLog();
      expectRejectedOverHttp(await api.gql(aliases(LIMITS.maxAliases + 1)), /aliases limit of 15 exceeded/i);
      expect(api.sql).toEqual([]);
    });

    it('rejects 16 aliased sign-ins before trying any password', async () => {
      const signIns = aliases(
        LIMITS.maxAliases + 1,
        `signIn(input: { email: "${member.email}", password: "guess" }) { token }`,
      ).replace(/^\{/, 'mutation {');
      api.resetSqlLog();
      expectRejectedOverHttp(await api.gql(signIns), /aliases limit/i);
      expect(api.sql).toEqual([]);
      // Nothing was counted against the account either: the right password still works.
      const res = await api.gql(`mutation ($input: SignInInput!) { signIn(input: $input) { token } }`, {
        input: { email: member.email, password: member.password },
      });
      expect(res.data?.signIn.token).toEqual(expect.any(String));
    });

    it('answers a JSON array body (batching) with 400 and runs none of it', async () => {
      const signUp = (handle: string) => ({
        query: `mutation ($input: SignUpInput!) { signUp(input: $input) { token } }`,
        variables: { input: { name: 'Batch', handle, email: `${handle}@example.test`, password: 'long enough pass' } },
      });
      const res = await fetch(api.httpUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([signUp('batch_one'), signUp('batch_two')]),
      });
      expect(res.status).toBe(400);
      const rows = await api.db(`select handle from person where handle like 'batch_%'`);
      expect(rows).toEqual([]);
    });
  });

  describe('row 3: page size and cost', () => {
    it('clamps `first: 99999999` to the largest page', async () => {
      const res = await api.gql(
        `{ people(first: 99999999) { edges { node { id } } pageInfo { hasNextPage } } }`,
        {},
        { token: member.token },
      );
      expect(res.errors).toBeUndefined();
      expect(res.data?.people.edges).toHaveLength(MAX_PAGE_SIZE);
      expect(res.data?.people.pageInfo.hasNextPage).toBe(true);
    });

    it('never returns more than a page, whatever `first` is; a negative `first` is BAD_USER_INPUT', async () => {
      const firsts = fc.oneof(
        fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
        fc.integer({ min: -3, max: DIRECTORY_SIZE + 3 }),
        fc.constantFrom(0, MAX_PAGE_SIZE - 1, MAX_PAGE_SIZE, MAX_PAGE_SIZE + 1, 99_999_999, 2 ** 31 - 1),
      );
      await fc.assert(
        fc.asyncProperty(firsts, async (first) => {
          const res = await api.gql(
            `query ($first: Int) { people(first: $first) { edges { node { id } } pageInfo { hasNextPage } } }`,
            { first },
            { token: member.token },
          );
          expect(res.status).toBeLessThan(500);
          if (first < 0) {
            expect(res.data).toBeNull();
            expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
            return;
          }
          expect(res.errors).toBeUndefined();
          const expected = Math.min(first, MAX_PAGE_SIZE, DIRECTORY_SIZE);
          expect(res.data!.people.edges).toHaveLength(expected);
          expect(res.data!.people.pageInfo.hasNextPage).toBe(expected < DIRECTORY_SIZE);
        }),
        { numRuns: 60 },
      );
    });

    it('multiplies cost by `first`: big nested pages are rejected before any query runs', async () => {
      const small = await api.gql(NESTED_PAGES(10, 10), {}, { token: member.token });
      expect(small.errors).toBeUndefined();
      expect(small.data?.people.edges).toHaveLength(10);

      for (const [outer, inner] of [
        [100, 100],
        [99_999_999, 99_999_999],
      ] as const) {
        api.resetSqlLog();
        expectRejectedOverHttp(await api.gql(NESTED_PAGES(outer, inner), {}, { token: member.token }), /costs \d+, more than the limit/);
        expect(api.sql).toEqual([]); // the session was cached by the small page: nothing at all
      }
    });

    it('takes `first` from variables when costing', async () => {
      api.resetSqlLog();
      const res = await api.gql(
        `query ($n: Int) { people(first: $n) { edges { node { followers(first: $n) { edges { node { id } } } } } } }`,
        { n: 100 },
      );
      expectRejectedOverHttp(res, /more than the limit/);
      expect(api.sql).toEqual([]);
    });

    it('regression: a fragment named `__schema` is still charged and still depth-limited', async () => {
      api.resetSqlLog();
      expectRejectedOverHttp(await api.gql(SCHEMA_FRAGMENT_COST), /more than the limit/);
      expectRejectedOverHttp(await api.gql(SCHEMA_FRAGMENT_DEPTH), /depth limit/);
      expect(api.sql).toEqual([]);
    });
  });
});

describe('row 4: the same limits over graphql-ws', () => {
  let client: Client;
  beforeAll(async () => {
    client = await connectedClient(api, { token: member.token });
  });
  afterAll(() => client?.dispose());

  it('accepts a query at the depth limit', async () => {
    const outcome = await run(client, queryOfDepth(LIMITS.maxDepth));
    expect(outcome.errors).toBeNull();
    expect(outcome.completed).toBe(true);
    expect(outcome.nexts).toHaveLength(1);
    expect(outcome.nexts[0]!.data).toMatchObject({ viewer: { followers: { edges: [] } } });
  });

  it('rejects one level past the depth limit with `error`, before any SQL', async () => {
    api.resetSqlLog();
    expectRejectedOverWs(await run(client, queryOfDepth(LIMITS.maxDepth + 1)), /depth limit of 10 exceeded/i);
    expect(api.sql).toEqual([]);
  });

  it('rejects 16 aliases with `error`', async () => {
    api.resetSqlLog();
    expectRejectedOverWs(await run(client, aliases(LIMITS.maxAliases + 1)), /aliases limit/i);
    expect(api.sql).toEqual([]);
    const ok = await run(client, aliases(LIMITS.maxAliases));
    expect(ok.errors).toBeNull();
    expect(Object.keys(ok.nexts[0]!.data as object)).toHaveLength(LIMITS.maxAliases);
  });

  it('rejects costly nested pages, and the `__schema` fragment trick, with `error`', async () => {
    api.resetSqlLog();
    expectRejectedOverWs(await run(client, NESTED_PAGES(100, 100)), /more than the limit/);
    expectRejectedOverWs(await run(client, NESTED_PAGES(99_999_999, 99_999_999)), /more than the limit/);
    expectRejectedOverWs(await run(client, SCHEMA_FRAGMENT_COST), /more than the limit/);
    expectRejectedOverWs(await run(client, SCHEMA_FRAGMENT_DEPTH), /depth limit/);
    expect(api.sql).toEqual([]);
  });

  it('clamps pages and refuses a negative `first`', async () => {
    const query = `query ($first: Int) { people(first: $first) { edges { node { id } } } }`;
    for (const first of [MAX_PAGE_SIZE + 1, 99_999_999, 2 ** 31 - 1]) {
      const outcome = await run(client, query, { first });
      expect(outcome.errors).toBeNull();
      expect((outcome.nexts[0]!.data as any).people.edges).toHaveLength(MAX_PAGE_SIZE);
    }
    const negative = await run(client, query, { first: -1 });
    expect(negative.nexts).toHaveLength(1);
    expect(negative.nexts[0]!.data).toBeNull();
    expect(negative.nexts[0]!.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });

  it('answers a syntax error with GRAPHQL_PARSE_FAILED, as HTTP does (with a 400)', async () => {
    const http = await api.gql('{ viewer { id ');
    expect(http.status).toBe(400);
    expect(http.errors?.map((e) => e.extensions?.code)).toEqual(['GRAPHQL_PARSE_FAILED']);
    const outcome = await run(client, '{ viewer { id ');
    expect(outcome.nexts).toEqual([]);
    expect(outcome.errors?.map((e) => e.extensions?.code)).toEqual(['GRAPHQL_PARSE_FAILED']);
  });

  it('refuses a document of too many tokens, before validating it, on both transports', async () => {
    const huge = `{ ${Array.from({ length: LIMITS.maxTokens }, () => '__typename').join(' ')} }`;
    const http = await api.gql(huge);
    expect(http.status).toBe(400);
    expect(http.errors?.[0]?.message).toMatch(/more tha[nt] 2000 tokens/);
    const outcome = await run(client, huge);
    expect(outcome.nexts).toEqual([]);
    expect(outcome.errors?.[0]?.message).toMatch(/more tha[nt] 2000 tokens/);
    expect(http.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(outcome.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  });
});
