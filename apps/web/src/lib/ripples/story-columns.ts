import type { EventKind, RippleSnapshotData } from '@ripple/schema';

/**
 * What the story modules read: a ripple's events as columns, the shape of
 * `RippleSnapshotData.events` with the kind spelled out. Event 0 is the
 * root; every event comes after its cause (`parent`, -1 for the root).
 * `at` is milliseconds on any one clock (after the start, or epoch).
 * People are small integers; -1 is nobody.
 */
export interface StoryColumns {
  count: number;
  kind: ArrayLike<EventKind>;
  parent: ArrayLike<number>;
  at: ArrayLike<number>;
  actor: ArrayLike<number>;
  subject: ArrayLike<number>;
  subject2: ArrayLike<number>;
}

/** A snapshot's columns, as the story modules read them. */
export function storyColumns(snapshot: RippleSnapshotData): StoryColumns {
  const { events, kinds } = snapshot;
  return {
    count: snapshot.size,
    kind: events.kind.map((k) => kinds[k]!),
    parent: events.parent,
    at: events.at,
    actor: events.actor,
    subject: events.subject,
    subject2: events.subject2,
  };
}

/** Children of every event, as one flat list (CSR): the children of i are `list[start[i]] … list[start[i + 1] - 1]`, in event order. */
export function childLists(parent: ArrayLike<number>, count: number): { start: Int32Array<ArrayBuffer>; list: Int32Array<ArrayBuffer> } {
  const start = new Int32Array(count + 1);
  for (let i = 1; i < count; i++) start[parent[i]! + 1]!++;
  for (let i = 0; i < count; i++) start[i + 1]! += start[i]!;
  const fill = start.slice(0, count);
  const list = new Int32Array(Math.max(0, count - 1));
  for (let i = 1; i < count; i++) list[fill[parent[i]!]!++] = i;
  return { start, list };
}

/**
 * How much of the ripple came through each person: the number of events
 * in the sub-ripples below their acts (their acts included), each event
 * counted once even when they act twice along one chain. `shown` marks the
 * events to count (a replay's prefix, which always holds every shown
 * event's cause); omitted, all count. O(n): one depth-first walk.
 */
export function subRippleSizes(columns: StoryColumns, people: number, shown?: (i: number) => boolean): Int32Array<ArrayBuffer> {
  const n = columns.count;
  const reach = new Int32Array(people);
  if (n === 0) return reach;
  const { parent, actor } = columns;
  const size = new Int32Array(n);
  for (let i = n - 1; i >= 0; i--) {
    if (shown && !shown(i)) continue;
    size[i]! += 1;
    if (i > 0) size[parent[i]!]! += size[i]!;
  }
  // Depth-first, counting how many of each person's acts are on the path: only a person's topmost acts add.
  const { start, list } = childLists(parent, n);
  const onPath = new Int32Array(people);
  const stack = new Int32Array(n);
  const next = new Int32Array(n);
  let top = 0;
  stack[0] = 0;
  next[0] = start[0]!;
  if (onPath[actor[0]!]!++ === 0) reach[actor[0]!]! += size[0]!;
  while (top >= 0) {
    const i = stack[top]!;
    if (next[i]! < start[i + 1]!) {
      const child = list[next[i]!++]!;
      if (size[child] === 0) continue;
      const a = actor[child]!;
      if (onPath[a]!++ === 0) reach[a]! += size[child]!;
      stack[++top] = child;
      next[child] = start[child]!;
    } else {
      onPath[actor[i]!]!--;
      top--;
    }
  }
  return reach;
}
