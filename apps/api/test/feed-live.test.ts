import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { startTestApi, type TestApi } from './support/test-api.js';
import { newPerson, type TestPerson } from './support/factories.js';
import { toGlobalId } from '../src/graphql/relay.js';

/** The live feed over a real graphql-ws client, while shares are made over HTTP. */
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const FEED_EVENTS = `subscription ($since: ID) {
  feedEvents(since: $since) { id kind actor { handle } share { id title isReshare resharedFrom { id } } }
}`;

function connect(person: TestPerson): Client {
  return createClient({
    url: api.wsUrl,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${person.token}` },
    retryAttempts: 0,
    lazy: true,
  });
}

/** One feedEvents subscription, collecting what arrives. */
function subscribe(client: Client, since?: string | null) {
  const received: any[] = [];
  const errors: unknown[] = [];
  let changed = () => {};
  const stop = client.subscribe(
    { query: FEED_EVENTS, variables: { since: since ?? null } },
    {
      next: (value) => {
        if (value.errors) errors.push(value.errors);
        else received.push(value.data!.feedEvents);
        changed();
      },
      error: (error) => {
        errors.push(error);
        changed();
      },
      complete: () => {},
    },
  );
  return {
    received,
    errors,
    stop,
    /** Resolves once `n` events (or an error) arrived; fails after a few seconds. */
    async waitFor(n: number) {
      const deadline = Date.now() + 8_000;
      while (received.length < n && errors.length === 0) {
        if (Date.now() > deadline) throw new Error(`got ${received.length} of ${n} events`);
        await new Promise<void>((resolve) => {
          changed = resolve;
          setTimeout(resolve, 100);
        });
      }
      return received;
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A cursor at "now": the newest event a fresh member's activity shows (their JOINED). */
async function cursorNow(who: TestPerson): Promise<string> {
  const res = await api.gql(
    `query ($h: String!) { person(handle: $h) { activity(first: 1) { edges { node { id } } } } }`,
    { h: who.handle },
    { token: who.token },
  );
  return res.data!.person.activity.edges[0].node.id;
}

async function shareWork(who: TestPerson, title: string, extra: Record<string, unknown> = {}) {
  const res = await api.gql(
    `mutation ($input: ShareWorkInput!) { shareWork(input: $input) { id event { id } } }`,
    { input: { url: 'https://example.com/live', title, authorName: 'Outside Writer', ...extra } },
    { token: who.token },
  );
  expect(res.errors).toBeUndefined();
  return res.data!.shareWork as { id: string; event: { id: string } };
}
async function reshare(who: TestPerson, shareId: string) {
  const res = await api.gql(`mutation ($id: ID!) { reshare(shareId: $id) { id event { id } } }`, { id: shareId }, { token: who.token });
  expect(res.errors).toBeUndefined();
  return res.data!.reshare as { id: string; event: { id: string } };
}

describe('feedEvents', () => {
  it('a second member who is subscribed receives a share made over HTTP, and only shares and reshares', async () => {
    const [sarah, julien, chris] = await Promise.all([newPerson(api), newPerson(api), newPerson(api)]);
    const client = connect(julien);
    try {
      // From a cursor, so nothing depends on how fast the subscription starts.
      const sub = subscribe(client, await cursorNow(chris));
      const share = await shareWork(sarah, 'Live piece', { mentionIds: [chris.id] });
      // noise that is not for the feed stream: a thanks and a follow from the card
      await api.gql(`mutation ($id: ID!) { thank(shareId: $id) { id } }`, { id: share.id }, { token: chris.token });
      await api.gql(`mutation ($id: ID!, $via: ID) { follow(personId: $id, via: $via) { id } }`, { id: sarah.id, via: share.event.id }, { token: chris.token });
      const r = await reshare(chris, share.id);

      const [first, second] = await sub.waitFor(2);
      expect(first).toEqual({
        id: share.event.id,
        kind: 'SHARED',
        actor: { handle: sarah.handle },
        share: { id: share.id, title: 'Live piece', isReshare: false, resharedFrom: null },
      });
      expect(second).toMatchObject({ id: r.event.id, kind: 'RESHARED', share: { id: r.id, resharedFrom: { id: share.id } } });
      await sleep(300);
      expect(sub.received).toHaveLength(2);
      expect(sub.errors).toEqual([]);
      sub.stop();
    } finally {
      await client.dispose();
    }
  });

  it('a subscriber that disconnects and resubscribes with its last cursor gets exactly what it missed, in order, once', async () => {
    const [sarah, julien, reader] = await Promise.all([newPerson(api), newPerson(api), newPerson(api)]);
    let client = connect(reader);
    let cursor: string;
    try {
      const sub = subscribe(client, await cursorNow(reader));
      const seen = await shareWork(sarah, 'Seen before the drop');
      const [event] = await sub.waitFor(1);
      expect(event.id).toBe(seen.event.id);
      cursor = event.id;
    } finally {
      await client.dispose();
    }

    // While the reader is away: three shares (one a reshare) and some acts that are not shares.
    const m1 = await shareWork(sarah, 'Missed one');
    await api.gql(`mutation ($id: ID!) { thank(shareId: $id) { id } }`, { id: m1.id }, { token: julien.token });
    const m2 = await reshare(julien, m1.id);
    await api.gql(`mutation ($id: ID!) { follow(personId: $id) { id } }`, { id: sarah.id }, { token: julien.token });
    const m3 = await shareWork(julien, 'Missed three');

    client = connect(reader);
    try {
      const sub = subscribe(client, cursor);
      const missed = await sub.waitFor(3);
      expect(missed.map((e) => [e.id, e.kind, e.share.id])).toEqual([
        [m1.event.id, 'SHARED', m1.id],
        [m2.event.id, 'RESHARED', m2.id],
        [m3.event.id, 'SHARED', m3.id],
      ]);
      await sleep(500);
      expect(sub.received).toHaveLength(3); // no duplicates from the live side

      // and then it carries on live
      const after = await shareWork(sarah, 'After the resume');
      await sub.waitFor(4);
      expect(sub.received[3].id).toBe(after.event.id);
      await sleep(300);
      expect(sub.received.map((e) => e.id)).toEqual([m1.event.id, m2.event.id, m3.event.id, after.event.id]);
      expect(sub.errors).toEqual([]);
      sub.stop();
    } finally {
      await client.dispose();
    }
  });

  it('refuses a `since` that is not an event id', async () => {
    const reader = await newPerson(api);
    const client = connect(reader);
    try {
      for (const since of ['garbage', reader.id, toGlobalId('Share', '1')]) {
        const sub = subscribe(client, since);
        await sub.waitFor(1).catch(() => {});
        expect(sub.received).toEqual([]);
        const [error] = sub.errors as any[];
        const first = Array.isArray(error) ? error[0] : error;
        expect(first?.extensions?.code).toBe('BAD_USER_INPUT');
      }
    } finally {
      await client.dispose();
    }
  });
});
