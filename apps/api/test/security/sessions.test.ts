import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/test-api.js';
import { newPerson } from '../support/factories.js';

/**
 * Sessions and passwords (RELIABILITY rows 20 and 21) and the sign-in rate
 * limit: what a leaked database or a password-guessing client gets.
 */

const SIGN_UP = `mutation ($input: SignUpInput!) { signUp(input: $input) { token person { handle } } }`;
const SIGN_IN = `mutation ($input: SignInInput!) { signIn(input: $input) { token person { handle } } }`;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const codeOf = (res: { errors?: { extensions?: { code?: string } }[] }) => res.errors?.[0]?.extensions?.code;

/** The Set-Cookie header for the session cookie, split into its attributes. */
function sessionCookie(headers: Headers): { value: string; attributes: Map<string, string> } {
  const header = headers.getSetCookie().find((c) => c.startsWith('ripple_session='));
  expect(header, 'a ripple_session cookie is set').toBeDefined();
  const [pair, ...rest] = header!.split(';').map((s) => s.trim());
  const attributes = new Map(
    rest.map((a) => {
      const [k, ...v] = a.split('=');
      return [k!.toLowerCase(), v.join('=')] as [string, string];
    }),
  );
  return { value: decodeURIComponent(pair!.slice('ripple_session='.length)), attributes };
}

/** Every row of every table in the app's schema, as text. */
async function wholeDatabaseAsText(api: TestApi): Promise<string> {
  const tables = await api.db<{ name: string }>(
    `select quote_ident(table_name) as name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE'`,
  );
  expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['person', 'session', 'event']));
  const dumps = await Promise.all(
    tables.map(async ({ name }) => {
      const [row] = await api.db<{ dump: string | null }>(`select string_agg(t::text, E'\\n') as dump from ${name} t`);
      return row!.dump ?? '';
    }),
  );
  return dumps.join('\n');
}

describe('row 20: sessions', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api?.close());

  it('stores only the SHA-256 of a token that carries at least 20 random bytes', async () => {
    const tokens: string[] = [];
    for (const handle of ['leak_one', 'leak_two']) {
      const res = await api.gql(SIGN_UP, {
        input: { name: 'Leak', handle, email: `${handle}@example.test`, password: 'a long password' },
      });
      tokens.push(res.data!.signUp.token);
    }
    const signedIn = await api.gql(SIGN_IN, { input: { email: 'leak_one@example.test', password: 'a long password' } });
    tokens.push(signedIn.data!.signIn.token);

    expect(new Set(tokens).size).toBe(tokens.length);
    for (const token of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(20);
    }

    for (const token of tokens) {
      const stored = await api.db(`select 1 from session where token_hash = ?`, [sha256(token)]);
      expect(stored).toHaveLength(1);
    }
    const everything = await wholeDatabaseAsText(api);
    for (const token of tokens) {
      expect(everything).not.toContain(token);
      expect(everything).not.toContain(Buffer.from(token, 'base64url').toString('hex'));
    }
    expect(everything).not.toContain('a long password');
  });

  it('sets an HttpOnly, SameSite=Lax, Path=/ cookie holding the token, not Secure on plain HTTP', async () => {
    expect(api.config.COOKIE_SECURE).toBe(false);
    const res = await api.gql(SIGN_UP, {
      input: { name: 'Cookie', handle: 'cookie_monster', email: 'cookie@example.test', password: 'a long password' },
    });
    const cookie = sessionCookie(res.headers);
    expect(cookie.value).toBe(res.data!.signUp.token);
    expect(cookie.attributes.has('httponly')).toBe(true);
    expect(cookie.attributes.get('samesite')?.toLowerCase()).toBe('lax');
    expect(cookie.attributes.get('path')).toBe('/');
    expect(cookie.attributes.has('secure')).toBe(false);
    expect(new Date(cookie.attributes.get('expires')!).getTime()).toBeGreaterThan(Date.now() + 86_400_000);
    // The cookie alone is a session, as the web app uses it.
    const me = await api.gql(`{ viewer { handle } }`, {}, { headers: { cookie: `ripple_session=${cookie.value}` } });
    expect(me.data?.viewer.handle).toBe('cookie_monster');
  });

  it('signOut ends the session: the same token is then refused everywhere', async () => {
    const person = await newPerson(api);
    const other = await api.gql(SIGN_IN, { input: { email: person.email, password: person.password } });
    const otherToken = other.data!.signIn.token as string;

    const out = await api.gql(`mutation { signOut }`, {}, { token: person.token });
    expect(out.data?.signOut).toBe(true);
    const cleared = sessionCookie(out.headers);
    expect(cleared.value).toBe('');
    expect(new Date(cleared.attributes.get('expires')!).getTime()).toBeLessThanOrEqual(Date.now());

    const people = await api.gql(`{ people { edges { node { id } } } }`, {}, { token: person.token });
    expect(codeOf(people)).toBe('UNAUTHENTICATED');
    expect(people.data).toBeNull();
    const viewer = await api.gql(`{ viewer { id } }`, {}, { token: person.token });
    expect(viewer.data?.viewer).toBeNull();
    const byCookie = await api.gql(`{ viewer { id } }`, {}, { headers: { cookie: `ripple_session=${person.token}` } });
    expect(byCookie.data?.viewer).toBeNull();
    expect(codeOf(await api.gql(`mutation { signOut }`, {}, { token: person.token }))).toBe('UNAUTHENTICATED');
    const [{ n }] = await api.db<{ n: number }>(`select count(*)::int as n from session where token_hash = ?`, [sha256(person.token)]);
    expect(n).toBe(0);

    // Only that session ended: the person's other sign-in still works.
    const still = await api.gql(`{ viewer { handle } }`, {}, { token: otherToken });
    expect(still.data?.viewer.handle).toBe(person.handle);
  });

  it('refuses an expired session', async () => {
    const person = await newPerson(api);
    await api.db(`update session set expires_at = now() - interval '1 second' where token_hash = ?`, [sha256(person.token)]);
    const viewer = await api.gql(`{ viewer { id } }`, {}, { token: person.token });
    expect(viewer.data?.viewer).toBeNull();
    expect(codeOf(await api.gql(`{ people { edges { node { id } } } }`, {}, { token: person.token }))).toBe('UNAUTHENTICATED');
  });

  it('marks the cookie Secure when COOKIE_SECURE is set', async () => {
    const secure = await startTestApi({ COOKIE_SECURE: 'true' });
    try {
      const res = await secure.gql(SIGN_UP, {
        input: { name: 'Secure', handle: 'secure_one', email: 'secure@example.test', password: 'a long password' },
      });
      const cookie = sessionCookie(res.headers);
      expect(cookie.attributes.has('secure')).toBe(true);
      expect(cookie.attributes.has('httponly')).toBe(true);
      expect(cookie.attributes.get('samesite')?.toLowerCase()).toBe('lax');
    } finally {
      await secure.close();
    }
  });

  describe('row 21: passwords', () => {
    it('stores Argon2id with m=19456 KiB, t=2, p=1 and a salt of its own', async () => {
      const a = await newPerson(api, { password: 'the same password' });
      const b = await newPerson(api, { password: 'the same password' });
      const rows = await api.db<{ handle: string; password_hash: string }>(
        `select handle, password_hash from person where handle in (?, ?)`,
        [a.handle, b.handle],
      );
      expect(rows).toHaveLength(2);
      const parsed = rows.map(({ password_hash }) => {
        // PHC string format: $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>
        const match = /^\$(argon2(?:id|i|d))\$v=(\d+)\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/.exec(password_hash);
        expect(match, password_hash).not.toBeNull();
        const [, algorithm, version, m, t, p, salt, hash] = match!;
        return { algorithm, version: Number(version), m: Number(m), t: Number(t), p: Number(p), salt: salt!, hash: hash! };
      });
      for (const h of parsed) {
        expect(h).toMatchObject({ algorithm: 'argon2id', version: 19, m: 19_456, t: 2, p: 1 });
        expect(Buffer.from(h.salt, 'base64').length).toBeGreaterThanOrEqual(16);
        expect(Buffer.from(h.hash, 'base64').length).toBeGreaterThanOrEqual(32);
      }
      expect(parsed[0]!.salt).not.toBe(parsed[1]!.salt);
      expect(parsed[0]!.hash).not.toBe(parsed[1]!.hash);
    });
  });
});

