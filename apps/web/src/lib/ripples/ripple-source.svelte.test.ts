import { afterEach, describe, expect, it, vi } from 'vitest';
import { RippleDocument, RippleGrowthDocument, type RippleGrowthSubscription, type RippleQuery, type RippleSnapshotData } from '@ripple/schema';
import type { Client } from '@urql/core';
import amaraIntro from './fixtures/amara-intro.json';
import sarahShare from './fixtures/sarah-share.json';
import { snapshotFromPages, type PagedEvent, type PagedPerson } from './fixtures/paged-snapshot';
import { RippleSource } from './ripple-source.svelte';

type Fixture = { eventId: string; stats: RippleQuery['ripple']['stats']; events: PagedEvent[]; people: PagedPerson[] };
const share = sarahShare as unknown as Fixture;
const intro = amaraIntro as unknown as Fixture;

/** What the route loads: the root, the figures and the whole ripple as one snapshot. */
function routeData(fixture: Fixture, snapshot: RippleSnapshotData = snapshotFromPages(fixture.events, fixture.people)): RippleQuery['ripple'] {
  return {
    root: { id: fixture.eventId, kind: 'SHARED', createdAt: fixture.events[0]!.createdAt, actor: { id: 'a', handle: 'a', name: 'A' }, subject: null, share: null, introduction: null },
    stats: fixture.stats,
    comparison: null,
    snapshot,
  };
}

type Sink = (result: { data?: RippleGrowthSubscription; error?: unknown }) => void;

/** Just enough of urql's Client: the ripple's snapshot from the fixture, and subscriptions we can feed. */
function fakeClient(fixture: Fixture) {
  const subscriptions: { variables: { eventId: string; since: string | null }; sink: Sink; closed: boolean }[] = [];
  const queries: unknown[] = [];
  const client = {
    query(document: unknown) {
      queries.push(document);
      const data = document === RippleDocument ? { ripple: routeData(fixture) } : null;
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
  it('takes the whole ripple from the route’s snapshot (no request of its own), lays it out, then goes live from its last event', async () => {
    const { client, subscriptions, queries } = fakeClient(share);
    const source = new RippleSource(client, share.eventId, routeData(share));
    // Nothing is drawn from a part of the ripple: it arrives whole.
    expect(source.graph.eventCount).toBe(0);
    await source.start();
    expect(queries).toEqual([]);
    expect(source.graph.eventCount).toBe(60);
    expect(source.graph.cards.every((card) => card !== null)).toBe(true);
    expect(subscriptions).toHaveLength(1);
    expect(subscriptions[0]!.variables).toEqual({ eventId: share.eventId, since: share.events.at(-1)!.id });
    expect(source.live).toBe(true);
    expect(source.graph.figures()).toEqual(share.stats);
    // Laid out (here in this thread: no workers under node), everyone placed.
    await vi.waitFor(() => expect(source.ready).toBe(true));
    expect(source.graph.layout.count).toBe(source.graph.personCount);
  });

  it('grows with live events, once each, and names the newcomers', async () => {
    const { client, subscriptions } = fakeClient(share);
    const source = new RippleSource(client, share.eventId, routeData(share));
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
    const { client, subscriptions } = fakeClient(share);
    const source = new RippleSource(client, share.eventId, routeData(share));
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
    const { client, subscriptions } = fakeClient(share);
    const source = new RippleSource(client, share.eventId, routeData(share));
    await source.start();
    subscriptions[0]!.sink({ error: { graphQLErrors: [{ message: 'gone', extensions: { code: 'NOT_FOUND' } }] } });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(subscriptions).toHaveLength(1);
  });

  it('fills in an introduction’s second person from the snapshot when the live event cannot say', async () => {
    const [introduced, connected, met, ...later] = intro.events;
    const { client, subscriptions } = fakeClient(intro);
    const first = routeData(intro, snapshotFromPages([introduced!, connected!, met!], intro.people));
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
