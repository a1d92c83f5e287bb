/**
 * Where each person of a ripple sits: a radial tree that shows the
 * cascade's shape. The person who started it is at the centre; everyone
 * else is on the ring of their depth (hops from the start, through the
 * person who brought them in), inside the wedge of that person. A wedge is
 * as wide as the share of the ripple's people below it, so a broadcast is
 * one full ring, a chain is a long spoke, and a hub's people fan out
 * behind the hub.
 *
 * A crowded ring is split into several rows (neighbours along the ring
 * alternate rows), so thousands of people at one depth stay apart.
 *
 * Run in a Web Worker (layout.worker.ts) for the whole ripple at once:
 * linear time, ~100 ms for 50,000 people. People who join later (live)
 * are placed by themselves near the person who brought them in, and
 * nobody already placed moves.
 */
import type { EventKind } from '@ripple/schema';
import { edgesOf } from './edges';

/** What the layout needs of the events: the kinds and people of each, in order, every event after its cause. */
export interface LayoutColumns {
  count: number;
  kind: ArrayLike<EventKind>;
  parent: ArrayLike<number>;
  actor: ArrayLike<number>;
  subject: ArrayLike<number>;
  subject2: ArrayLike<number>;
}

/** Events' columns, grown as events arrive (the layout worker's copy of the ripple). */
export class LayoutColumnStore implements LayoutColumns {
  count = 0;
  kind: EventKind[] = [];
  parent: number[] = [];
  actor: number[] = [];
  subject: number[] = [];
  subject2: number[] = [];

  /** Adds these events' columns (after everything, or instead of it); returns the index of the first. */
  add(events: { kind: ArrayLike<EventKind>; parent: ArrayLike<number>; actor: ArrayLike<number>; subject: ArrayLike<number>; subject2: ArrayLike<number> }, replace: boolean): number {
    if (replace) for (const key of ['kind', 'parent', 'actor', 'subject', 'subject2'] as const) this[key].length = 0;
    const from = this.kind.length;
    for (let k = 0; k < events.kind.length; k++) {
      this.kind.push(events.kind[k]!);
      this.parent.push(events.parent[k]!);
      this.actor.push(events.actor[k]!);
      this.subject.push(events.subject[k]!);
      this.subject2.push(events.subject2[k]!);
    }
    this.count = this.kind.length;
    return from;
  }
}

export interface Placement {
  /** The first person placed; positions are for people from … from + x.length − 1. */
  from: number;
  x: Float32Array;
  y: Float32Array;
}

/** Radius of the first ring, the gap between rings, between rows of a ring, and the room one person takes along a ring (world units). */
const FIRST_RING = 80;
const RING_GAP = 64;
const ROW_GAP = 11;
const SLOT = 11;
const MAX_ROWS = 400;
const GOLDEN = (Math.sqrt(5) - 1) / 2;

/**
 * Who brought each person in: the other end of an edge of the event in
 * which they first appear (else that event's actor, subject, or its
 * cause's actor), always someone who appeared before; -1 for the root's
 * actor. Fills `anchors` for people not yet in `placed` (marking them)
 * and returns them in the order they appeared, each after their anchor.
 */
export function personAnchors(columns: LayoutColumns, from: number, anchors: Int32Array, placed: Uint8Array): number[] {
  const order: number[] = [];
  const take = (p: number, anchor: number) => {
    anchors[p] = anchor;
    placed[p] = 1;
    order.push(p);
  };
  if (from === 0 && columns.count > 0 && !placed[columns.actor[0]!]) take(columns.actor[0]!, -1);
  const fallback = columns.count > 0 ? columns.actor[0]! : 0;
  for (let i = from; i < columns.count; i++) {
    const actor = columns.actor[i]!;
    const subject = columns.subject[i]!;
    const subject2 = columns.subject2[i]!;
    if (placed[actor] && (subject < 0 || placed[subject]) && (subject2 < 0 || placed[subject2])) continue;
    const parent = columns.parent[i]!;
    const causeActor = parent < 0 ? -1 : columns.actor[parent]!;
    const kind = columns.kind[i]!;
    // The commonest kinds without building their edges (no allocation per event): see edges.ts.
    const simple = kind === 'FOLLOWED' || kind === 'SHARED' || kind === 'RESHARED';
    const edges = simple ? null : edgesOf<number>({ kind, actor, subject: nullable(subject), subject2: nullable(subject2), causeActor: nullable(causeActor) });
    for (let k = 0; k < 3; k++) {
      const p = k === 0 ? actor : k === 1 ? subject : subject2;
      if (p < 0 || placed[p]) continue;
      let anchor = -1;
      if (simple) {
        // One edge: the cause's actor → the actor, or (no such cause) the actor → the subject.
        const [a, b] = causeActor >= 0 && causeActor !== actor ? [causeActor, actor] : [actor, subject];
        const other = a === p ? b : b === p ? a : -1;
        if (other >= 0 && other !== p && placed[other]) anchor = other;
      } else {
        for (const edge of edges!) {
          const other = edge.from === p ? edge.to : edge.to === p ? edge.from : -1;
          if (other >= 0 && placed[other]) {
            anchor = other;
            break;
          }
        }
      }
      if (anchor < 0) {
        anchor = actor >= 0 && placed[actor] ? actor : subject >= 0 && placed[subject] ? subject : subject2 >= 0 && placed[subject2] ? subject2 : causeActor >= 0 && placed[causeActor] ? causeActor : fallback;
      }
      take(p, anchor);
    }
  }
  return order;
}

