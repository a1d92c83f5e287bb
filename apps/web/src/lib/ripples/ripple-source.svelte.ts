import {
  RippleEventsPageDocument,
  RippleGrowthDocument,
  RipplePeoplePageDocument,
  type RippleEventFieldsFragment,
  type RippleGrowthSubscription,
  type RipplePersonFieldsFragment,
  type RippleQuery,
  type RippleSnapshotData,
} from '@ripple/schema';
import type { Client } from '@urql/core';
import { hasCode, problemsFrom } from '$lib/graphql/problems';
import { retryDelayMs } from '$lib/graphql/resume';
import { LayoutClient } from './layout-client';
import { snapshotFromPages } from './paged-snapshot';
import { RippleGraph, type RippleEventInput } from './ripple-graph';

/** The API's largest page of a ripple's events or people. */
export const RIPPLE_PAGE = 1000;

type LiveEvent = RippleGrowthSubscription['rippleEvents'];

/** When the explorer got its data and first drew it (performance.now() ms), for the browser test. */
export interface RippleTimings {
  dataAt: number;
  layoutMs: number;
  placedAt: number;
  firstDrawAt: number;
}

declare global {
  interface Window {
    __rippleTimings?: Partial<RippleTimings>;
  }
}

/**
 * Feeds one ripple into a RippleGraph: the whole ripple as one snapshot,
 * laid out in a worker, then live growth from
 * `rippleEvents(eventId, since: snapshot.cursor)`, appended to the same
 * structures (the worker places newcomers; nobody moves).
 *
 * Until the API serves `Ripple.snapshot`, the snapshot is assembled from
 * the paged `Ripple.events` and `Ripple.people` (paged-snapshot.ts).
 *
 * The socket itself reconnects and resubscribes from the last event
 * received (lib/graphql/resume.ts); if the stream ends with an error
 * anyway, it is opened again from the last event this graph holds.
 * Nothing is lost or doubled: events are merged by id.
 */
export class RippleSource {
  readonly graph = new RippleGraph();
  /** Bumped whenever the graph changes, for whatever the page derives from it. */
  version = $state(0);
  /** While pages are loading: how many events are in, of how many the ripple had when first asked. */
  progress = $state<{ events: number; total: number } | null>(null);
  problem = $state<string | null>(null);
  /** True while the live stream is open. */
  live = $state(false);
  /** True once the whole ripple is in and placed. */
  ready = $state(false);
  /** Called after every change, e.g. to redraw. */
  onChange: (() => void) | null = null;

  #client: Client;
  #eventId: string;
  #first: RippleQuery['ripple'];
  #events: RippleEventFieldsFragment[] = [];
  #people: RipplePersonFieldsFragment[] = [];
  #eventsCursor: string | null;
  #peopleCursor: string | null;
  #stopped = false;
  #subscription: { unsubscribe(): void } | null = null;
  #retries = 0;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #syncing: Promise<void> | null = null;
  #layout: LayoutClient | null = null;
  /** Events and people sent to the layout so far. */
  #sentEvents = 0;
  #sentPeople = 0;

  constructor(client: Client, eventId: string, first: RippleQuery['ripple']) {
    this.#client = client;
    this.#eventId = eventId;
    this.#first = first;
    this.#events = first.events.edges.map((edge) => edge.node);
    this.#people = first.people.edges.map((edge) => edge.node);
    this.#eventsCursor = first.events.pageInfo.endCursor;
    this.#peopleCursor = first.people.pageInfo.endCursor;
  }

