import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/test-api.js';
import { newPerson } from '../support/factories.js';

/**
 * RELIABILITY row 24, concurrent password guessing, over real HTTP: the
 * sign-in budget is taken before the hash is checked, and a stranger's
 * failures never lock the owner out. Client addresses come from
 * X-Forwarded-For behind one trusted proxy (TRUST_PROXY=1).
 */

const SIGN_IN = `mutation ($input: SignInInput!) { signIn(input: $input) { token person { handle } } }`;
const codeOf = (res: { errors?: { extensions?: { code?: string } }[] }) => res.errors?.[0]?.extensions?.code;

function signIn(api: TestApi, email: string, password: string, address: string) {
  return api.gql(SIGN_IN, { input: { email, password } }, { headers: { 'x-forwarded-for': address } });
}

describe('row 24: concurrent password guessing', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ TRUST_PROXY: '1', SIGN_IN_ATTEMPTS: '10', SIGN_IN_ACCOUNT_ATTEMPTS: '20' });
  });
  afterAll(() => api?.close());

  it('30 simultaneous wrong passwords for one email from one address: at most the limit (10) are checked', async () => {
    const victim = await newPerson(api);
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => signIn(api, victim.email, `guess number ${i}`, '203.0.113.30')),
    );
    const codes = answers.map(codeOf);
    expect(codes.filter((c) => c !== 'RATE_LIMITED')).toEqual(Array(10).fill('UNAUTHENTICATED'));
    for (const limited of answers.filter((a) => codeOf(a) === 'RATE_LIMITED')) {
      expect(limited.data).toBeNull();
      expect(limited.errors![0]!.extensions!.retryAfterSeconds).toBeGreaterThan(0);
      expect(limited.errors![0]!.extensions!.retryAfterSeconds).toBeLessThanOrEqual(api.config.SIGN_IN_WINDOW_SECONDS);
    }
    // The right password from that address is refused too: the pair is out of attempts.
    expect(codeOf(await signIn(api, victim.email, victim.password, '203.0.113.30'))).toBe('RATE_LIMITED');
  });

  it("after a stranger's 10 failures from one address, the owner signs in from another address", async () => {
    const owner = await newPerson(api);
    const stranger = '203.0.113.66';
    for (let i = 0; i < 10; i++) {
      expect(codeOf(await signIn(api, owner.email, `stranger guess ${i}`, stranger))).toBe('UNAUTHENTICATED');
    }
    expect(codeOf(await signIn(api, owner.email, `stranger guess 10`, stranger))).toBe('RATE_LIMITED');

    const signedIn = await signIn(api, owner.email, owner.password, '198.51.100.5');
    expect(signedIn.errors).toBeUndefined();
    expect(signedIn.data?.signIn.person.handle).toBe(owner.handle);
  });

  it("a success resets that address's attempts for the account", async () => {
    const person = await newPerson(api);
    const address = '198.51.100.77';
    for (let i = 0; i < 9; i++) expect(codeOf(await signIn(api, person.email, `typo ${i}`, address))).toBe('UNAUTHENTICATED');
    expect((await signIn(api, person.email, person.password, address)).data?.signIn.person.handle).toBe(person.handle);
    // Without the reset, the 10th and 11th here would be refused.
    for (let i = 0; i < 9; i++) expect(codeOf(await signIn(api, person.email, `typo again ${i}`, address))).toBe('UNAUTHENTICATED');
    expect((await signIn(api, person.email, person.password, address)).data?.signIn.person.handle).toBe(person.handle);
  });
});

describe('row 24: a guesser spread over many addresses', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({
      TRUST_PROXY: '1',
      SIGN_IN_ATTEMPTS: '2',
      SIGN_IN_ACCOUNT_ATTEMPTS: '3',
      // Long enough that no test run is ever slow enough to see it end.
      SIGN_IN_ACCOUNT_DELAY_SECONDS: '600',
      SIGN_IN_ACCOUNT_MAX_DELAY_SECONDS: '3600',
    });
  });
  afterAll(() => api?.close());

  it('past the account budget, each attempt from a new address waits; the owner at a known address does not', async () => {
    const owner = await newPerson(api);
    const home = '198.51.100.1';
    expect((await signIn(api, owner.email, owner.password, home)).data?.signIn.person.handle).toBe(owner.handle);

    // Three failures from three addresses use the account's free attempts; the fourth is let through and starts the wait.
    for (let i = 1; i <= 4; i++) {
      expect(codeOf(await signIn(api, owner.email, `botnet guess ${i}`, `203.0.113.${i}`))).toBe('UNAUTHENTICATED');
    }
    // Every address not yet known to the account now waits, even with the right password, all at once.
    const waiting = await Promise.all(
      Array.from({ length: 5 }, (_, i) => signIn(api, owner.email, i === 0 ? owner.password : `botnet ${i}`, `203.0.113.${10 + i}`)),
    );
    for (const res of waiting) {
      expect(codeOf(res)).toBe('RATE_LIMITED');
      expect(res.errors![0]!.extensions!.retryAfterSeconds).toBeGreaterThan(0);
      expect(res.errors![0]!.extensions!.retryAfterSeconds).toBeLessThanOrEqual(600);
    }
    // The owner at home is never slowed down by anyone.
    const signedIn = await signIn(api, owner.email, owner.password, home);
    expect(signedIn.errors).toBeUndefined();
    expect(signedIn.data?.signIn.person.handle).toBe(owner.handle);
  });
});

describe('row 24: two API servers on one database with RATE_LIMIT_STORE=postgres', () => {
  const env = { TRUST_PROXY: '1', RATE_LIMIT_STORE: 'postgres', SIGN_IN_ATTEMPTS: '4', SIGN_IN_ACCOUNT_ATTEMPTS: '100' };
  let one: TestApi;
  let two: TestApi;
  beforeAll(async () => {
    one = await startTestApi(env);
    two = await startTestApi(env, { databaseUrl: one.databaseUrl });
  });
  afterAll(async () => {
    await two?.close();
    await one?.close();
  });

  it('share one budget: 30 simultaneous guesses split over both get at most 4 checks', async () => {
    const victim = await newPerson(one);
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => signIn(i % 2 ? two : one, victim.email, `shared guess ${i}`, '203.0.113.200')),
    );
    expect(answers.map(codeOf).filter((c) => c !== 'RATE_LIMITED')).toEqual(Array(4).fill('UNAUTHENTICATED'));
    // Either server refuses the pair now; the owner elsewhere still signs in through the other.
    expect(codeOf(await signIn(one, victim.email, victim.password, '203.0.113.200'))).toBe('RATE_LIMITED');
    expect(codeOf(await signIn(two, victim.email, victim.password, '203.0.113.200'))).toBe('RATE_LIMITED');
    expect((await signIn(two, victim.email, victim.password, '198.51.100.9')).data?.signIn.person.handle).toBe(victim.handle);
  });

  it('stores budgets under hashed keys: no email or address in the table', async () => {
    const rows = await one.db<{ key: string }>(`select key from rate_limit`);
    expect(rows.length).toBeGreaterThan(0);
    const keys = rows.map((r) => r.key).join('\n');
    expect(keys).not.toMatch(/@|203\.0\.113|198\.51\.100/);
  });
});
