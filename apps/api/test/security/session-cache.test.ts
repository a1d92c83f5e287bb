import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestApi, type TestApi } from '../support/test-api.js';
import { newPerson, type TestPerson } from '../support/factories.js';
import { SessionCache } from '../../src/auth/session-cache.js';
import { eventually } from './support/ws.js';

/**
 * Sessions are cached briefly per instance (issue 9): a signed-in request
 * reads no session row while its session is remembered. What must not
 * change: a signed-out session stops at once on this instance and promptly
 * on every other (the ended id travels over the event bus), a password
 * change ends the other sessions alike, and expiry is honoured. The cache
 * here lives for 5 minutes, so nothing below passes by the cache simply
 * forgetting.
 */

const LONG_CACHE = { SESSION_CACHE_SECONDS: '300' };
const SIGN_IN = `mutation ($input: SignInInput!) { signIn(input: $input) { token } }`;
const CHANGE = `mutation ($input: ChangePasswordInput!) { changePassword(input: $input) { otherSessionsEnded } }`;
const codeOf = (res: { errors?: { extensions?: { code?: string } }[] }) => res.errors?.[0]?.extensions?.code;

let a: TestApi;
let b: TestApi;
beforeAll(async () => {
  a = await startTestApi(LONG_CACHE);
  b = await startTestApi(LONG_CACHE, { databaseUrl: a.databaseUrl }); // a second instance on the same database
});
afterAll(async () => {
  await b?.close();
  await a?.close();
});

const viewerId = async (api: TestApi, token: string) => (await api.gql(`{ viewer { id } }`, {}, { token })).data?.viewer?.id ?? null;

/** Uses the token once on `api`, then checks that the next use is answered from its cache (no SQL). */
async function warm(api: TestApi, person: TestPerson, token = person.token) {
  expect(await viewerId(api, token)).toBe(person.id);
  api.resetSqlLog();
  expect(await viewerId(api, token)).toBe(person.id);
  expect(api.sql).toEqual([]);
}

async function signInAgain(api: TestApi, person: TestPerson): Promise<string> {
  const res = await api.gql(SIGN_IN, { input: { email: person.email, password: person.password } });
  return res.data!.signIn.token as string;
}

describe('a cached session that signs out', () => {
  it('is refused on this instance by the very next request, by token and by cookie', async () => {
    const person = await newPerson(a);
    await warm(a, person);
    expect((await a.gql(`mutation { signOut }`, {}, { token: person.token })).data?.signOut).toBe(true);

    expect(await viewerId(a, person.token)).toBeNull();
    const byCookie = await a.gql(`{ viewer { id } }`, {}, { headers: { cookie: `ripple_session=${person.token}` } });
    expect(byCookie.data?.viewer).toBeNull();
    expect(codeOf(await a.gql(`{ people { edges { node { id } } } }`, {}, { token: person.token }))).toBe('UNAUTHENTICATED');
  });

  it('is refused on another instance that had it cached, once the bus brings the news', async () => {
    const person = await newPerson(a);
    await warm(b, person);
    expect((await a.gql(`mutation { signOut }`, {}, { token: person.token })).data?.signOut).toBe(true);
    // B's cache would keep the session for 5 minutes; only the event bus can end it there.
    await eventually(async () => (await viewerId(b, person.token)) === null);
    expect(codeOf(await b.gql(`{ people { edges { node { id } } } }`, {}, { token: person.token }))).toBe('UNAUTHENTICATED');
  });

  it('leaves the same person’s other sessions alone', async () => {
    const person = await newPerson(a);
    const other = await signInAgain(a, person);
    await warm(a, person);
    await warm(a, person, other);
    await a.gql(`mutation { signOut }`, {}, { token: person.token });
    expect(await viewerId(a, person.token)).toBeNull();
    expect(await viewerId(a, other)).toBe(person.id);
  });
});

describe('a password change', () => {
  it('ends the other cached sessions here at once and on the other instance promptly; this one goes on', async () => {
    const person = await newPerson(a);
    const laptop = await signInAgain(a, person);
    const phone = await signInAgain(a, person);
    await warm(a, person);
    await warm(a, person, laptop);
    await warm(b, person, phone);

    const res = await a.gql(CHANGE, { input: { currentPassword: person.password, newPassword: 'a brand new password' } }, { token: person.token });
    expect(res.data?.changePassword.otherSessionsEnded).toBe(2);

    expect(await viewerId(a, laptop)).toBeNull();
    await eventually(async () => (await viewerId(b, phone)) === null);
    expect(await viewerId(a, person.token)).toBe(person.id);
    expect(await viewerId(b, person.token)).toBe(person.id);
  });
});

describe('the session cache itself', () => {
  it('never answers for a session past its expiry', () => {
    const cache = new SessionCache({ ttlSeconds: 300, max: 10, hasEnded: () => false });
    const now = Date.now();
    cache.remember('soon', { sessionId: '1', personId: '7', expiresAt: now + 60_000 });
    cache.remember('gone', { sessionId: '2', personId: '7', expiresAt: now - 1 });
    expect(cache.recall('soon')?.personId).toBe('7');
    expect(cache.recall('gone')).toBeUndefined();
    const clock = vi.spyOn(Date, 'now').mockReturnValue(now + 60_001);
    try {
      expect(cache.recall('soon')).toBeUndefined();
    } finally {
      clock.mockRestore();
    }
  });

  it('asks whether a session ended on every use, and keeps no more than its size', () => {
    const ended = new Set<string>();
    const cache = new SessionCache({ ttlSeconds: 300, max: 2, hasEnded: (id) => ended.has(id) });
    const expiresAt = Date.now() + 60_000;
    cache.remember('x', { sessionId: '1', personId: '7', expiresAt });
    expect(cache.recall('x')).toBeDefined();
    ended.add('1');
    expect(cache.recall('x')).toBeUndefined();
    for (const key of ['p', 'q', 'r']) cache.remember(key, { sessionId: key, personId: '8', expiresAt });
    expect(cache.size).toBe(2);
    expect(cache.recall('p')).toBeUndefined();
  });

  it('does not take back a session that ended here while a lookup of it was under way', () => {
    const cache = new SessionCache({ ttlSeconds: 300, max: 10, hasEnded: () => false });
    cache.forgetSessions(['5']);
    cache.remember('late', { sessionId: '5', personId: '7', expiresAt: Date.now() + 60_000 });
    expect(cache.recall('late')).toBeUndefined();
  });
});
