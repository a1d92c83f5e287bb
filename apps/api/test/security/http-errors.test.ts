import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/test-api.js';
import { newPerson } from '../support/factories.js';

/**
 * What the HTTP server answers outside GraphQL itself. Regressions: a body
 * Express could not read (malformed, oversized, wrongly encoded) got
 * Express's HTML page, with a stack trace and node_modules paths outside
 * production; so did unknown routes and methods; a subscription sent over
 * HTTP failed as INTERNAL_SERVER_ERROR (logging a stack each time).
 */

const SIGN_IN = JSON.stringify({
  query: `mutation ($input: SignInInput!) { signIn(input: $input) { token } }`,
  variables: { input: { email: 'someone@example.test', password: 'a password' } },
});

const BODIES: { name: string; status: number; code: string; headers?: Record<string, string>; body: BodyInit }[] = [
  { name: 'malformed JSON', status: 400, code: 'BAD_REQUEST', body: `${SIGN_IN.slice(0, -1)},,}` },
  { name: 'JSON that is not an object', status: 400, code: 'BAD_REQUEST', body: '"just a string"' },
  { name: 'an oversized body', status: 413, code: 'PAYLOAD_TOO_LARGE', body: JSON.stringify({ query: '{ __typename }', pad: 'x'.repeat(150_000) }) },
  { name: 'a charset other than UTF-8', status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', headers: { 'content-type': 'application/json; charset=latin1' }, body: SIGN_IN },
  { name: 'an unsupported content-encoding', status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', headers: { 'content-encoding': 'x-unknown' }, body: SIGN_IN },
  { name: 'a broken gzip body', status: 400, code: 'BAD_REQUEST', headers: { 'content-encoding': 'gzip' }, body: new Uint8Array(gzipSync(SIGN_IN).subarray(0, 20)) },
];

/** The whole answer must be a GraphQL-style error, and nothing from inside the server. */
async function expectJsonError(response: Response, status: number, code: string) {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(text).not.toMatch(/<html|<pre|node_modules|\n\s+at |\.js:\d+|stack/i);
  const body = JSON.parse(text);
  expect(body).toEqual({ errors: [{ message: expect.any(String), extensions: { code } }] });
  return body.errors[0].message as string;
}

describe.each([
  ['development', {}],
  ['production', { NODE_ENV: 'production', DATABASE_URL: 'postgres://unused@127.0.0.1/x' }],
])('in %s mode', (_mode, env) => {
  let api: TestApi;
  let origin: string;
  beforeAll(async () => {
    api = await startTestApi(env);
    origin = new URL(api.httpUrl).origin;
  });
  afterAll(() => api?.close());

  describe('a body the server cannot read is a JSON error, not an HTML page', () => {
    it.each(BODIES)('$name → $status $code', async ({ status, code, headers, body }) => {
      const response = await fetch(api.httpUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
      const message = await expectJsonError(response, status, code);
      // The parser's own message quotes the body; ours does not.
      expect(message).not.toContain('a password');
      expect(message).not.toContain('someone@example.test');
    });

    it('leaves the server answering normally afterwards', async () => {
      const res = await api.gql(`{ __typename }`);
      expect(res.data).toEqual({ __typename: 'Query' });
    });
  });

  describe('unknown routes and methods are JSON', () => {
    it.each([
      ['GET', '/'],
      ['GET', '/nope'],
      ['POST', '/admin'],
      ['GET', '/graphql.php'],
      ['DELETE', '/users/1'],
    ])('%s %s → 404 NOT_FOUND', async (method, path) => {
      await expectJsonError(await fetch(`${origin}${path}`, { method }), 404, 'NOT_FOUND');
    });

    it.each([
      ['DELETE', '/healthz'],
      ['POST', '/readyz'],
    ])('%s %s → 405 METHOD_NOT_ALLOWED, naming the allowed methods', async (method, path) => {
      const response = await fetch(`${origin}${path}`, { method });
      expect(response.headers.get('allow')).toBe('GET, HEAD');
      await expectJsonError(response, 405, 'METHOD_NOT_ALLOWED');
    });

    it('PUT /graphql → 405 JSON', async () => {
      const response = await fetch(api.httpUrl, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(response.status).toBe(405);
      expect(await response.json()).toEqual({ errors: [{ message: expect.any(String), extensions: { code: 'BAD_REQUEST' } }] });
    });

    it('still serves the health endpoints, with nosniff like every answer', async () => {
      for (const path of ['/healthz', '/readyz']) {
        const response = await fetch(`${origin}${path}`);
        expect(response.status).toBe(200);
        expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      }
      const graphql = await api.gql(`{ __typename }`);
      expect(graphql.headers.get('x-content-type-options')).toBe('nosniff');
      expect((await fetch(`${origin}/healthz`, { method: 'HEAD' })).status).toBe(200);
    });
  });

  describe('a subscription over HTTP', () => {
    it('is refused with BAD_REQUEST naming the WebSocket endpoint, before anything runs', async () => {
      const member = await newPerson(api);
      for (const query of [
        `subscription { feedEvents { id } }`,
        `subscription { notificationAdded { id } }`,
        `subscription Named { introductionUpdates { kind } }`,
      ]) {
        api.resetSqlLog();
        const res = await api.gql(query, {}, { token: member.token });
        expect(res.status).toBe(400);
        expect(res).not.toHaveProperty('data');
        expect(res.errors).toEqual([
          { message: 'Subscriptions are served over WebSocket at /graphql (graphql-transport-ws).', extensions: { code: 'BAD_REQUEST' } },
        ]);
        expect(api.sql.filter((q) => !/from session/.test(q))).toEqual([]);
      }
    });
  });
});
