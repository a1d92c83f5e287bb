import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { startApiCluster, type ApiCluster } from '../support/api-cluster.js';
import { toGlobalId } from '../support/ids.js';

/**
 * Two API processes with REDIS_URL, on one database and one real
 * redis-server: the live wake-ups, rate-limit budgets and per-person
 * subscription caps go through Redis, and killing Redis loses nothing.
 */
let cluster: ApiCluster;
beforeAll(async () => {
  cluster = await startApiCluster(2, { redis: true, env: { SIGN_IN_ATTEMPTS: '3', MAX_SUBSCRIPTIONS_PER_PERSON: '2' } });
});
afterAll(() => cluster?.stop());

async function post(url: string, query: string, variables: Record<string, unknown> = {}, token?: string) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return res.json();
}

async function gql(url: string, query: string, variables: Record<string, unknown> = {}, token?: string) {
  const body = await post(url, query, variables, token);
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

let counter = 0;
async function signUp(url: string) {
  const tag = `${Date.now().toString(36)}${counter++}`;
  const email = `${tag}@example.test`;
  const data = await gql(url, `mutation ($i: SignUpInput!) { signUp(input: $i) { token person { id } } }`, {
    i: { name: `Member ${tag}`, handle: `m_${tag}`, email, password: 'long enough password' },
  });
  return { token: data.signUp.token as string, id: data.signUp.person.id as string, email };
}

const SHARE = `mutation ($i: ShareWorkInput!) { shareWork(input: $i) { id event { id } } }`;
const share = (url: string, token: string, title: string) =>
  gql(url, SHARE, { i: { url: 'https://example.org/post', title, note: 'worth it', authorName: 'Outside Writer' } }, token);

function subscribeFeed(wsUrl: string, token: string, since?: string) {
  const received: { id: string; title: string }[] = [];
  const errors: any[] = [];
  const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
  let wake = () => {};
  client.subscribe(
    { query: `subscription ($since: ID) { feedEvents(since: $since) { id share { title } } }`, variables: { since } },
    {
      next: (m: any) => {
        received.push({ id: m.data.feedEvents.id, title: m.data.feedEvents.share.title });
        wake();
      },
      error: (e) => {
        errors.push(e);
        wake();
      },
      complete: () => {},
    },
  );
  return {
    received,
    errors,
    async waitFor(count: number, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`got ${received.length} of ${count}: ${JSON.stringify(received)}\n${cluster.output.slice(-20).join('\n')}`);
        await new Promise<void>((r) => {
          wake = r;
          setTimeout(r, 100);
        });
      }
      return received;
    },
    async waitForError(timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (errors.length === 0 && Date.now() < deadline) await new Promise<void>((r) => ((wake = r), setTimeout(r, 100)));
      return errors[0];
    },
    close: () => client.dispose(),
  };
}

