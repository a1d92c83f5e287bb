import { RippleDocument, RippleGrowthDocument, type RippleGrowthSubscription, type RippleQuery, type RippleSnapshotData } from '@ripple/schema';
import type { Client } from '@urql/core';
import { hasCode, problemsFrom } from '$lib/graphql/problems';
import { retryDelayMs } from '$lib/graphql/resume';
import { LayoutClient } from './layout-client';
import { RippleGraph, type RippleEventInput } from './ripple-graph';

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
 * Feeds one ripple into a RippleGraph: the whole ripple as one snapshot
 * (`Ripple.snapshot`, loaded by the route in one request), laid out in a
 * worker, then live growth from `rippleEvents(eventId, since:
 * snapshot.cursor)`, appended to the same structures (the worker places
 * newcomers; nobody moves).
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

  /** The whole ripple: the route's snapshot (no request of its own). */
  async #loadSnapshot(): Promise<RippleSnapshotData> {
    return this.#first.snapshot;
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
    // The ripple's snapshot has both: read it again.
    if (added === 'orphan' || (event.kind === 'INTRODUCED' && subject2 === null)) void this.#sync();
    this.#sendToLayout();
    this.#changed();
  }

  /**
   * Reads the whole ripple again (one snapshot) and merges it by id: what a
   * live event could not say (its cause, an introduction's second person)
   * is in it.
   */
  #sync(): Promise<void> {
    this.#syncing ??= (async () => {
      try {
        const result = await this.#client.query(RippleDocument, { eventId: this.#eventId }, { requestPolicy: 'network-only' }).toPromise();
        if (!result.data) return;
        const snapshot = result.data.ripple.snapshot;
        const { events, people, kinds } = snapshot;
        const personId = (p: number) => (p < 0 ? null : people.id[p]!);
        for (let i = 0; i < snapshot.size; i++) {
          this.graph.add({
            id: events.id[i]!,
            kind: kinds[events.kind[i]!]!,
            actorId: people.id[events.actor[i]!]!,
            subjectId: personId(events.subject[i]!),
            subject2Id: personId(events.subject2[i]!),
            shareId: events.share[i]! < 0 ? null : snapshot.shares.id[events.share[i]!]!,
            introductionId: events.introduction[i]! < 0 ? null : snapshot.introductions.id[events.introduction[i]!]!,
            causeId: events.parent[i]! < 0 ? null : events.id[events.parent[i]!]!,
            createdAt: new Date(snapshot.startedAt + events.at[i]!).toISOString(),
          });
        }
        for (let p = 0; p < people.id.length; p++) this.graph.setCard({ id: people.id[p]!, handle: people.handle[p]!, name: people.name[p]!, avatarUrl: people.avatarUrl[p] ?? null });
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
