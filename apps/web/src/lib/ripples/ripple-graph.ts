import type { EventKind, RippleSnapshotData } from '@ripple/schema';
import { EDGE_TYPES, EDGE_TYPE_INDEX, edgesOf } from './edges';
import { rippleFigures, type FigureNode, type RippleFigures } from './figures';
import { PositionIndex, radiusFor } from './layout';
import { subRippleSizes, type StoryColumns } from './story-columns';

/**
 * One ripple in memory, for drawing and replaying: its events in arrival
 * order (the snapshot's order, then live ones), the people they involve
 * (small integers: the snapshot's people, then newcomers), the edges
 * between them, where each person is drawn (placed by the layout worker),
 * and the replay's playback order with the visible prefix.
 *
 * Plain typed arrays, grown by doubling, so the frame loop reads numbers
 * and allocates nothing; the UI learns of changes through `version`.
 */

/** An event as the explorer needs it: RippleEvent's fields (ids are global ids). */
export interface RippleEventInput {
  id: string;
  kind: EventKind;
  actorId: string;
  subjectId: string | null;
  subject2Id: string | null;
  shareId: string | null;
  introductionId: string | null;
  /** Null only for the ripple's root. */
  causeId: string | null;
  createdAt: string;
}

export interface PersonCard {
  id: string;
  handle: string;
  name: string;
  avatarUrl: string | null;
}

export type AddResult = 'added' | 'updated' | 'known' | 'orphan';

const NONE = -1;

export class RippleGraph {
  /** Where people are drawn: filled in by the layout worker (`layout.set`), people without a place yet are not drawn. */
  readonly layout = new PositionIndex();
  /** Where the snapshot's times count from (epoch ms). */
  startedAt = 0;

  // Events, in arrival order (every event after its cause).
  eventCount = 0;
  eventIds: string[] = [];
  kinds: EventKind[] = [];
  shareIds: (string | null)[] = [];
  introductionIds: (string | null)[] = [];
  parent = new Int32Array(64);
  level = new Int32Array(64);
  /** createdAt, epoch ms. */
  time = new Float64Array(64);
  actor = new Int32Array(64);
  subject = new Int32Array(64);
  subject2 = new Int32Array(64);
  #eventIndex = new Map<string, number>();

  // People, in the order they joined.
  personCount = 0;
  personIds: string[] = [];
  cards: (PersonCard | null)[] = [];
  /** Events of the whole ripple they are in (RipplePerson.eventCount). */
  totalEvents = new Int32Array(64);
  /** Events of the shown prefix they are in; 0 = not shown. */
  shownEvents = new Int32Array(64);
  #radius = new Float32Array(64);
  #reach = new Int32Array(0);
  #reachFor = -1;
  #totalReach = new Int32Array(0);
  #edgeOfEvent = new Int32Array(0);
  #edgeOfEventFor = -1;
  #totalReachFor = -1;
  /** The event in which they first appear. */
  firstEvent = new Int32Array(64);
  #personIndex = new Map<string, number>();
  /** Cards of people not met yet: the people list runs ahead of the events loaded so far. */
  #pendingCards = new Map<string, PersonCard>();

  // Edges (an event has 0, 1 or 2).
  edgeCount = 0;
  edgeFrom = new Int32Array(64);
  edgeTo = new Int32Array(64);
  edgeType = new Uint8Array(64);
  edgeEvent = new Int32Array(64);
  /** Sideways bulge of the curve, in world units, for the 2nd, 3rd… edge between one pair. */
  edgeBend = new Float32Array(64);
  /** Edge indices per type, for batched drawing. */
  edgesByType: { list: Int32Array; length: number }[] = EDGE_TYPES.map(() => ({ list: new Int32Array(64), length: 0 }));
  #pairEdges = new Map<number, number>();

  // Replay: the order events are played in (by createdAt), and how many of them show.
  #order = new Int32Array(64);
  #rank = new Int32Array(64);
  #effective = new Float64Array(64);
  #orderDirty = false;
  #figureNodes: FigureNode<number>[] = [];
  /** Events shown, a prefix of the playback order. */
  shown = 0;

