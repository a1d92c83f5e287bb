import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './support/test-api.js';
import { newFollowerOf, newPerson } from './support/factories.js';
import { newIntroduction, newTrio } from './support/introductions.js';
import { record } from './support/live.js';
import { toGlobalId } from '../src/graphql/relay.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const FROM_START = toGlobalId('Event', '0');
const UPDATES = `subscription ($since: ID) { introductionUpdates(since: $since) { id kind } }`;

describe('live delivery', () => {
  it('keeps delivering after the LISTEN connection is killed (re-LISTEN and catch up by id)', async () => {
    const { connector, a } = await newTrio(api);
    const live = record(api.wsUrl, a.token, UPDATES, { since: FROM_START });
    try {
      await newIntroduction(api, connector, a, await newFollowerOf(api, connector));
      await live.waitFor(1);
      const killed = await api.db(
        `select pg_terminate_backend(pid) as ok from pg_stat_activity where application_name = 'ripple-listener' and datname = current_database()`,
      );
      expect(killed.length).toBeGreaterThan(0);
      // Written while the listener is (probably) still down: must still arrive.
      await newIntroduction(api, connector, a, await newFollowerOf(api, connector));
      await newIntroduction(api, connector, a, await newFollowerOf(api, connector));
      const messages = await live.waitFor(3, 15_000);
      expect(messages.map((m) => m.data.introductionUpdates.kind)).toEqual(['INTRODUCTION_ASKED', 'INTRODUCTION_ASKED', 'INTRODUCTION_ASKED']);
    } finally {
      await live.close();
    }
  });

  it('stops a stream whose session was signed out elsewhere', async () => {
    const { connector, a } = await newTrio(api);
    const live = record(api.wsUrl, a.token, UPDATES, { since: FROM_START });
    try {
      await newIntroduction(api, connector, a, await newFollowerOf(api, connector));
      await live.waitFor(1);
      const out = await api.gql(`mutation { signOut }`, {}, { token: a.token });
      expect(out.data?.signOut).toBe(true);
      // The next event for A ends the stream instead of reaching A.
      await newIntroduction(api, connector, a, await newFollowerOf(api, connector));
      await live.completed;
      expect(live.messages).toHaveLength(1);
    } finally {
      await live.close();
    }
  });
});

describe('ending a subscription', () => {
  it('frees its stream at once, even on a quiet stream, and does not use up the per-socket cap', async () => {
    const capped = await startTestApi({ MAX_SUBSCRIPTIONS_PER_SOCKET: '1' });
    try {
      const person = await newPerson(capped);
      const { createClient } = await import('graphql-ws');
      const WebSocket = (await import('ws')).default;
      const client = createClient({
        url: capped.wsUrl,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${person.token}` },
        retryAttempts: 0,
      });
      try {
        for (let round = 0; round < 3; round++) {
          // Subscribe to a quiet stream, then complete it from the client side.
          const errors: unknown[] = [];
          const dispose = client.subscribe(
            { query: 'subscription { notificationAdded { id } }' },
            { next: () => {}, error: (e) => errors.push(e), complete: () => {} },
          );
          await new Promise((r) => setTimeout(r, 150));
          dispose();
          await new Promise((r) => setTimeout(r, 150));
          expect(errors).toEqual([]);
          expect(capped.server.live.streamCount).toBe(0);
        }
      } finally {
        await client.dispose();
      }
    } finally {
      await capped.close();
    }
  });
});
