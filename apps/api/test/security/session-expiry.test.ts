import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/test-api.js';
import { newFollowerOf, newPerson, type TestPerson } from '../support/factories.js';
import { letIntroduce, newIntroduction } from '../support/introductions.js';
import { record } from '../support/live.js';
import { toGlobalId } from '../../src/graphql/relay.js';
import { connectedClient, eventually, run } from './support/ws.js';

/**
 * RELIABILITY row 29: a session past its expiry, not signed out. Regression:
 * live streams ended only at sign-out, so a stream opened on a session kept
 * delivering after the session expired.
 */

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const FROM_START = toGlobalId('Event', '0');
const SHARE_WORK = `mutation ($input: ShareWorkInput!) { shareWork(input: $input) { id } }`;

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api?.close());

async function expireSession(person: TestPerson, when = `now() - interval '1 second'`) {
  const rows = await api.db(`update session set expires_at = ${when} where token_hash = ? returning id`, [sha256(person.token)]);
  expect(rows).toHaveLength(1);
}

const share = (by: TestPerson, mention?: TestPerson) =>
  api.gql(
    SHARE_WORK,
    { input: { url: 'https://work.example/post', title: 'A post', authorName: 'Someone', mentionIds: mention ? [mention.id] : [] } },
    { token: by.token },
  );

describe('row 29: a live stream ends when its session expires', () => {
  it.each([
    {
      name: 'introductionUpdates',
      query: `subscription ($since: ID) { introductionUpdates(since: $since) { id kind } }`,
      variables: { since: FROM_START },
      publish: async (viewer: TestPerson, other: TestPerson) => newIntroduction(api, other, viewer, await newFollowerOf(api, other)),
    },
    {
      name: 'feedEvents',
      query: `subscription ($since: ID) { feedEvents(since: $since) { id kind } }`,
      variables: {},
      publish: async (_viewer: TestPerson, other: TestPerson) => share(other),
    },
    {
      name: 'notificationAdded',
      query: `subscription { notificationAdded { id } }`,
      variables: {},
      publish: async (viewer: TestPerson, other: TestPerson) => share(other, viewer),
    },
  ])('$name: after the expiry moves into the past, nothing more arrives and the stream completes', async ({ query, variables, publish }) => {
    const [viewer, other] = [await newPerson(api), await newPerson(api)];
    await letIntroduce(api, other, viewer);
    const streamsBefore = api.server.live.streamCount;
    const live = record(api.wsUrl, viewer.token, query, variables);
    try {
      await eventually(async () => api.server.live.streamCount > streamsBefore);
      await publish(viewer, other);
      await live.waitFor(1);

      await expireSession(viewer);
      await publish(viewer, other);
      await publish(viewer, other);
      await live.completed;
      expect(live.messages).toHaveLength(1);
      await eventually(async () => api.server.live.streamCount === streamsBefore);
    } finally {
      await live.close();
    }
  });

  it('a quiet stream ends at the expiry by itself, with no event to wake it', async () => {
    const [viewer, other] = [await newPerson(api), await newPerson(api)];
    await letIntroduce(api, other, viewer);
    await newIntroduction(api, other, viewer, await newFollowerOf(api, other));
    // A session that expires shortly, as every session eventually does.
    await expireSession(viewer, `now() + interval '5 seconds'`);
    const live = record(api.wsUrl, viewer.token, `subscription ($since: ID) { introductionUpdates(since: $since) { id } }`, { since: FROM_START });
    try {
      await live.waitFor(1); // the replay: the stream is open
      await live.completed;
      expect(live.messages).toHaveLength(1);
    } finally {
      await live.close();
    }
  });

  it('only that session’s streams end: the same person’s other session keeps streaming', async () => {
    const [viewer, other] = [await newPerson(api), await newPerson(api)];
    await letIntroduce(api, other, viewer);
    const second = await api.gql(`mutation ($input: SignInInput!) { signIn(input: $input) { token } }`, {
      input: { email: viewer.email, password: viewer.password },
    });
    const secondToken: string = second.data!.signIn.token;
    const query = `subscription ($since: ID) { introductionUpdates(since: $since) { id } }`;
    const expiring = record(api.wsUrl, viewer.token, query, { since: FROM_START });
    const staying = record(api.wsUrl, secondToken, query, { since: FROM_START });
    try {
      await newIntroduction(api, other, viewer, await newFollowerOf(api, other));
      await Promise.all([expiring.waitFor(1), staying.waitFor(1)]);
      await expireSession(viewer);
      await newIntroduction(api, other, viewer, await newFollowerOf(api, other));
      await expiring.completed;
      await staying.waitFor(2);
      expect(expiring.messages).toHaveLength(1);
    } finally {
      await Promise.all([expiring.close(), staying.close()]);
    }
  });
});

describe('a socket whose session expired', () => {
  it('answers a new operation UNAUTHENTICATED, queries and subscriptions alike', async () => {
    const viewer = await newPerson(api);
    const client = await connectedClient(api, { token: viewer.token });
    try {
      expect((await run(client, `{ viewer { handle } }`)).nexts).toEqual([{ data: { viewer: { handle: viewer.handle } } }]);
      await expireSession(viewer);
      for (const query of [`{ viewer { handle } }`, `subscription { notificationAdded { id } }`]) {
        const outcome = await run(client, query);
        expect(outcome.nexts).toEqual([]);
        expect(outcome.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
      }
    } finally {
      await client.dispose();
    }
  });
});
