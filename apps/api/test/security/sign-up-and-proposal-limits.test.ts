import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/test-api.js';
import { newPerson } from '../support/factories.js';
import { proposeIntroduction } from '../support/introductions.js';

/** Sign-ups per address (each costs an Argon2id hash) and introduction proposals per connector are budgeted. */

const SIGN_UP = `mutation ($input: SignUpInput!) { signUp(input: $input) { token person { handle } } }`;
const codeOf = (res: { errors?: { extensions?: { code?: string } }[] }) => res.errors?.[0]?.extensions?.code;

describe('sign-up throttling', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ TRUST_PROXY: '1', SIGN_UP_ATTEMPTS: '3' });
  });
  afterAll(() => api?.close());

  const signUp = (handle: string, address: string) =>
    api.gql(
      SIGN_UP,
      { input: { name: handle, handle, email: `${handle}@example.test`, password: 'long enough' } },
      { headers: { 'x-forwarded-for': address } },
    );

  it('refuses sign-ups from an address past its budget, storing nothing; other addresses go on', async () => {
    const answers = await Promise.all(['flood_1', 'flood_2', 'flood_3', 'flood_4', 'flood_5', 'flood_6'].map((h) => signUp(h, '203.0.113.50')));
    const created = answers.filter((a) => a.data?.signUp);
    expect(created).toHaveLength(3);
    const refused = answers.filter((a) => codeOf(a) === 'RATE_LIMITED');
    expect(refused).toHaveLength(3);
    for (const res of refused) {
      expect(res.data).toBeNull();
      expect(res.errors![0]!.extensions!.retryAfterSeconds).toBeGreaterThan(0);
      expect(res.headers.getSetCookie()).toEqual([]);
    }
    const [{ n }] = await api.db<{ n: number }>(`select count(*)::int as n from person where handle like 'flood_%'`);
    expect(n).toBe(3);

    expect((await signUp('elsewhere', '198.51.100.50')).data?.signUp.person.handle).toBe('elsewhere');
  });

  it('does not charge input that is refused before any hashing', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await api.gql(
        SIGN_UP,
        { input: { name: 'x', handle: 'no', email: 'not an email', password: 'short' } },
        { headers: { 'x-forwarded-for': '198.51.100.51' } },
      );
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
    }
    expect((await signUp('still_fine', '198.51.100.51')).data?.signUp.person.handle).toBe('still_fine');
  });
});

describe('introduction proposals per connector', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ INTRODUCTION_PROPOSALS: '2' });
  });
  afterAll(() => api?.close());

  it('refuses a connector past the budget with retryAfterSeconds; another connector is unaffected', async () => {
    const [connector, other, ...people] = await Promise.all(Array.from({ length: 8 }, () => newPerson(api)));
    // A connector introduces people who follow them.
    for (const person of people) {
      for (const introducer of [connector!, other!]) {
        const res = await api.gql(`mutation ($id: ID!) { follow(personId: $id) { id } }`, { id: introducer.id }, { token: person.token });
        expect(res.errors).toBeUndefined();
      }
    }
    const answers = await Promise.all([
      proposeIntroduction(api, connector!, people[0]!, people[1]!),
      proposeIntroduction(api, connector!, people[2]!, people[3]!),
      proposeIntroduction(api, connector!, people[4]!, people[5]!),
    ]);
    expect(answers.filter((a) => a.data?.proposeIntroduction)).toHaveLength(2);
    const refused = answers.find((a) => codeOf(a) === 'RATE_LIMITED')!;
    expect(refused.data).toBeNull();
    expect(refused.errors![0]!.extensions!.retryAfterSeconds).toBeGreaterThan(0);
    const [{ n }] = await api.db<{ n: number }>(
      `select count(*)::int as n from introduction i join person p on p.id = i.connector_id where p.handle = ?`,
      [connector!.handle],
    );
    expect(n).toBe(2);

    const theirs = await proposeIntroduction(api, other!, people[4]!, people[5]!);
    expect(theirs.errors).toBeUndefined();
  });
});
