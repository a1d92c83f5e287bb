import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  RippleEventsPageDocument,
  RippleGrowthDocument,
  RipplePeoplePageDocument,
  type RippleGrowthSubscription,
  type RippleQuery,
} from '@ripple/schema';
import type { Client } from '@urql/core';
import amaraIntro from './fixtures/amara-intro.json';
import sarahShare from './fixtures/sarah-share.json';
import type { RippleEventInput } from './ripple-graph';
import { RippleSource } from './ripple-source.svelte';

type Fixture = { eventId: string; stats: RippleQuery['ripple']['stats']; events: (RippleEventInput & { depth: number })[]; people: RippleQuery['ripple']['people']['edges'][number]['node'][] };
const share = sarahShare as Fixture;
const intro = amaraIntro as Fixture;

/** A page of a list, as the API answers it: cursors are positions here. */
function page<T>(items: readonly T[], from: number, size: number) {
  const slice = items.slice(from, from + size);
  return {
    edges: slice.map((node) => ({ node })),
    pageInfo: { endCursor: slice.length ? String(from + slice.length) : null, hasNextPage: from + size < items.length },
  };
}

function firstPage(fixture: Fixture, size: number): RippleQuery['ripple'] {
  return {
    root: { id: fixture.eventId, kind: 'SHARED', createdAt: fixture.events[0]!.createdAt, actor: { id: 'a', handle: 'a', name: 'A' }, subject: null, share: null, introduction: null },
    stats: fixture.stats,
    events: page(fixture.events, 0, size),
    people: page(fixture.people, 0, size),
  };
}

type Sink = (result: { data?: RippleGrowthSubscription; error?: unknown }) => void;

/** Just enough of urql's Client: the ripple's pages from the fixture, and subscriptions we can feed. */
function fakeClient(fixture: Fixture, size: number) {
  const subscriptions: { variables: { eventId: string; since: string | null }; sink: Sink; closed: boolean }[] = [];
  const queries: { document: unknown; after: string | null }[] = [];
  const client = {
    query(document: unknown, variables: { after: string | null; first: number }) {
      queries.push({ document, after: variables.after });
      const from = variables.after === null ? 0 : Number(variables.after);
      const data =
        document === RippleEventsPageDocument
          ? { ripple: { events: page(fixture.events, from, size) } }
          : document === RipplePeoplePageDocument
            ? { ripple: { people: page(fixture.people, from, size) } }
            : null;
      return { toPromise: async () => ({ data }) };
    },
    subscription(document: unknown, variables: { eventId: string; since: string | null }) {
      expect(document).toBe(RippleGrowthDocument);
      return {
        subscribe(sink: Sink) {
          const subscription = { variables, sink, closed: false };
          subscriptions.push(subscription);
          return { unsubscribe: () => (subscription.closed = true) };
        },
      };
    },
  };
  return { client: client as unknown as Client, subscriptions, queries };
}

const person = (id: string, name: string) => ({ id, handle: name.toLowerCase(), name, avatarUrl: null });

afterEach(() => vi.useRealTimers());