  /** Loads the whole ripple, lays it out, then goes live. */
  async start(): Promise<void> {
    this.problem = null;
    // The worker starts while the data is on its way.
    this.#layout ??= new LayoutClient((placement) => this.#placed(placement));
    let snapshot: RippleSnapshotData;
    try {
      snapshot = await this.#loadSnapshot();
    } catch (error) {
      if (this.#stopped) return;
      this.problem = problemsFrom(error as Parameters<typeof problemsFrom>[0]).summary ?? 'The rest of this ripple could not be loaded.';
      this.progress = null;
      return;
    }
    if (this.#stopped) return;
    this.progress = null;
    if (this.graph.eventCount === 0) {
      if (typeof window !== 'undefined') window.__rippleTimings = { dataAt: performance.now() };
      // The worker lays the snapshot out while this thread indexes it: the same columns, the same numbering.
      const { events, kinds } = snapshot;
      this.#layout.all(
        { kind: events.kind.map((k) => kinds[k]!), parent: events.parent, actor: events.actor, subject: events.subject, subject2: events.subject2 },
        snapshot.people.id.length,
      );
      this.graph.loadSnapshot(snapshot);
      this.#sentEvents = this.graph.eventCount;
      this.#sentPeople = snapshot.people.id.length;
      this.#sendToLayout();
      this.#changed();
    }
    this.#subscribe();
  }

  #placed(placement: { from: number; x: Float32Array; y: Float32Array }) {
    this.graph.layout.set(placement.from, placement.x, placement.y);
    if (!this.ready) {
      this.ready = true;
      if (typeof window !== 'undefined') Object.assign((window.__rippleTimings ??= {}), { placedAt: performance.now(), layoutMs: this.#layout?.lastMs ?? 0 });
    }
    this.graph.version++;
    this.#changed();
  }

  stop(): void {
    this.#stopped = true;
    this.#subscription?.unsubscribe();
    this.#subscription = null;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#layout?.destroy();
    this.live = false;
  }

  /** Every page of the ripple, as one snapshot (until the API serves `Ripple.snapshot`). */
  async #loadSnapshot(): Promise<RippleSnapshotData> {
    const total = Math.max(this.#first.stats.size, this.#events.length);
    if (this.#first.events.pageInfo.hasNextPage || this.#first.people.pageInfo.hasNextPage) {
      this.progress = { events: this.#events.length, total };
      // The two lists page independently: both at once.
      await Promise.all([
        this.#first.events.pageInfo.hasNextPage &&
          this.#pages(RippleEventsPageDocument, 'events', (page) => {
            this.#events.push(...(page as RippleEventFieldsFragment[]));
            this.progress = { events: this.#events.length, total: Math.max(total, this.#events.length) };
          }),
        this.#first.people.pageInfo.hasNextPage && this.#pages(RipplePeoplePageDocument, 'people', (page) => this.#people.push(...(page as RipplePersonFieldsFragment[]))),
      ]);
    }
    return snapshotFromPages(this.#events, this.#people);
  }

  async #pages(document: typeof RippleEventsPageDocument | typeof RipplePeoplePageDocument, list: 'events' | 'people', take: (page: unknown[]) => void) {
    for (;;) {
      if (this.#stopped) return;
      const after = list === 'events' ? this.#eventsCursor : this.#peopleCursor;
      const result = await this.#client
        .query(document as typeof RippleEventsPageDocument, { eventId: this.#eventId, first: RIPPLE_PAGE, after }, { requestPolicy: 'network-only' })
        .toPromise();
      if (!result.data) throw result.error;
      const page = (result.data.ripple as unknown as Record<string, { edges: { node: unknown }[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } }>)[list]!;
      take(page.edges.map((edge) => edge.node));
      if (list === 'events') this.#eventsCursor = page.pageInfo.endCursor ?? this.#eventsCursor;
      else this.#peopleCursor = page.pageInfo.endCursor ?? this.#peopleCursor;
      if (!page.pageInfo.hasNextPage) return;
    }
  }

  #subscribe() {
    if (this.#stopped) return;
    const graph = this.graph;
    const since = graph.eventIds[graph.eventCount - 1] ?? null;
    this.live = true;
    this.#subscription = this.#client
      .subscription(RippleGrowthDocument, { eventId: this.#eventId, since })
      .subscribe((result) => {
        if (result.data) {
          this.#retries = 0;
          this.#addLive(result.data.rippleEvents);
        } else if (result.error) {
          this.#subscription?.unsubscribe();
          this.#subscription = null;
          this.live = false;
          // Gone or no longer ours: nothing more will come. Anything else: try again, from what we hold.
          if (hasCode(result.error, 'NOT_FOUND') || hasCode(result.error, 'UNAUTHENTICATED')) return;
          this.#retryTimer = setTimeout(() => this.#subscribe(), retryDelayMs(this.#retries++));
        }
      });
  }

  #addLive(event: LiveEvent) {
    const graph = this.graph;
    const subject2 =
      event.kind === 'INTRODUCED' ? (event.introduction?.people.find((p) => p.id !== event.subject?.id)?.id ?? null) : null;
    const input: RippleEventInput = {
      id: event.id,
      kind: event.kind,
      actorId: event.actor.id,
      subjectId: event.subject?.id ?? null,
      subject2Id: subject2,
      shareId: event.share?.id ?? null,
      introductionId: event.introduction?.id ?? null,
      causeId: event.cause?.id ?? null,
      createdAt: event.createdAt,
    };
    const added = graph.add(input);
    for (const person of [event.actor, event.subject, ...(event.introduction?.people ?? [])]) {
      if (person) graph.setCard(person);
    }
    // Live events carry no second subject: an introduction the viewer may not see
    // leaves its second person unknown, and an unknown cause means we missed something.
    // The ripple's own pages have both: read what came after the last page.
    if (added === 'orphan' || (event.kind === 'INTRODUCED' && subject2 === null)) void this.#sync();
    this.#sendToLayout();
    this.#changed();
  }

  /** Reads the ripple's event pages after the last cursor (live events included, merged by id). */
  #sync(): Promise<void> {
    this.#syncing ??= (async () => {
      try {
        const people: RipplePersonFieldsFragment[] = [];
        await this.#pages(RippleEventsPageDocument, 'events', (page) => {
          for (const event of page as RippleEventFieldsFragment[]) this.graph.add(event);
        });
        await this.#pages(RipplePeoplePageDocument, 'people', (page) => people.push(...(page as RipplePersonFieldsFragment[])));
        for (const person of people) this.graph.setCard(person);
        this.#sendToLayout();
        this.#changed();
      } catch {
        // The next live event tries again.
      } finally {
        this.#syncing = null;
      }
    })();
    return this.#syncing;
  }

  /** Sends the events the layout has not seen (and the count of people) to the worker. */
  #sendToLayout() {
    const graph = this.graph;
    if (!this.#layout || (graph.eventCount === this.#sentEvents && graph.personCount === this.#sentPeople)) return;
    const [from, to] = [this.#sentEvents, graph.eventCount];
    const events = {
      kind: graph.kinds.slice(from, to),
      parent: graph.parent.slice(from, to),
      actor: graph.actor.slice(from, to),
      subject: graph.subject.slice(from, to),
      subject2: graph.subject2.slice(from, to),
    };
    if (from === 0) this.#layout.all(events, graph.personCount);
    else this.#layout.append(events, graph.personCount);
    this.#sentEvents = to;
    this.#sentPeople = graph.personCount;
  }

  #changed() {
    this.version = this.graph.version;
    this.onChange?.();
  }
}
