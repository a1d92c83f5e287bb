import {
  RippleEventsPageDocument,
  RippleGrowthDocument,
  RipplePeoplePageDocument,
  type RippleEventFieldsFragment,
  type RippleGrowthSubscription,
  type RipplePersonFieldsFragment,
  type RippleQuery,
} from '@ripple/schema';
import type { Client } from '@urql/core';
import { hasCode, problemsFrom } from '$lib/graphql/problems';
import { retryDelayMs } from '$lib/graphql/resume';
import { RippleGraph, type RippleEventInput } from './ripple-graph';

/** The API's largest page of a ripple's events or people. */
export const RIPPLE_PAGE = 1000;

type LiveEvent = RippleGrowthSubscription['rippleEvents'];

/**
 * Feeds one ripple into a RippleGraph: the first page (loaded by the
 * route), then the remaining pages of events and people by cursor, then
 * live growth from `rippleEvents(eventId, since: <last event id>)`.
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
  /** Called after every change, e.g. to redraw. */
  onChange: (() => void) | null = null;

  #client: Client;
  #eventId: string;
  #eventsCursor: string | null;
  #peopleCursor: string | null;
  #stopped = false;
  #subscription: { unsubscribe(): void } | null = null;
  #retries = 0;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #syncing: Promise<void> | null = null;
  #moreEvents: boolean;
  #morePeople: boolean;
  /** The ripple's size when first asked: what the progress bar counts towards. */
  #expected = 0;

  constructor(client: Client, eventId: string, first: RippleQuery['ripple']) {
    this.#client = client;
    this.#eventId = eventId;
    this.#eventsCursor = first.events.pageInfo.endCursor;
    this.#peopleCursor = first.people.pageInfo.endCursor;
    this.#moreEvents = first.events.pageInfo.hasNextPage;
    this.#morePeople = first.people.pageInfo.hasNextPage;
    this.#addEvents(first.events.edges.map((edge) => edge.node));
    this.#addPeople(first.people.edges.map((edge) => edge.node));
    this.#expected = first.stats.size;
    this.#changed();
  }

  /** Loads the pages after the first, then goes live. */
  async start(): Promise<void> {
    if (this.#moreEvents || this.#morePeople) {
      this.progress = { events: this.graph.eventCount, total: Math.max(this.#expected, this.graph.eventCount) };
    }
    try {
      if (this.#moreEvents) await this.#loadEvents(true);
      if (this.#moreEvents || this.#morePeople) await this.#loadPeople();
    } catch (error) {
      if (this.#stopped) return;
      this.problem = problemsFrom(error as Parameters<typeof problemsFrom>[0]).summary ?? 'The rest of this ripple could not be loaded.';
      this.progress = null;
      return;
    }
    if (this.#stopped) return;
    this.progress = null;
    this.#subscribe();
  }

  stop(): void {
    this.#stopped = true;
    this.#subscription?.unsubscribe();
    this.#subscription = null;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.live = false;
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
    this.#changed();
  }

  /** Reads the ripple's pages after the last cursor (live events included, merged by id). */
  #sync(): Promise<void> {
    this.#syncing ??= (async () => {
      try {
        await this.#loadEvents(false);
        await this.#loadPeople();
      } catch {
        // The next live event tries again.
      } finally {
        this.#syncing = null;
      }
    })();
    return this.#syncing;
  }

  async #loadEvents(reportProgress: boolean) {
    for (;;) {
      if (this.#stopped) return;
      const result = await this.#client
        .query(RippleEventsPageDocument, { eventId: this.#eventId, first: RIPPLE_PAGE, after: this.#eventsCursor }, { requestPolicy: 'network-only' })
        .toPromise();
      if (!result.data) throw result.error;
      const page = result.data.ripple.events;
      this.#addEvents(page.edges.map((edge) => edge.node));
      this.#eventsCursor = page.pageInfo.endCursor ?? this.#eventsCursor;
      if (reportProgress && this.progress) {
        this.progress = { events: this.graph.eventCount, total: Math.max(this.progress.total, this.graph.eventCount) };
      }
      this.#changed();
      if (!page.pageInfo.hasNextPage) return;
    }
  }

  /** People come after events: the list then names everyone the events mention. */
  async #loadPeople() {
    for (;;) {
      if (this.#stopped) return;
      const result = await this.#client
        .query(RipplePeoplePageDocument, { eventId: this.#eventId, first: RIPPLE_PAGE, after: this.#peopleCursor }, { requestPolicy: 'network-only' })
        .toPromise();
      if (!result.data) throw result.error;
      const page = result.data.ripple.people;
      this.#addPeople(page.edges.map((edge) => edge.node));
      this.#peopleCursor = page.pageInfo.endCursor ?? this.#peopleCursor;
      this.#changed();
      if (!page.pageInfo.hasNextPage) return;
    }
  }

  #addEvents(events: readonly RippleEventFieldsFragment[]) {
    for (const event of events) this.graph.add(event);
  }

  #addPeople(people: readonly RipplePersonFieldsFragment[]) {
    for (const person of people) this.graph.setCard(person);
  }

  #changed() {
    this.version = this.graph.version;
    this.onChange?.();
  }
}
