import { randomBytes } from 'node:crypto';
import type { TestApi } from './test-api.js';

export interface TestPerson {
  id: string;
  handle: string;
  name: string;
  email: string;
  password: string;
  token: string;
}

let counter = 0;

/** Signs a new member up over real HTTP and returns their session token. */
export async function newPerson(api: TestApi, overrides: Partial<Pick<TestPerson, 'name' | 'handle' | 'email' | 'password'>> = {}): Promise<TestPerson> {
  const tag = `${Date.now().toString(36)}${(counter++).toString(36)}${randomBytes(2).toString('hex')}`;
  const input = {
    name: overrides.name ?? `Person ${tag}`,
    handle: overrides.handle ?? `p_${tag}`,
    email: overrides.email ?? `${tag}@example.test`,
    password: overrides.password ?? 'correct horse battery',
  };
  const res = await api.gql<{ signUp: { token: string; person: { id: string; handle: string } } }>(
    `mutation ($input: SignUpInput!) { signUp(input: $input) { token person { id handle } } }`,
    { input },
  );
  if (!res.data?.signUp) throw new Error(`signUp failed: ${JSON.stringify(res.errors)}`);
  return { ...input, id: res.data.signUp.person.id, handle: res.data.signUp.person.handle, token: res.data.signUp.token };
}

/** `follower` follows `followee` over real HTTP, failing loudly otherwise; `via` is the event it came from. */
export async function follow(api: TestApi, follower: TestPerson, followee: TestPerson, via?: string): Promise<void> {
  const res = await api.gql(
    `mutation ($id: ID!, $via: ID) { follow(personId: $id, via: $via) { id } }`,
    { id: followee.id, via: via ?? null },
    { token: follower.token },
  );
  if (!res.data?.follow) throw new Error(`follow failed: ${JSON.stringify(res.errors)}`);
}

/** A new member who follows `person` (so, for one, `person` may introduce them: LIFECYCLE.md). */
export async function newFollowerOf(api: TestApi, person: TestPerson): Promise<TestPerson> {
  const follower = await newPerson(api);
  await follow(api, follower, person);
  return follower;
}
