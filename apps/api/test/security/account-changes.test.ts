import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/test-api.js';
import { newPerson, type TestPerson } from '../support/factories.js';

/**
 * Changing the email or the password needs the current password, and
 * guessing it through these mutations is budgeted exactly like sign-in
 * (a stolen session must not become a stolen account).
 */

const SIGN_IN = `mutation ($input: SignInInput!) { signIn(input: $input) { token person { handle } } }`;
const UPDATE = `mutation ($input: UpdateProfileInput!) { updateProfile(input: $input) { handle contact { email } } }`;
const CHANGE = `mutation ($input: ChangePasswordInput!) { changePassword(input: $input) { otherSessionsEnded } }`;
const codeOf = (res: { errors?: { extensions?: { code?: string } }[] }) => res.errors?.[0]?.extensions?.code;
const fieldsOf = (res: { errors?: { extensions?: Record<string, unknown> }[] }) =>
  ((res.errors?.[0]?.extensions?.fields ?? []) as { field: string }[]).map((f) => f.field);
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const ADDRESS = '198.51.100.40';
const from = (person: TestPerson, address = ADDRESS) => ({ token: person.token, headers: { 'x-forwarded-for': address } });

describe('changing the email', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ TRUST_PROXY: '1', SIGN_IN_ATTEMPTS: '3', SIGN_IN_ACCOUNT_ATTEMPTS: '100' });
  });
  afterAll(() => api?.close());

  const storedEmail = async (person: TestPerson) =>
    (await api.db<{ email: string }>(`select email from person where handle = ?`, [person.handle]))[0]!.email;

  it('is refused without the current password, or with a wrong one, changing nothing', async () => {
    const person = await newPerson(api);
    const without = await api.gql(UPDATE, { input: { email: 'taken.over@example.test', headline: 'Hacked' } }, from(person));
    expect(codeOf(without)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(without)).toEqual(['currentPassword']);
    expect(without.data).toBeNull();

    const wrong = await api.gql(
      UPDATE,
      { input: { email: 'taken.over@example.test', headline: 'Hacked', currentPassword: 'not it' } },
      from(person),
    );
    expect(codeOf(wrong)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(wrong)).toEqual(['currentPassword']);
    expect(await storedEmail(person)).toBe(person.email);
    const [{ headline }] = await api.db<{ headline: string }>(`select headline from person where handle = ?`, [person.handle]);
    expect(headline).toBe('');
  });

  it('needs no password when the email does not change (the web form always sends it)', async () => {
    const person = await newPerson(api);
    const res = await api.gql(UPDATE, { input: { email: person.email.toUpperCase(), headline: 'Same me' } }, from(person));
    expect(res.errors).toBeUndefined();
    expect(res.data?.updateProfile.contact.email).toBe(person.email);
  });

  it('works with the right password; the new email then signs in', async () => {
    const person = await newPerson(api);
    const res = await api.gql(
      UPDATE,
      { input: { email: `new.${person.email}`, currentPassword: person.password } },
      from(person),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.updateProfile.contact.email).toBe(`new.${person.email}`);
    const signedIn = await api.gql(SIGN_IN, { input: { email: `new.${person.email}`, password: person.password } });
    expect(signedIn.data?.signIn.person.handle).toBe(person.handle);
  });

  it('budgets guesses like sign-in: 10 simultaneous wrong passwords get at most 3 checks, and sign-in shares the budget', async () => {
    const person = await newPerson(api);
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        api.gql(UPDATE, { input: { email: `stolen${i}@example.test`, currentPassword: `guess ${i}` } }, from(person)),
      ),
    );
    expect(answers.map(codeOf).filter((c) => c !== 'RATE_LIMITED')).toEqual(Array(3).fill('BAD_USER_INPUT'));
    const limited = answers.find((a) => codeOf(a) === 'RATE_LIMITED')!;
    expect(limited.errors![0]!.extensions!.retryAfterSeconds).toBeGreaterThan(0);
    // The same budget as sign-in for that email from that address: the right password is refused there too.
    const right = await api.gql(UPDATE, { input: { email: `mine.${person.email}`, currentPassword: person.password } }, from(person));
    expect(codeOf(right)).toBe('RATE_LIMITED');
    const signIn = await api.gql(SIGN_IN, { input: { email: person.email, password: person.password } }, { headers: { 'x-forwarded-for': ADDRESS } });
    expect(codeOf(signIn)).toBe('RATE_LIMITED');
    expect(await storedEmail(person)).toBe(person.email);
  });
});

