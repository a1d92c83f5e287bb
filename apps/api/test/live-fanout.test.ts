import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './support/test-api.js';
import { follow, newPerson, type TestPerson } from './support/factories.js';
import { newIntroduction, newTrio } from './support/introductions.js';
import { rawSubscribe, type RawSubscriber } from './support/raw-subscriber.js';
import { fanoutHubOf } from '../src/live/fanout-hub.js';
import { hashToken } from '../src/auth/auth.service.js';

/**
 * Live fan-out (live/fanout-hub.ts): one event, many subscribers, the web
 * app's own selection. Counts statements and checks who receives what; no
 * timings.
 */
const FEED_DOCUMENT = readFileSync(new URL('../../../packages/schema/operations/feed.graphql', import.meta.url), 'utf8');
const UPDATES = `subscription ($since: ID) { introductionUpdates(since: $since) { id kind } }`;

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function feedSubscriber(person: TestPerson): Promise<RawSubscriber> {
  return rawSubscribe(api.wsUrl, person.token, FEED_DOCUMENT, { since: null }, 'FeedEvents');
}

async function shareWork(who: TestPerson, title: string, input: Record<string, unknown> = {}) {
  const res = await api.gql(
    `mutation ($input: ShareWorkInput!) { shareWork(input: $input) { id } }`,
    { input: { url: 'https://example.com/fanout', title, ...input } },
    { token: who.token },
  );
  expect(res.errors).toBeUndefined();
  return res.data!.shareWork.id as string;
}

/** Shares, waits until every subscriber has `expected` events, and answers the statements that took. */
async function statementsForOneShare(sharer: TestPerson, author: TestPerson, subscribers: RawSubscriber[]) {
  // A warm-up share: every subscription is live (past its set-up) before counting.
  const before = subscribers.map((s) => s.nexts.length);
  await shareWork(sharer, 'warm-up', { authorId: author.id });
  await Promise.all(subscribers.map((s, i) => s.waitFor(before[i]! + 1)));
  await sleep(200);
  api.resetSqlLog();
  await shareWork(sharer, 'counted', { authorId: author.id });
  await Promise.all(subscribers.map((s, i) => s.waitFor(before[i]! + 2)));
  await sleep(200);
  return api.sql.length;
}

describe('one event to many subscribers', () => {
  it('costs the same statements for 3 subscribers as for 30, and each audience class gets its own view', async () => {
    const [sharer, author, fan] = [await newPerson(api), await newPerson(api), await newPerson(api)];
    await follow(api, fan, author);
    const others = [];
    for (let i = 0; i < 28; i++) others.push(await newPerson(api));

    const small = [await feedSubscriber(sharer), await feedSubscriber(fan), await feedSubscriber(others[0]!)];
    const withThree = await statementsForOneShare(sharer, author, small);

    const large = [...small];
    for (const person of others.slice(1)) large.push(await feedSubscriber(person));
    expect(large).toHaveLength(30);
    const withThirty = await statementsForOneShare(sharer, author, large);

    expect(withThirty).toBe(withThree);
    // The share itself plus one execution per class: far from a set of reads per subscriber.
    expect(withThirty).toBeLessThan(2 * 30);

    // Three audience classes: the sharer, a follower of the author, everyone else.
    const last = (s: RawSubscriber) => s.nexts.at(-1).data.feedEvents.share;
    expect(last(small[0]!).sharer.isViewer).toBe(true);
    expect(last(small[0]!).author.person.viewerFollows).toBe(false);
    expect(last(small[1]!).sharer.isViewer).toBe(false);
    expect(last(small[1]!).author.person.viewerFollows).toBe(true);
    for (const subscriber of large.slice(2)) {
      expect(last(subscriber)).toEqual({ ...last(small[1]!), author: { ...last(small[1]!).author, person: { ...last(small[1]!).author.person, viewerFollows: false } } });
    }
    await Promise.all(large.map((s) => s.close()));
  });

  it('re-checks authorization on every event: a subscriber signed out elsewhere stops, the others go on', async () => {
    const [sharer, leaving, staying] = [await newPerson(api), await newPerson(api), await newPerson(api)];
    const [gone, kept] = [await feedSubscriber(leaving), await feedSubscriber(staying)];
    try {
      await shareWork(sharer, 'first', { authorName: 'Outside Writer' });
      await Promise.all([gone.waitFor(1), kept.waitFor(1)]);
      const out = await api.gql(`mutation { signOut }`, {}, { token: leaving.token });
      expect(out.data?.signOut).toBe(true);
      await shareWork(sharer, 'second', { authorName: 'Outside Writer' });
      await kept.waitFor(2);
      await gone.ended();
      expect(gone.completed).toBe(true);
      expect(gone.nexts.map((n) => n.data.feedEvents.share.title)).toEqual(['first']);
      expect(kept.nexts.map((n) => n.data.feedEvents.share.title)).toEqual(['first', 'second']);
    } finally {
      await Promise.all([gone.close(), kept.close()]);
    }
  });

  it('re-checks the database too: a session ended there (deleted, or its expiry moved into the past) delivers nothing more', async () => {
    // Nothing announces these on the bus: only the set-based re-read before each batch of rows can see them.
    const [sharer, deleted, expired, staying] = [await newPerson(api), await newPerson(api), await newPerson(api), await newPerson(api)];
    const subscribers = [await feedSubscriber(deleted), await feedSubscriber(expired), await feedSubscriber(staying)];
    const [gone, lapsed, kept] = subscribers;
    try {
      await shareWork(sharer, 'first', { authorName: 'Outside Writer' });
      await Promise.all(subscribers.map((s) => s.waitFor(1)));
      await api.db(`delete from session where token_hash = ?`, [hashToken(deleted.token)]);
      await api.db(`update session set expires_at = now() - interval '1 second' where token_hash = ?`, [hashToken(expired.token)]);
      await shareWork(sharer, 'second', { authorName: 'Outside Writer' });
      await kept.waitFor(2);
      await Promise.all([gone.ended(), lapsed.ended()]);
      expect(gone.nexts.map((n) => n.data.feedEvents.share.title)).toEqual(['first']);
      expect(lapsed.nexts.map((n) => n.data.feedEvents.share.title)).toEqual(['first']);
      expect(kept.nexts.map((n) => n.data.feedEvents.share.title)).toEqual(['first', 'second']);
    } finally {
      await Promise.all(subscribers.map((s) => s.close()));
    }
  });

  it('writes an AUDIENCE event only to the sockets of its audience', async () => {
    const { connector, a, b } = await newTrio(api);
    const outsider = await newPerson(api);
    const [toConnector, toA, toOutsider] = await Promise.all(
      [connector, a, outsider].map((person) => rawSubscribe(api.wsUrl, person.token, UPDATES, { since: null })),
    );
    try {
      await sleep(200);
      await newIntroduction(api, connector, a, b);
      await Promise.all([toConnector.waitFor(1), toA.waitFor(1)]);
      // A public event after it: once it has reached the outsider's socket, the private one would have too.
      const sharer = await newPerson(api);
      const feedOfOutsider = await feedSubscriber(outsider);
      await sleep(200);
      await shareWork(sharer, 'public after private', { authorName: 'Outside Writer' });
      await feedOfOutsider.waitFor(1);
      await feedOfOutsider.close();
      expect(toOutsider.nexts).toEqual([]);
      expect(toA.nexts.map((n) => n.data.introductionUpdates.kind)).toContain('INTRODUCTION_ASKED');
    } finally {
      await Promise.all([toConnector.close(), toA.close(), toOutsider.close()]);
    }
  });
});