describe('sign-in rate limiting', () => {
  const ATTEMPTS = 3;

  async function signIn(api: TestApi, email: string, password: string, address?: string) {
    return api.gql(SIGN_IN, { input: { email, password } }, { headers: address ? { 'x-forwarded-for': address } : {} });
  }

  describe('behind one trusted proxy (client addresses from X-Forwarded-For)', () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startTestApi({ SIGN_IN_ATTEMPTS: String(ATTEMPTS), SIGN_IN_ADDRESS_ATTEMPTS: '5', TRUST_PROXY: '1' });
    });
    afterAll(() => api?.close());

    it(`refuses even the right password from an address after ${ATTEMPTS} failures there for that email`, async () => {
      const victim = await newPerson(api);
      const attacker = '203.0.113.7';
      for (let i = 0; i < ATTEMPTS; i++) {
        expect(codeOf(await signIn(api, victim.email, `guess ${i}`, attacker))).toBe('UNAUTHENTICATED');
      }
      const limited = await signIn(api, victim.email, victim.password, attacker);
      expect(codeOf(limited)).toBe('RATE_LIMITED');
      expect(limited.data).toBeNull();
      expect(limited.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(0);
      expect(limited.headers.getSetCookie()).toEqual([]);

      // The owner, elsewhere, is not locked out by the stranger's failures.
      const owner = await signIn(api, victim.email, victim.password, '198.51.100.20');
      expect(owner.errors).toBeUndefined();
      expect(owner.data?.signIn.person.handle).toBe(victim.handle);
    });

    it('limits an address across emails (credential stuffing), counting a wrong email like a wrong password', async () => {
      const address = '203.0.113.99';
      for (let i = 0; i < 5; i++) {
        expect(codeOf(await signIn(api, `nobody${i}@example.test`, 'whatever', address))).toBe('UNAUTHENTICATED');
      }
      const person = await newPerson(api);
      expect(codeOf(await signIn(api, person.email, person.password, address))).toBe('RATE_LIMITED');
      // A different address is unaffected.
      const fine = await signIn(api, person.email, person.password, '198.51.100.21');
      expect(fine.data?.signIn.person.handle).toBe(person.handle);
    });
  });

  describe('with no trusted proxy', () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startTestApi({ SIGN_IN_ADDRESS_ATTEMPTS: String(ATTEMPTS) });
    });
    afterAll(() => api?.close());

    it('ignores a forged X-Forwarded-For: the real address is what gets limited', async () => {
      expect(api.config.TRUST_PROXY).toBe(0);
      const person = await newPerson(api);
      for (let i = 0; i < ATTEMPTS; i++) {
        // A new email and a new "address" each time: only the real address links them.
        const res = await signIn(api, `stranger${i}@example.test`, 'whatever', `192.0.2.${i + 1}`);
        expect(codeOf(res)).toBe('UNAUTHENTICATED');
      }
      const res = await signIn(api, person.email, person.password, '192.0.2.200');
      expect(codeOf(res)).toBe('RATE_LIMITED');
    });
  });
});
