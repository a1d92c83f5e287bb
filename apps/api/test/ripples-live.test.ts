import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { localIdOf, toGlobalId } from '../src/graphql/relay.js';
import { startTestApi, type TestApi } from './support/test-api.js';
import { newPerson, type TestPerson } from './support/factories.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const FOLLOW = `mutation ($id: ID!, $via: ID) { follow(personId: $id, via: $via) { id } }`;

/** Follows over HTTP and returns the FOLLOWED event's global id. */
async function follow(from: TestPerson, to: TestPerson, via: string | null = null): Promise<string> {
  const res = await api.gql(FOLLOW, { id: to.id, via }, { token: from.token });
  if (res.errors) throw new Error(`follow failed: ${JSON.stringify(res.errors)}`);
  const [row] = await api.db<{ id: string }>(
    `select id from event where kind = 'FOLLOWED' and actor_id = ? and subject_person_id = ? order by id desc limit 1`,
    [localIdOf(from.id, 'Person'), localIdOf(to.id, 'Person')],
  );
  return toGlobalId('Event', String(row!.id));
}

const RIPPLE_EVENTS = `subscription ($id: ID!, $since: ID) {
  rippleEvents(eventId: $id, since: $since) { id kind depth actor { id } subject { id } cause { id } }
}`;

/** A real graphql-ws client (ws, Bearer token) recording one subscription. */
function subscribe(person: TestPerson, variables: Record<string, unknown>) {
  const client: Client = createClient({
    url: api.wsUrl,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${person.token}` },
    retryAttempts: 0,
  });
  const received: any[] = [];
  let failure: unknown = null;
  const stop = client.subscribe(
    { query: RIPPLE_EVENTS, variables },
    { next: (message) => void received.push(message), error: (error) => void (failure = error), complete: () => {} },
  );
  return {
    received,
    /** Waits until `count` messages have come (or fails after a while). */
    async waitFor(count: number) {
      const deadline = Date.now() + 10_000;
      while (received.length < count && !failure && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      if (failure) throw new Error(`subscription failed: ${JSON.stringify(failure)}`);
      expect(received.length).toBeGreaterThanOrEqual(count);
      return received.map((m) => m.data?.rippleEvents?.id ?? m);
    },
    async close() {
      stop();
      await client.dispose();
    },
  };
}

describe('rippleEvents subscription', () => {
  it('replays the ripple after `since`, streams follows made through its events, and nothing else', async () => {
    const [writer, sharer, reader, friend, stranger, other] = await Promise.all(Array.from({ length: 6 }, () => newPerson(api)));
    const root = await follow(sharer!, writer!);
    const child = await follow(reader!, writer!, root);
    const unrelatedRoot = await follow(stranger!, other!);

    // `since` the root: the child is replayed first.
    const live = subscribe(sharer!, { id: root, since: root });
    try {
      expect(await live.waitFor(1)).toEqual([child]);
      expect(live.received[0].data.rippleEvents).toMatchObject({
        kind: 'FOLLOWED',
        depth: 1,
        actor: { id: reader!.id },
        subject: { id: writer!.id },
        cause: { id: root },
      });

      // The stream is live now. A follow elsewhere, then one through the ripple's child.
      await follow(other!, stranger!, unrelatedRoot);
      await follow(stranger!, writer!);
      const grandchild = await follow(friend!, writer!, child);
      expect(await live.waitFor(2)).toEqual([child, grandchild]);

      // The ripple keeps growing through what just arrived live.
      const greatGrandchild = await follow(stranger!, reader!, grandchild);
      expect(await live.waitFor(3)).toEqual([child, grandchild, greatGrandchild]);
      expect(live.received[2].data.rippleEvents.depth).toBe(3);
      await new Promise((r) => setTimeout(r, 200));
      expect(live.received).toHaveLength(3);
    } finally {
      await live.close();
    }
  });

  it('a sub-ripple streams only its own branch', async () => {
    const [a, b, c, d, e] = await Promise.all(Array.from({ length: 5 }, () => newPerson(api)));
    const root = await follow(a!, b!);
    const left = await follow(c!, b!, root);
    const right = await follow(d!, b!, root);
    const underLeft = await follow(e!, b!, left);

    // Since the tree's root: the sub-ripple's own root comes first, then its branch only.
    const live = subscribe(e!, { id: left, since: root });
    try {
      expect(await live.waitFor(2)).toEqual([left, underLeft]);
      await follow(e!, a!, right); // the sibling branch
      const more = await follow(a!, c!, left);
      expect(await live.waitFor(3)).toEqual([left, underLeft, more]);
    } finally {
      await live.close();
    }
  });

  it('an event the viewer may not see, or none at all, answers NOT_FOUND; a `since` that is not an event id, BAD_USER_INPUT', async () => {
    const [a, b] = await Promise.all([newPerson(api), newPerson(api)]);
    const seen = await follow(a!, b!);
    await api.gql(`mutation ($id: ID!) { unfollow(personId: $id) { id } }`, { id: b!.id }, { token: a!.token });
    const [unfollowed] = await api.db<{ id: string }>(
      `select id from event where kind = 'UNFOLLOWED' and actor_id = ? order by id desc limit 1`,
      [localIdOf(a!.id, 'Person')],
    );
    const cases: [Record<string, unknown>, string][] = [
      [{ id: toGlobalId('Event', String(unfollowed!.id)) }, 'NOT_FOUND'], // only its actor may see it
      [{ id: toGlobalId('Event', '999999999') }, 'NOT_FOUND'],
      [{ id: b!.id }, 'NOT_FOUND'], // a Person id
      [{ id: seen, since: b!.id }, 'BAD_USER_INPUT'],
    ];
    for (const [variables, code] of cases) {
      const live = subscribe(b!, variables);
      try {
        await live.waitFor(1);
        expect(live.received[0]).toMatchObject({ errors: [{ path: ['rippleEvents'], extensions: { code } }] });
        expect(live.received[0].data ?? null).toBeNull();
      } finally {
        await live.close();
      }
    }
  });
});