describe('two API instances with Redis', () => {
  it('a share through one reaches a subscriber on the other; a resubscriber with its cursor gets exactly what it missed', async () => {
    const [one, two] = cluster.instances;
    const sharer = await signUp(one!.httpUrl);
    const reader = await signUp(two!.httpUrl);
    const live = subscribeFeed(two!.wsUrl, reader.token, toGlobalId('Event', '0'));
    await share(one!.httpUrl, sharer.token, 'first');
    const [first] = await live.waitFor(1);
    expect(first!.title).toBe('first');
    await live.close();

    for (const title of ['missed 1', 'missed 2', 'missed 3']) await share(one!.httpUrl, sharer.token, title);
    const back = subscribeFeed(two!.wsUrl, reader.token, first!.id);
    await back.waitFor(3);
    await share(one!.httpUrl, sharer.token, 'live');
    await back.waitFor(4);
    await new Promise((r) => setTimeout(r, 300));
    expect(back.received.map((m) => m.title)).toEqual(['missed 1', 'missed 2', 'missed 3', 'live']);
    await back.close();
  });

  it('redis-server killed mid-stream: shares made during the outage and after it all arrive, once each, in order', async () => {
    const [one, two] = cluster.instances;
    const sharer = await signUp(one!.httpUrl);
    const reader = await signUp(two!.httpUrl);
    const before = await share(one!.httpUrl, sharer.token, 'before the outage');
    const live = subscribeFeed(two!.wsUrl, reader.token, before.shareWork.event.id);
    await share(one!.httpUrl, sharer.token, 'while Redis runs');
    await live.waitFor(1);

    await cluster.redis!.kill();
    // Writes do not need Redis: they commit to PostgreSQL, their wake-up is lost.
    for (const title of ['outage 1', 'outage 2', 'outage 3']) await share(one!.httpUrl, sharer.token, title);
    await cluster.redis!.start();
    await share(one!.httpUrl, sharer.token, 'after the outage');

    await live.waitFor(5, 30_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(live.received.map((m) => m.title)).toEqual(['while Redis runs', 'outage 1', 'outage 2', 'outage 3', 'after the outage']);
    expect(live.errors).toEqual([]);
    await live.close();
  });

  it('a sign-out through one instance ends the streams of that session on the other', async () => {
    const [one, two] = cluster.instances;
    const sharer = await signUp(one!.httpUrl);
    const reader = await signUp(one!.httpUrl);
    const since = (await share(one!.httpUrl, sharer.token, 'sign-out start')).shareWork.event.id;
    const client = createClient({ url: two!.wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${reader.token}` }, retryAttempts: 0 });
    const titles: string[] = [];
    let ended!: () => void;
    const completed = new Promise<void>((resolve) => (ended = resolve));
    client.subscribe(
      { query: `subscription ($since: ID) { feedEvents(since: $since) { share { title } } }`, variables: { since } },
      { next: (m: any) => titles.push(m.data.feedEvents.share.title), error: () => ended(), complete: () => ended() },
    );
    await share(one!.httpUrl, sharer.token, 'seen before signing out');
    for (let i = 0; i < 100 && titles.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(titles).toEqual(['seen before signing out']);
    await gql(one!.httpUrl, `mutation { signOut }`, {}, reader.token);
    await share(one!.httpUrl, sharer.token, 'after signing out');
    await completed;
    expect(titles).toEqual(['seen before signing out']);
    await client.dispose();
  });

  it('shares one sign-in budget between the instances', async () => {
    const [one, two] = cluster.instances;
    const owner = await signUp(one!.httpUrl);
    const answers: string[] = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      const url = (attempt % 2 === 0 ? one : two)!.httpUrl;
      const body = await post(url, `mutation ($i: SignInInput!) { signIn(input: $i) { token } }`, { i: { email: owner.email, password: 'wrong password!' } });
      answers.push(body.errors?.[0]?.extensions?.code ?? 'OK');
    }
    // SIGN_IN_ATTEMPTS=3 in all: with per-instance budgets each instance would allow 3.
    expect(answers.filter((code) => code !== 'RATE_LIMITED')).toHaveLength(3);
    expect(answers.slice(3)).toEqual(['RATE_LIMITED', 'RATE_LIMITED', 'RATE_LIMITED']);
  });

  it('caps one person’s live operations across the instances, and gives the place back when one ends', async () => {
    const [one, two] = cluster.instances;
    const person = await signUp(one!.httpUrl);
    const sharer = await signUp(one!.httpUrl);
    const since = (await share(one!.httpUrl, sharer.token, 'cap start')).shareWork.event.id;
    const onOne = subscribeFeed(one!.wsUrl, person.token, since);
    const onTwo = subscribeFeed(two!.wsUrl, person.token, since);
    await share(one!.httpUrl, sharer.token, 'both running');
    await Promise.all([onOne.waitFor(1), onTwo.waitFor(1)]);

    // MAX_SUBSCRIPTIONS_PER_PERSON=2, one on each instance: a third on either is refused.
    const third = subscribeFeed(one!.wsUrl, person.token, since);
    const refusal = await third.waitForError();
    expect(refusal?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    await third.close();

    await onTwo.close();
    // Its place comes back (released on close): a new one on instance one runs.
    let again = subscribeFeed(one!.wsUrl, person.token, since);
    for (let i = 0; i < 50 && again.received.length === 0; i++) {
      const error = await again.waitForError(200);
      if (!error) {
        await again.waitFor(1, 5_000);
        break;
      }
      await again.close();
      again = subscribeFeed(one!.wsUrl, person.token, since);
    }
    expect(again.received.map((m) => m.title)).toEqual(['both running']);
    await again.close();
    await onOne.close();
  });
});