export class CascadeLayout {
  x = new Float32Array(0);
  y = new Float32Array(0);
  /** People placed. */
  count = 0;
  #anchor = new Int32Array(0);
  #placed = new Uint8Array(0);
  #depth = new Int32Array(0);
  #angle = new Float64Array(0);
  #wedge = new Float64Array(0);
  #children = new Int32Array(0);
  /** Per depth: ring radius (first row) and rows. */
  #rings: { radius: number; rows: number }[] = [];

  /** Lays out everyone at once (the snapshot). */
  layoutAll(columns: LayoutColumns, people: number): Placement {
    this.#grow(people);
    this.#placed.fill(0);
    const anchor = this.#anchor;
    const order = personAnchors(columns, 0, anchor, this.#placed);
    // Anyone the events never name (should not happen) sits with the first.
    for (let p = 0; p < people; p++) if (!this.#placed[p]) (this.#placed[p] = 1), (anchor[p] = order[0] ?? -1), order.push(p);
    const depth = this.#depth;
    const perDepth: number[] = [];
    for (const p of order) {
      depth[p] = anchor[p]! < 0 ? 0 : depth[anchor[p]!]! + 1;
      perDepth[depth[p]!] = (perDepth[depth[p]!] ?? 0) + 1;
    }
    // People below each person (them included): a reverse sweep, as anchors come first.
    const below = new Float64Array(people).fill(1);
    for (let k = order.length - 1; k > 0; k--) if (anchor[order[k]!]! >= 0) below[anchor[order[k]!]!]! += below[order[k]!]!;
    // Rings: as many rows as the ring needs to give everyone SLOT along it.
    this.#rings = [{ radius: 0, rows: 1 }];
    let radius = FIRST_RING;
    for (let d = 1; d <= perDepth.length; d++) {
      const rows = Math.min(MAX_ROWS, Math.max(1, Math.ceil(((perDepth[d] ?? 0) * SLOT) / (2 * Math.PI * radius))));
      this.#rings.push({ radius, rows });
      radius += (rows - 1) * ROW_GAP + RING_GAP;
    }
    // Wedges: each child gets a share of its anchor's wedge as big as its share of the people below,
    // but no wider than its people need (so a hub's people fan out close behind the hub, not half way
    // round the ripple); the children of one person are centred on that person's angle.
    const angle = this.#angle;
    const wedge = this.#wedge;
    const kids = childrenOf(anchor, order, people);
    const root = order[0] ?? 0;
    angle[root] = -Math.PI / 2;
    wedge[root] = 2 * Math.PI;
    for (const a of order) {
      const from = kids.start[a]!;
      const to = kids.start[a + 1]!;
      if (from === to) continue;
      this.#children[a] = to - from;
      let total = 0;
      for (let k = from; k < to; k++) {
        const c = kids.list[k]!;
        const share = (wedge[a]! * below[c]!) / Math.max(1, below[a]! - 1);
        wedge[c] = a === root ? share : Math.min(share, this.#need(below[c]!, depth[c]!));
        total += wedge[c]!;
      }
      let cursor = angle[a]! - total / 2;
      for (let k = from; k < to; k++) {
        const c = kids.list[k]!;
        angle[c] = cursor + wedge[c]! / 2;
        cursor += wedge[c]!;
      }
    }
    // Rows alternate along each ring, in order of angle.
    const byDepth = Array.from({ length: perDepth.length }, () => [] as number[]);
    for (let p = 0; p < people; p++) byDepth[depth[p]!]!.push(p);
    for (let d = 0; d < byDepth.length; d++) {
      const ring = this.#rings[d]!;
      const ringPeople = byDepth[d]!;
      if (ring.rows > 1) ringPeople.sort((a, b) => angle[a]! - angle[b]!);
      ringPeople.forEach((p, k) => this.#put(p, ring.radius + (k % ring.rows) * ROW_GAP, angle[p]!));
    }
    this.count = people;
    return { from: 0, x: this.x.slice(0, people), y: this.y.slice(0, people) };
  }

  /**
   * Places the people who joined with events `from`… (live growth): each
   * on their ring, near the person who brought them in, in that person's
   * wedge; nobody else moves.
   */
  append(columns: LayoutColumns, from: number, people: number): Placement {
    const first = this.count;
    if (people <= first) return { from: first, x: new Float32Array(0), y: new Float32Array(0) };
    this.#grow(people);
    const order = personAnchors(columns, from, this.#anchor, this.#placed);
    // Someone learned without an event of their own (a second person filled in later) sits with the first.
    for (let p = first; p < people; p++) if (!this.#placed[p]) (this.#placed[p] = 1), (this.#anchor[p] = columns.actor[0] ?? 0), order.push(p);
    for (const p of order) {
      const a = this.#anchor[p]!;
      if (a < 0) continue;
      const d = (this.#depth[p] = this.#depth[a]! + 1);
      while (this.#rings.length <= d) {
        const last = this.#rings.at(-1)!;
        this.#rings.push({ radius: last.radius === 0 ? FIRST_RING : last.radius + (last.rows - 1) * ROW_GAP + RING_GAP, rows: 1 });
      }
      const nth = this.#children[a]!++;
      // Spread within the anchor's wedge by the golden ratio: evenly, whatever the count, without moving anyone.
      const spread = Math.min(this.#wedge[a]!, Math.PI / 3);
      const offset = (((nth + 1) * GOLDEN) % 1) - 0.5;
      this.#angle[p] = this.#angle[a]! + offset * spread;
      this.#wedge[p] = spread / Math.max(2, nth + 1);
      const ring = this.#rings[d]!;
      this.#put(p, ring.radius + (nth % ring.rows) * ROW_GAP, this.#angle[p]!);
    }
    this.count = people;
    return { from: first, x: this.x.slice(first, people), y: this.y.slice(first, people) };
  }

  /** The angle someone's people need: their own slot on their ring, and room for everyone below them on the next. */
  #need(below: number, depth: number): number {
    const ring = this.#rings[depth]!;
    const next = this.#rings[depth + 1] ?? ring;
    return 1.15 * Math.max(SLOT / Math.max(1, ring.radius), ((below - 1) * SLOT) / (next.radius * next.rows));
  }

  #put(p: number, radius: number, angle: number) {
    this.x[p] = radius * Math.cos(angle);
    this.y[p] = radius * Math.sin(angle);
  }

  #grow(size: number) {
    if (size <= this.x.length) return;
    const capacity = Math.max(size, this.x.length * 2, 64);
    const grow = <T extends Float32Array | Float64Array | Int32Array | Uint8Array>(array: T, make: (n: number) => T, fill = 0): T => {
      const next = make(capacity);
      if (fill !== 0) next.fill(fill);
      next.set(array);
      return next;
    };
    this.x = grow(this.x, (n) => new Float32Array(n));
    this.y = grow(this.y, (n) => new Float32Array(n));
    this.#anchor = grow(this.#anchor, (n) => new Int32Array(n), -1);
    this.#placed = grow(this.#placed, (n) => new Uint8Array(n));
    this.#depth = grow(this.#depth, (n) => new Int32Array(n));
    this.#angle = grow(this.#angle, (n) => new Float64Array(n));
    this.#wedge = grow(this.#wedge, (n) => new Float64Array(n));
    this.#children = grow(this.#children, (n) => new Int32Array(n));
  }
}

/** Each person's children (the people they brought in), in the order they appeared, as one flat list. */
function childrenOf(anchor: Int32Array, order: readonly number[], people: number): { start: Int32Array; list: Int32Array } {
  const start = new Int32Array(people + 1);
  for (const p of order) if (anchor[p]! >= 0) start[anchor[p]! + 1]!++;
  for (let p = 0; p < people; p++) start[p + 1]! += start[p]!;
  const fill = start.slice(0, people);
  const list = new Int32Array(people);
  for (const p of order) if (anchor[p]! >= 0) list[fill[anchor[p]!]!++] = p;
  return { start, list };
}

function nullable(p: number): number | null {
  return p < 0 ? null : p;
}