  /** Bumped on every change that the page shows. */
  version = 0;
  /** Bumped when events are added (not when the replay moves). */
  eventsVersion = 0;
  /** Bumped when a name card arrives or changes (labels are measured again). */
  cardsVersion = 0;

  /** The root's actor; -1 while empty. */
  get rootPerson(): number {
    return this.eventCount > 0 ? this.actor[0]! : NONE;
  }

  indexOfEvent(id: string): number {
    return this.#eventIndex.get(id) ?? NONE;
  }

  indexOfPerson(id: string): number {
    return this.#personIndex.get(id) ?? NONE;
  }

  /**
   * Takes a whole ripple at once (`Ripple.snapshot`), into an empty graph:
   * its people keep the snapshot's numbering.
   */
  loadSnapshot(snapshot: RippleSnapshotData): void {
    if (this.eventCount > 0) throw new Error('loadSnapshot needs an empty graph');
    const { people, events, kinds } = snapshot;
    this.startedAt = snapshot.startedAt;
    for (let p = 0; p < people.id.length; p++) {
      this.#person(people.id[p]!, 0);
      this.cards[p] = { id: people.id[p]!, handle: people.handle[p]!, name: people.name[p]!, avatarUrl: people.avatarUrl[p] ?? null };
    }
    const seen = new Uint8Array(people.id.length);
    this.#growEvents(snapshot.size);
    for (let i = 0; i < snapshot.size; i++) {
      this.#append(
        i,
        events.id[i]!,
        kinds[events.kind[i]!]!,
        events.parent[i]!,
        snapshot.startedAt + events.at[i]!,
        events.actor[i]!,
        events.subject[i]!,
        events.subject2[i]!,
        events.share[i]! < 0 ? null : snapshot.shares.id[events.share[i]!]!,
        events.introduction[i]! < 0 ? null : snapshot.introductions.id[events.introduction[i]!]!,
      );
      for (const p of [events.actor[i]!, events.subject[i]!, events.subject2[i]!]) {
        if (p >= 0 && !seen[p]) {
          seen[p] = 1;
          this.firstEvent[p] = i;
        }
      }
    }
    this.cardsVersion++;
    this.setShown(this.eventCount);
    this.version++;
    this.eventsVersion++;
  }

  /** The events as columns, for the story modules (moments, growth, sub-ripples). */
  get columns(): StoryColumns {
    return { count: this.eventCount, kind: this.kinds, parent: this.parent, at: this.time, actor: this.actor, subject: this.subject, subject2: this.subject2 };
  }

  /** How much of the shown ripple came through each person (see subRippleSizes). */
  get reach(): Int32Array {
    this.#ensureReach();
    return this.#reach;
  }

  /** How much of the whole ripple came through each person (all events, whatever the replay shows). */
  get totalReach(): Int32Array {
    if (this.#totalReachFor !== this.eventsVersion || this.#totalReach.length < this.personCount) {
      this.#totalReach = subRippleSizes(this.columns, this.personCount);
      this.#totalReachFor = this.eventsVersion;
    }
    return this.#totalReach;
  }

  /** Circle radius for the shown prefix (world units); 0 for people not shown. */
  get radius(): Float32Array {
    this.#ensureReach();
    return this.#radius;
  }

  /**
   * Adds an event (its cause must be known, except for the first, the
   * root). Shows it at once when everything was shown. An event already
   * known only fills in what it lacked: a second person learned later.
   */
  add(event: RippleEventInput): AddResult {
    const known = this.#eventIndex.get(event.id);
    if (known !== undefined) return this.#fillIn(known, event);
    const parent = this.eventCount === 0 ? NONE : event.causeId === null ? undefined : this.#eventIndex.get(event.causeId);
    if (parent === undefined) return 'orphan';

    const showAll = this.shown === this.eventCount;
    const i = this.eventCount;
    this.#growEvents(i + 1);
    const actor = this.#person(event.actorId, i);
    const subject = event.subjectId === null ? NONE : this.#person(event.subjectId, i);
    const subject2 = event.subject2Id === null ? NONE : this.#person(event.subject2Id, i);
    this.#append(i, event.id, event.kind, parent, Date.parse(event.createdAt), actor, subject, subject2, event.shareId, event.introductionId);
    if (i === 0) this.startedAt = this.time[0]!;
    this.eventsVersion++;
    if (showAll) this.setShown(this.eventCount);
    this.version++;
    return 'added';
  }

  /** Merges a name card (from the people list or a live event). */
  setCard(card: PersonCard): void {
    const p = this.#personIndex.get(card.id);
    if (p === undefined) {
      this.#pendingCards.set(card.id, card);
      return;
    }
    const old = this.cards[p];
    if (old && old.name === card.name && old.handle === card.handle && old.avatarUrl === card.avatarUrl) return;
    this.cards[p] = { id: card.id, handle: card.handle, name: card.name, avatarUrl: card.avatarUrl };
    this.cardsVersion++;
    this.version++;
  }

  /** Event indices in playback order. */
  get order(): Int32Array {
    this.#ensureOrder();
    return this.#order;
  }

  /** Position of event `i` in playback order. */
  rankOf(i: number): number {
    this.#ensureOrder();
    return this.#rank[i]!;
  }

  /** When event `i` happens in the replay's clock: its createdAt, but never before its cause. */
  effectiveTime(i: number): number {
    this.#ensureOrder();
    return this.#effective[i]!;
  }

  isEventShown(i: number): boolean {
    return this.rankOf(i) < this.shown;
  }

  /** Shows the first `count` events of the playback order. */
  setShown(count: number): void {
    this.#ensureOrder();
    const target = Math.max(Math.min(count, this.eventCount), Math.min(1, this.eventCount));
    if (target === this.shown) return;
    const order = this.#order;
    const step = target > this.shown ? 1 : -1;
    const from = step > 0 ? this.shown : this.shown - 1;
    const to = step > 0 ? target : target - 1;
    for (let k = from; k !== to; k += step) {
      const i = order[k]!;
      const a = this.actor[i]!;
      const s = this.subject[i]!;
      const s2 = this.subject2[i]!;
      this.#bumpShown(a, step);
      if (s !== NONE && s !== a) this.#bumpShown(s, step);
      if (s2 !== NONE && s2 !== a && s2 !== s) this.#bumpShown(s2, step);
    }
    this.shown = target;
    this.version++;
  }

  /** The figures of the shown prefix: mirrors the API's `RippleStats` (see figures.ts). */
  figures(count = this.shown): RippleFigures | null {
    if (this.eventCount === 0) return null;
    this.#ensureOrder();
    return rippleFigures(this.#figureNodes, Math.max(1, count));
  }

  /** The other end of a person's edge, and the edge, for the side panel: edges touching `p`, in event order. */
  edgesOf(p: number): number[] {
    const edges: number[] = [];
    for (let e = 0; e < this.edgeCount; e++) if (this.edgeFrom[e] === p || this.edgeTo[e] === p) edges.push(e);
    return edges;
  }

  /** The first edge event `i` drew, or -1 (an event with nobody on its other end). */
  edgeOfEvent(i: number): number {
    if (this.#edgeOfEventFor !== this.edgeCount) {
      this.#edgeOfEvent = new Int32Array(this.eventCount).fill(NONE);
      for (let e = this.edgeCount - 1; e >= 0; e--) this.#edgeOfEvent[this.edgeEvent[e]!] = e;
      this.#edgeOfEventFor = this.edgeCount;
    }
    return this.#edgeOfEvent[i] ?? NONE;
  }

  nameOf(p: number): string {
    return this.cards[p]?.name ?? 'Someone';
  }

  // --- internals ---

  /** Event i (the next), with its people already numbered. */
  #append(
    i: number,
    id: string,
    kind: EventKind,
    parent: number,
    time: number,
    actor: number,
    subject: number,
    subject2: number,
    shareId: string | null,
    introductionId: string | null,
  ) {
    this.eventCount = i + 1;
    this.#eventIndex.set(id, i);
    this.eventIds.push(id);
    this.kinds.push(kind);
    this.shareIds.push(shareId);
    this.introductionIds.push(introductionId);
    this.parent[i] = parent;
    this.level[i] = parent === NONE ? 0 : this.level[parent]! + 1;
    this.time[i] = time;
    this.actor[i] = actor;
    this.subject[i] = subject;
    this.subject2[i] = subject2;
    for (const p of distinct(actor, subject, subject2)) this.totalEvents[p]!++;
    this.#addEdges(i, this.#edgeEnds(i));
    this.#appendToOrder(i);
  }

  #ensureReach() {
    const key = this.shown * 4_194_304 + this.eventCount;
    if (key === this.#reachFor && this.#reach.length >= this.personCount) return;
    this.#reachFor = key;
    this.#ensureOrder();
    const rank = this.#rank;
    const shown = this.shown;
    this.#reach = subRippleSizes(this.columns, this.personCount, shown === this.eventCount ? undefined : (i) => rank[i]! < shown);
    const radius = this.#radius;
    for (let p = 0; p < this.personCount; p++) radius[p] = this.shownEvents[p]! > 0 ? radiusFor(this.#reach[p]!) : 0;
  }

  #person(id: string, event: number): number {
    const known = this.#personIndex.get(id);
    if (known !== undefined) return known;
    const p = this.personCount++;
    this.#growPeople(this.personCount);
    this.#personIndex.set(id, p);
    this.personIds.push(id);
    const pending = this.#pendingCards.get(id);
    this.cards.push(pending ?? null);
    if (pending) {
      this.#pendingCards.delete(id);
      this.cardsVersion++;
    }
    this.firstEvent[p] = event;
    return p;
  }

  #edgeEnds(i: number) {
    const parent = this.parent[i]!;
    return edgesOf<number>({
      kind: this.kinds[i]!,
      actor: this.actor[i]!,
      subject: nullable(this.subject[i]!),
      subject2: nullable(this.subject2[i]!),
      causeActor: parent === NONE ? null : this.actor[parent]!,
    });
  }

  #addEdges(i: number, ends: { type: (typeof EDGE_TYPES)[number]; from: number; to: number }[]) {
    for (const { type, from, to } of ends) {
      const e = this.edgeCount++;
      this.#growEdges(this.edgeCount);
      this.edgeFrom[e] = from;
      this.edgeTo[e] = to;
      const t = EDGE_TYPE_INDEX[type];
      this.edgeType[e] = t;
      this.edgeEvent[e] = i;
      // Parallel edges (a mention and a reshare between the same two) fan out: 0, +1, −1, +2…
      // measured sideways from the lower-numbered person, whichever way the edge runs.
      const [lo, hi] = from < to ? [from, to] : [to, from];
      const key = lo * 4_194_304 + hi;
      const nth = this.#pairEdges.get(key) ?? 0;
      this.#pairEdges.set(key, nth + 1);
      const side = nth === 0 ? 0 : (nth % 2 === 1 ? 1 : -1) * Math.ceil(nth / 2);
      this.edgeBend[e] = (from < to ? 1 : -1) * side * 10;
      const bucket = this.edgesByType[t]!;
      if (bucket.length === bucket.list.length) {
        const list = new Int32Array(bucket.list.length * 2);
        list.set(bucket.list);
        bucket.list = list;
      }
      bucket.list[bucket.length++] = e;
    }
  }

  /** A known event seen again (a later page, or the live stream's replay): fill in a second person learned since. */
  #fillIn(i: number, event: RippleEventInput): AddResult {
    if (this.subject2[i] !== NONE || event.subject2Id === null) return 'known';
    const s2 = this.#person(event.subject2Id, i);
    if (s2 === this.actor[i] || s2 === this.subject[i]) return 'known';
    this.subject2[i] = s2;
    this.totalEvents[s2]!++;
    const ends = this.#edgeEnds(i).filter((end) => end.from === s2 || end.to === s2);
    this.#addEdges(i, ends);
    if (!this.#orderDirty) this.#figureNodes[this.#rank[i]!]!.subjectPerson2Id = s2;
    if (this.rankOf(i) < this.shown) this.#bumpShown(s2, 1);
    this.version++;
    return 'updated';
  }

  #bumpShown(p: number, step: number) {
    this.shownEvents[p] = this.shownEvents[p]! + step;
  }

  #appendToOrder(i: number) {
    const parent = this.parent[i]!;
    const own = this.time[i]!;
    const effective = parent === NONE ? own : Math.max(own, this.#effective[parent]!);
    this.#effective[i] = effective;
    const last = i === 0 ? NONE : this.#order[i - 1]!;
    if (this.#orderDirty || (last !== NONE && effective < this.#effective[last]!)) {
      // Out of order (an earlier page had later times): sort again when next needed.
      this.#orderDirty = true;
      return;
    }
    this.#order[i] = i;
    this.#rank[i] = i;
    this.#figureNodes.push(this.#figureNode(i));
  }

  #figureNode(i: number): FigureNode<number> {
    const parent = this.parent[i]!;
    return {
      parent: parent === NONE ? NONE : this.#rank[parent]!,
      level: this.level[i]!,
      kind: this.kinds[i]!,
      createdAt: this.time[i]!,
      actorId: this.actor[i]!,
      subjectPersonId: nullable(this.subject[i]!),
      subjectPerson2Id: nullable(this.subject2[i]!),
    };
  }

  /**
   * Playback order: by effective time (createdAt, never before the cause),
   * ties by arrival. Every event still comes after its cause, so any prefix
   * is a tree, and the figures of a prefix are well defined.
   */
  #ensureOrder() {
    if (!this.#orderDirty) return;
    const n = this.eventCount;
    const order = Array.from({ length: n }, (_, i) => i);
    const effective = this.#effective;
    order.sort((a, b) => effective[a]! - effective[b]! || a - b);
    for (let k = 0; k < n; k++) {
      this.#order[k] = order[k]!;
      this.#rank[order[k]!] = k;
    }
    this.#figureNodes = order.map((i) => this.#figureNode(i));
    this.#orderDirty = false;
    // The same number of events, but maybe not the same ones: count again.
    const shown = this.shown;
    this.shownEvents.fill(0);
    this.shown = 0;
    this.setShown(shown);
  }

  #growEvents(size: number) {
    if (size <= this.parent.length) return;
    const capacity = Math.max(size, this.parent.length * 2);
    this.parent = grownInt(this.parent, capacity);
    this.level = grownInt(this.level, capacity);
    this.actor = grownInt(this.actor, capacity);
    this.subject = grownInt(this.subject, capacity);
    this.subject2 = grownInt(this.subject2, capacity);
    this.#order = grownInt(this.#order, capacity);
    this.#rank = grownInt(this.#rank, capacity);
    const time = new Float64Array(capacity);
    time.set(this.time);
    this.time = time;
    const effective = new Float64Array(capacity);
    effective.set(this.#effective);
    this.#effective = effective;
  }

  #growPeople(size: number) {
    if (size <= this.totalEvents.length) return;
    const capacity = Math.max(size, this.totalEvents.length * 2);
    this.totalEvents = grownInt(this.totalEvents, capacity);
    this.shownEvents = grownInt(this.shownEvents, capacity);
    this.firstEvent = grownInt(this.firstEvent, capacity);
    const radius = new Float32Array(capacity);
    radius.set(this.#radius);
    this.#radius = radius;
  }

  #growEdges(size: number) {
    if (size <= this.edgeFrom.length) return;
    const capacity = Math.max(size, this.edgeFrom.length * 2);
    this.edgeFrom = grownInt(this.edgeFrom, capacity);
    this.edgeTo = grownInt(this.edgeTo, capacity);
    this.edgeEvent = grownInt(this.edgeEvent, capacity);
    const type = new Uint8Array(capacity);
    type.set(this.edgeType);
    this.edgeType = type;
    const bend = new Float32Array(capacity);
    bend.set(this.edgeBend);
    this.edgeBend = bend;
  }
}

function grownInt(array: Int32Array, capacity: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(capacity);
  next.set(array);
  return next;
}

function nullable(p: number): number | null {
  return p === NONE ? null : p;
}

function distinct(a: number, b: number, c: number): number[] {
  const people = [a];
  if (b !== NONE && b !== a) people.push(b);
  if (c !== NONE && c !== a && c !== b) people.push(c);
  return people;
}
