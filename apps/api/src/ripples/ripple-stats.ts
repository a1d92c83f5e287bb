/**
 * The figures of a ripple, computed in O(n) from its nodes in id order
 * (every node after its parent; the root first, with parent -1).
 *
 * The one definition, shared by the API (ripples.service.ts) and the web
 * explorer (apps/web/src/lib/ripples/figures.ts re-exports it), so the
 * figures a replay counts up to are exactly `ripple(eventId).stats`. Keep it
 * free of imports: the browser bundles it too. People may be any key (the
 * explorer interns ids as numbers) and `count` takes a prefix without copying.
 */

export interface RippleFigures {
  /** Events in the ripple, its root included. */
  size: number;
  /** The largest number of hops from the root. */
  depth: number;
  /** The most events at any one depth (the root's level counts: at least 1). */
  widestLevel: number;
  /** Distinct people who acted or were acted upon, each once. */
  peopleReached: number;
  /** CONNECTED events (a pair connects once). */
  newConnections: number;
  /** Distinct people who followed someone in the ripple: a re-follow never counts twice. */
  newFollows: number;
  /** Mean distance between two events of the tree (Goel et al. 2015); 0 for a single event. */
  structuralVirality: number;
  /** Seconds from the root to its first effect; null when it has none. */
  timeToFirstRipple: number | null;
  /** Seconds from the root to the ripple's latest event; 0 for a single event. */
  timeSpan: number;
}

export interface FigureNode<P = string | number> {
  /** Index of its cause in the same list (always smaller); -1 for the root, which comes first. */
  parent: number;
  /** Hops from the root. */
  level: number;
  kind: string;
  /** A Date (the API) or epoch milliseconds (the explorer). */
  createdAt: Date | number;
  actorId: P;
  subjectPersonId: P | null;
  subjectPerson2Id: P | null;
}

/**
 * Structural virality of a tree given as parent indices (`parents[0]` is
 * the root, every other parent index is smaller than its own): the mean
 * shortest-path distance over all pairs of nodes. An edge whose lower side
 * holds `s` of the `n` nodes lies on the path of exactly s·(n−s) pairs, so
 * W = Σ s·(n−s) over edges is the sum of all pairwise distances, and the
 * mean is W / C(n, 2) = 2W / (n(n−1)).
 */
export function structuralVirality(parents: ArrayLike<number>, count = parents.length): number {
  const n = count;
  if (n < 2) return 0;
  const subtreeSize = new Float64Array(n).fill(1);
  // Children come after their parents: a reverse sweep sees each subtree whole.
  for (let i = n - 1; i > 0; i--) subtreeSize[parents[i]!]! += subtreeSize[i]!;
  let pairDistanceSum = 0;
  for (let i = 1; i < n; i++) pairDistanceSum += subtreeSize[i]! * (n - subtreeSize[i]!);
  return (2 * pairDistanceSum) / (n * (n - 1));
}

/** The figures of the first `count` nodes (a prefix is a tree too: every node comes after its parent). */
export function rippleFigures<P>(nodes: readonly FigureNode<P>[], count = nodes.length): RippleFigures {
  const size = Math.min(count, nodes.length);
  if (size === 0) throw new Error('a ripple has at least its root');
  const perLevel: number[] = [];
  const people = new Set<P>();
  const followers = new Set<P>();
  let newConnections = 0;
  const rootTime = +nodes[0]!.createdAt;
  let firstEffect = Infinity;
  let latest = rootTime;
  const parents = new Int32Array(size);
  for (let i = 0; i < size; i++) {
    const node = nodes[i]!;
    parents[i] = node.parent;
    perLevel[node.level] = (perLevel[node.level] ?? 0) + 1;
    people.add(node.actorId);
    if (node.subjectPersonId !== null) people.add(node.subjectPersonId);
    if (node.subjectPerson2Id !== null) people.add(node.subjectPerson2Id);
    if (node.kind === 'CONNECTED') newConnections++;
    else if (node.kind === 'FOLLOWED') followers.add(node.actorId);
    const time = +node.createdAt;
    if (node.parent === 0) firstEffect = Math.min(firstEffect, time);
    latest = Math.max(latest, time);
  }
  return {
    size,
    depth: perLevel.length - 1,
    widestLevel: perLevel.reduce((widest, n) => Math.max(widest, n ?? 0), 0),
    peopleReached: people.size,
    newConnections,
    newFollows: followers.size,
    structuralVirality: structuralVirality(parents),
    // Clock skew between writers can put an effect a hair before its cause: never negative.
    timeToFirstRipple: firstEffect === Infinity ? null : Math.max(0, firstEffect - rootTime) / 1000,
    timeSpan: (latest - rootTime) / 1000,
  };
}