describe('a slow consumer', () => {
  let small: TestApi;
  beforeAll(async () => {
    small = await startTestApi({ LIVE_MAX_BUFFERED_BYTES: '16384' });
  });
  afterAll(() => small?.close());

  it('is dropped with a resume cursor, and the others get every event', async () => {
    const [sharer, slowReader, reader] = [await newPerson(small), await newPerson(small), await newPerson(small)];
    // Fat events (the 2,000-character note 14 times, on 15 subscriptions of one socket), so
    // that the kernel's socket buffers fill after a few dozen shares and the server's start to.
    const FAT = `subscription { feedEvents { id share { title ${Array.from({ length: 14 }, (_, i) => `n${i}: note`).join(' ')} } } }`;
    const slow = await rawSubscribe(small.wsUrl, slowReader.token, FAT, {}, undefined, 15);
    const fast = await rawSubscribe(small.wsUrl, reader.token, FEED_DOCUMENT, { since: null }, 'FeedEvents');
    const hub = fanoutHubOf(small.server.live)!;
    const note = 'A long note, so that every event is many kilobytes on the slow socket. '.repeat(28).slice(0, 2_000);
    const shareOne = async (i: number) => {
      const res = await small.gql(
        `mutation ($input: ShareWorkInput!) { shareWork(input: $input) { id } }`,
        { input: { url: 'https://example.com/slow', title: `share ${i}`, note, authorName: 'Outside Writer' } },
        { token: sharer.token },
      );
      expect(res.errors).toBeUndefined();
    };
    try {
      await sleep(300);
      slow.pause();
      let shares = 0;
      while (hub.slowConsumersDropped === 0) {
        expect(shares).toBeLessThan(400);
        await shareOne(shares++);
      }
      // A few more after the drop: the others still get everything, in order.
      for (let i = 0; i < 3; i++) await shareOne(shares++);
      await fast.waitFor(shares, 30_000);
      expect(fast.nexts.map((n) => n.data.feedEvents.share.title)).toEqual(Array.from({ length: shares }, (_, i) => `share ${i}`));

      slow.resume();
      await sleep(500);
      await slow.ended(15_000);
      await new Promise<void>((resolve) => (slow.closeCode !== null ? resolve() : slow.socket.once('close', () => resolve())));
      // It got a prefix on each subscription, in order, then the reason, a cursor to resume from, and the close.
      for (let copy = 1; copy <= 15; copy++) {
        const titles = slow.nexts.filter((n) => n.id === String(copy)).map((n) => n.data.feedEvents.share.title);
        expect(titles.length).toBeLessThan(shares);
        expect(titles).toEqual(Array.from({ length: titles.length }, (_, i) => `share ${i}`));
      }
      expect(slow.errors[0]?.[0]?.extensions?.code).toBe('RATE_LIMITED');
      expect(slow.errors[0]?.[0]?.extensions?.resumeAfter).toEqual(expect.any(String));
      expect(slow.closeCode).toBe(4008);
    } finally {
      await Promise.all([slow.close(), fast.close()]);
    }
  }, 120_000);
});
