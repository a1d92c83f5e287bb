import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { startApiCluster, type ApiCluster } from '../support/api-cluster.js';
import { toGlobalId } from '../support/ids.js';

/**
 * Two API processes on one database, as in production: what is written
 * through one reaches subscribers of the other, and a subscriber that comes
 * back with its cursor gets exactly what it missed.
 */
let cluster: ApiCluster;
beforeAll(async () => {
  cluster = await startApiCluster(3);
});
afterAll(() => cluster?.stop());

async function gql(url: string, query: string, variables: Record<string, unknown> = {}, token?: string) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

let counter = 0;
async function signUp(url: string) {
  const tag = `${Date.now().toString(36)}${counter++}`;
  const data = await gql(url, `mutation ($i: SignUpInput!) { signUp(input: $i) { token person { id } } }`, {
    i: { name: `Member ${tag}`, handle: `m_${tag}`, email: `${tag}@example.test`, password: 'long enough password' },
  });
  return { token: data.signUp.token as string, id: data.signUp.person.id as string };
}

const SHARE = `mutation ($i: ShareWorkInput!) { shareWork(input: $i) { id event { id } } }`;
const share = (url: string, token: string, title: string) =>
  gql(url, SHARE, { i: { url: 'https://example.org/post', title, note: 'worth it', authorName: 'Outside Writer' } }, token);

function subscribeFeed(wsUrl: string, token: string, since?: string) {
  const received: { id: string; title: string }[] = [];
  const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
  let wake = () => {};
  client.subscribe(
    { query: `subscription ($since: ID) { feedEvents(since: $since) { id share { title } } }`, variables: { since } },
    {
      next: (m: any) => {
        received.push({ id: m.data.feedEvents.id, title: m.data.feedEvents.share.title });
        wake();
      },
      error: (e) => console.error('subscription error', e),
      complete: () => {},
    },
  );
  return {
    received,
    async waitFor(count: number) {
      const deadline = Date.now() + 15_000;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`got ${received.length} of ${count}: ${JSON.stringify(received)}\n${cluster.output.slice(-20).join('\n')}`);
        await new Promise<void>((r) => {
          wake = r;
          setTimeout(r, 100);
        });
      }
      return received;
    },
    close: () => client.dispose(),
  };
}

describe('two API instances on one database', () => {
  it('a share made through one reaches a subscriber on the other; a resubscriber with its cursor gets exactly what it missed', async () => {
    const [one, two] = cluster.instances;
    const sharer = await signUp(one!.httpUrl);
    const reader = await signUp(two!.httpUrl);

    // Prime a cursor: subscribe from the start of the log, then share one.
    const start = toGlobalId('Event', '0');
    const live = subscribeFeed(two!.wsUrl, reader.token, start);
    await share(one!.httpUrl, sharer.token, 'first');
    const [first] = await live.waitFor(1);
    expect(first!.title).toBe('first');
    await live.close();

    // Away: three shares through instance one.
    for (const title of ['missed 1', 'missed 2', 'missed 3']) await share(one!.httpUrl, sharer.token, title);

    const back = subscribeFeed(two!.wsUrl, reader.token, first!.id);
    const missed = await back.waitFor(3);
    expect(missed.map((m) => m.title)).toEqual(['missed 1', 'missed 2', 'missed 3']);
    // And then live, once each.
    await share(one!.httpUrl, sharer.token, 'live');
    await back.waitFor(4);
    await new Promise((r) => setTimeout(r, 300));
    expect(back.received.map((m) => m.title)).toEqual(['missed 1', 'missed 2', 'missed 3', 'live']);
    await back.close();
  });

  it('an instance killed right after a write loses nothing: the subscriber on another instance still gets it', async () => {
    const [, two, three] = cluster.instances;
    const sharer = await signUp(three!.httpUrl);
    const reader = await signUp(two!.httpUrl);
    const start = toGlobalId('Event', '0');
    const live = subscribeFeed(two!.wsUrl, reader.token, start);
    const before = (await live.waitFor(5)).length; // the earlier test's shares, replayed
    await share(three!.httpUrl, sharer.token, 'last words');
    three!.process.kill('SIGKILL');
    const all = await live.waitFor(before + 1);
    expect(all.at(-1)!.title).toBe('last words');
    await live.close();
  });
});