describe('changing the password', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ TRUST_PROXY: '1', SIGN_IN_ATTEMPTS: '3', SIGN_IN_ACCOUNT_ATTEMPTS: '100' });
  });
  afterAll(() => api?.close());

  it('is refused with a wrong current password, or a new one that is too short or the same, changing nothing', async () => {
    const person = await newPerson(api);
    const wrong = await api.gql(CHANGE, { input: { currentPassword: 'not it', newPassword: 'a brand new password' } }, from(person));
    expect(codeOf(wrong)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(wrong)).toEqual(['currentPassword']);
    const empty = await api.gql(CHANGE, { input: { currentPassword: '', newPassword: 'a brand new password' } }, from(person));
    expect(fieldsOf(empty)).toEqual(['currentPassword']);
    const short = await api.gql(CHANGE, { input: { currentPassword: person.password, newPassword: 'short' } }, from(person));
    expect(fieldsOf(short)).toEqual(['newPassword']);
    const same = await api.gql(CHANGE, { input: { currentPassword: person.password, newPassword: person.password } }, from(person));
    expect(fieldsOf(same)).toEqual(['newPassword']);

    const old = await api.gql(SIGN_IN, { input: { email: person.email, password: person.password } });
    expect(old.data?.signIn.person.handle).toBe(person.handle);
  });

  it('with the right one: the new password signs in, the old does not, and every other session ends', async () => {
    const person = await newPerson(api);
    const laptop = (await api.gql(SIGN_IN, { input: { email: person.email, password: person.password } })).data!.signIn.token;
    const phone = (await api.gql(SIGN_IN, { input: { email: person.email, password: person.password } })).data!.signIn.token;

    const res = await api.gql(CHANGE, { input: { currentPassword: person.password, newPassword: 'a brand new password' } }, from(person));
    expect(res.errors).toBeUndefined();
    expect(res.data?.changePassword.otherSessionsEnded).toBe(2);

    for (const token of [laptop, phone]) {
      expect((await api.gql(`{ viewer { handle } }`, {}, { token })).data?.viewer).toBeNull();
      expect(await api.db(`select 1 from session where token_hash = ?`, [sha256(token)])).toHaveLength(0);
    }
    // This session goes on.
    expect((await api.gql(`{ viewer { handle } }`, {}, { token: person.token })).data?.viewer.handle).toBe(person.handle);
    expect(codeOf(await api.gql(SIGN_IN, { input: { email: person.email, password: person.password } }))).toBe('UNAUTHENTICATED');
    const fresh = await api.gql(SIGN_IN, { input: { email: person.email, password: 'a brand new password' } });
    expect(fresh.data?.signIn.person.handle).toBe(person.handle);
  });

  it('budgets guesses like sign-in: 10 simultaneous wrong current passwords get at most 3 checks', async () => {
    const person = await newPerson(api);
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        api.gql(CHANGE, { input: { currentPassword: `guess ${i}`, newPassword: 'a brand new password' } }, from(person)),
      ),
    );
    expect(answers.map(codeOf).filter((c) => c !== 'RATE_LIMITED')).toEqual(Array(3).fill('BAD_USER_INPUT'));
    const right = await api.gql(CHANGE, { input: { currentPassword: person.password, newPassword: 'a brand new password' } }, from(person));
    expect(codeOf(right)).toBe('RATE_LIMITED');
  });

  it('is for members only', async () => {
    const res = await api.gql(CHANGE, { input: { currentPassword: 'x', newPassword: 'a brand new password' } });
    expect(codeOf(res)).toBe('UNAUTHENTICATED');
  });
});
