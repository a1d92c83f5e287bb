import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/test-api.js';
import { newPerson, type TestPerson } from '../support/factories.js';

/**
 * RELIABILITY row 7: a page on another site cannot make a signed-in
 * browser run operations (Apollo's CSRF prevention and CORS), while the web
 * app's own requests (JSON POSTs, from its origin, with the cookie) work.
 */

const WEB_ORIGIN = 'http://localhost:3000';
const FOREIGN_ORIGIN = 'https://evil.example';
const SIGN_UP = `mutation ($input: SignUpInput!) { signUp(input: $input) { token } }`;

let api: TestApi;
let member: TestPerson;

beforeAll(async () => {
  api = await startTestApi();
  member = await newPerson(api);
});
afterAll(() => api?.close());

const signUpBody = (handle: string) =>
  JSON.stringify({
    query: SIGN_UP,
    variables: { input: { name: 'Forged', handle, email: `${handle}@example.test`, password: 'long enough pass' } },
  });

async function stored(handle: string): Promise<boolean> {
  return (await api.db(`select 1 from person where handle = ?`, [handle])).length > 0;
}

describe('row 7: CSRF', () => {
  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])(
    'refuses a %s POST without a preflight header, and runs nothing',
    async (contentType) => {
      const handle = `csrf_${contentType.replace(/\W+/g, '_').slice(0, 20)}`;
      const res = await fetch(api.httpUrl, {
        method: 'POST',
        headers: { 'content-type': contentType, origin: FOREIGN_ORIGIN, cookie: `ripple_session=${member.token}` },
        body: signUpBody(handle),
      });
      expect(res.status).toBe(400);
      expect(await res.text()).toMatch(/Cross-Site Request Forgery/);
      expect(await stored(handle)).toBe(false);
    },
  );

  it('refuses a simple GET (no preflight header) with 400', async () => {
    const url = `${api.httpUrl}?query=${encodeURIComponent('{ viewer { handle } }')}`;
    const res = await fetch(url, { headers: { cookie: `ripple_session=${member.token}` } });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body).not.toHaveProperty('data');
  });

  it('never runs a mutation from a GET, even with the preflight header', async () => {
    const query = `mutation { signOut }`;
    const res = await fetch(`${api.httpUrl}?query=${encodeURIComponent(query)}`, {
      headers: { authorization: `Bearer ${member.token}`, 'apollo-require-preflight': 'true' },
    });
    expect(res.status).toBe(405);
    const me = await api.gql(`{ viewer { handle } }`, {}, { token: member.token });
    expect(me.data?.viewer.handle).toBe(member.handle);
  });

  it('answers a JSON POST from the web app with its cookie', async () => {
    const res = await fetch(api.httpUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: WEB_ORIGIN, cookie: `ripple_session=${member.token}` },
      body: JSON.stringify({ query: '{ viewer { handle } }' }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { viewer: { handle: member.handle } } });
    expect(res.headers.get('access-control-allow-origin')).toBe(WEB_ORIGIN);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
  });
});

describe('CORS', () => {
  const preflight = (origin: string) =>
    fetch(api.httpUrl, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });

  it('lets the web origin send credentialed JSON', async () => {
    const res = await preflight(WEB_ORIGIN);
    expect(res.status).toBeLessThan(300);
    expect(res.headers.get('access-control-allow-origin')).toBe(WEB_ORIGIN);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('access-control-allow-methods') ?? '').toMatch(/POST/);
  });

  it('gives a foreign origin no permission to send JSON or to read answers', async () => {
    const res = await preflight(FOREIGN_ORIGIN);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const post = await fetch(api.httpUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: FOREIGN_ORIGIN },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    // Without Access-Control-Allow-Origin a browser keeps the answer from the page.
    expect(post.headers.get('access-control-allow-origin')).toBeNull();
  });
});