describe('RippleSource', () => {
  it('loads the pages after the first by cursor, with progress, then goes live from the last event', async () => {
    const { client, subscriptions, queries } = fakeClient(share, 20);
    const source = new RippleSource(client, share.eventId, firstPage(share, 20));
    // Nothing is drawn from a part of the ripple: it arrives whole, as one snapshot.
    expect(source.graph.eventCount).toBe(0);
    const loading = source.start();
    expect(source.progress).toEqual({ events: 20, total: 60 });
    await loading;
    expect(source.progress).toBeNull();
    expect(source.graph.eventCount).toBe(60);
    expect(source.graph.cards.every((card) => card !== null)).toBe(true);
    // Events and people page at once, each by its own cursor.
    expect(queries.filter((q) => q.document === RippleEventsPageDocument).map((q) => q.after)).toEqual(['20', '40']);
    expect(queries.filter((q) => q.document === RipplePeoplePageDocument).map((q) => q.after)).toEqual(['20', '40']);
    expect(subscriptions).toHaveLength(1);
    expect(subscriptions[0]!.variables).toEqual({ eventId: share.eventId, since: share.events.at(-1)!.id });
    expect(source.live).toBe(true);
    expect(source.graph.figures()).toEqual(share.stats);
    // Laid out (here in this thread: no workers under node), everyone placed.
    await vi.waitFor(() => expect(source.ready).toBe(true));
    expect(source.graph.layout.count).toBe(source.graph.personCount);
  });

  it('grows with live events, once each, and names the newcomers', async () => {
    const { client, subscriptions } = fakeClient(share, 1000);
    const source = new RippleSource(client, share.eventId, firstPage(share, 1000));
    await source.start();
    const chrisReshare = share.events[3]!;
    const live: RippleGrowthSubscription['rippleEvents'] = {
      id: 'RXZlbnQ6OTk5',
      kind: 'RESHARED',
      createdAt: new Date().toISOString(),
      actor: person('UGVyc29uOjk5', 'Dev Costa'),
      subject: person(chrisReshare.actorId, 'Chris Adeyemi'),
      cause: { id: chrisReshare.id },
      share: { id: 'U2hhcmU6OTk' },
      introduction: null,
    };
    let changes = 0;
    source.onChange = () => changes++;
    subscriptions[0]!.sink({ data: { rippleEvents: live } });
    subscriptions[0]!.sink({ data: { rippleEvents: live } });
    expect(source.graph.eventCount).toBe(61);
    expect(source.graph.shown).toBe(61);
    expect(source.graph.nameOf(source.graph.indexOfPerson('UGVyc29uOjk5'))).toBe('Dev Costa');
    expect(source.graph.figures()!.size).toBe(61);
    expect(changes).toBe(2);
    // The newcomer gets a place of their own, nobody else moves.
    const before = Array.from(source.graph.layout.x.subarray(0, 59));
    await vi.waitFor(() => expect(source.graph.layout.count).toBe(60));
    expect(Array.from(source.graph.layout.x.subarray(0, 59))).toEqual(before);
  });

  it('opens the stream again from the last event it holds when it ends with an error', async () => {
    vi.useFakeTimers();
    const { client, subscriptions } = fakeClient(share, 1000);
    const source = new RippleSource(client, share.eventId, firstPage(share, 1000));
    await source.start();
    subscriptions[0]!.sink({
      data: {
        rippleEvents: {
          id: 'RXZlbnQ6OTk5',
          kind: 'FOLLOWED',
          createdAt: new Date().toISOString(),
          actor: person('UGVyc29uOjk5', 'Dev Costa'),
          subject: person(share.events[0]!.subjectId!, 'Maya'),
          cause: { id: share.events[0]!.id },
          share: null,
          introduction: null,
        },
      },
    });
    subscriptions[0]!.sink({ error: { graphQLErrors: [], networkError: new Error('socket closed') } });
    expect(subscriptions[0]!.closed).toBe(true);
    expect(source.live).toBe(false);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(subscriptions).toHaveLength(2);
    expect(subscriptions[1]!.variables.since).toBe('RXZlbnQ6OTk5');
    expect(source.live).toBe(true);
    source.stop();
    expect(subscriptions[1]!.closed).toBe(true);
  });

  it('gives up when the ripple is gone or no longer the viewer’s', async () => {
    vi.useFakeTimers();
    const { client, subscriptions } = fakeClient(share, 1000);
    const source = new RippleSource(client, share.eventId, firstPage(share, 1000));
    await source.start();
    subscriptions[0]!.sink({ error: { graphQLErrors: [{ message: 'gone', extensions: { code: 'NOT_FOUND' } }] } });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(subscriptions).toHaveLength(1);
  });

  it('fills in an introduction’s second person from the pages when the live event cannot say', async () => {
    const [introduced, connected, met, ...later] = intro.events;
    const { client, subscriptions } = fakeClient(intro, 1000);
    const first = firstPage({ ...intro, events: [introduced!, connected!, met!] }, 1000);
    const source = new RippleSource(client, intro.eventId, first);
    await source.start();
    const kwame = intro.people.find((p) => p.handle === 'kwame')!;
    const ines = intro.people.find((p) => p.handle === 'ines')!;
    // Kwame introduces Inès to Leo: the viewer may not see that introduction, so no `people`.
    subscriptions[0]!.sink({
      data: {
        rippleEvents: {
          id: later[0]!.id,
          kind: 'INTRODUCED',
          createdAt: later[0]!.createdAt,
          actor: kwame,
          subject: ines,
          cause: { id: later[0]!.causeId! },
          share: null,
          introduction: null,
        },
      },
    });
    await vi.waitFor(() => expect(source.graph.eventCount).toBe(5));
    expect(source.graph.figures()).toEqual(intro.stats);
  });
});
