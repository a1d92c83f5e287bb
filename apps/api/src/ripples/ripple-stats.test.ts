import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EventKind } from '../events/event.entity.js';
import { rippleFigures, structuralVirality, type FigureNode } from './ripple-stats.js';

/** A random tree as parent indices: node i (i ≥ 1) hangs under one of the nodes before it. */
const tree = (maxSize: number) =>
  fc
    .integer({ min: 1, max: maxSize })
    .chain((n) =>
      fc.tuple(...Array.from({ length: n }, (_, i) => (i === 0 ? fc.constant(-1) : fc.integer({ min: 0, max: i - 1 })))),
    );

const path = (n: number) => Array.from({ length: n }, (_, i) => i - 1);
const star = (n: number) => Array.from({ length: n }, (_, i) => (i === 0 ? -1 : 0));

/** Mean distance over all pairs, by breadth-first search from every node: O(n²), for checking. */
function bruteForceVirality(parents: number[]): number {
  const n = parents.length;
  if (n < 2) return 0;
  const neighbours: number[][] = parents.map(() => []);
  parents.forEach((p, i) => {
    if (p >= 0) {
      neighbours[i]!.push(p);
      neighbours[p]!.push(i);
    }
  });
  let total = 0;
  for (let source = 0; source < n; source++) {
    const distance = new Array<number>(n).fill(-1);
    distance[source] = 0;
    const queue = [source];
    for (let head = 0; head < queue.length; head++) {
      const at = queue[head]!;
      for (const next of neighbours[at]!) {
        if (distance[next] === -1) {
          distance[next] = distance[at]! + 1;
          queue.push(next);
        }
      }
    }
    total += distance.reduce((sum, d) => sum + d, 0);
  }
  return total / (n * (n - 1)); // each pair counted twice over n(n−1) ordered pairs
}

function nodes(parents: number[], overrides: Partial<FigureNode>[] = []): FigureNode[] {
  const levels: number[] = [];
  return parents.map((parent, i) => {
    levels[i] = parent < 0 ? 0 : levels[parent]! + 1;
    return {
      parent,
      level: levels[i]!,
      kind: EventKind.FOLLOWED,
      createdAt: new Date(Date.UTC(2026, 0, 1) + i * 1000),
      actorId: String(100 + i),
      subjectPersonId: '1',
      subjectPerson2Id: null,
      ...overrides[i],
    };
  });
}

describe('structural virality', () => {
  it('is 0 for a single event and 1 for a pair', () => {
    expect(structuralVirality([-1])).toBe(0);
    expect(structuralVirality([-1, 0])).toBe(1);
  });

  it('a path of n events has virality (n+1)/3', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 2_000 }), (n) => {
        expect(structuralVirality(path(n))).toBeCloseTo((n + 1) / 3, 9);
      }),
    );
  });

  it('a star of n events has virality 2(n−1)/n', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 2_000 }), (n) => {
        expect(structuralVirality(star(n))).toBeCloseTo((2 * (n - 1)) / n, 9);
      }),
    );
  });

  it('equals the brute-force mean pairwise distance on random trees of up to 60 events', () => {
    fc.assert(
      fc.property(tree(60), (parents) => {
        expect(structuralVirality(parents)).toBeCloseTo(bruteForceVirality(parents), 9);
      }),
      { numRuns: 300 },
    );
  });

  it('lies between a star and a path of the same size', () => {
    fc.assert(
      fc.property(tree(200), (parents) => {
        const n = parents.length;
        const v = structuralVirality(parents);
        if (n === 1) return void expect(v).toBe(0);
        expect(v).toBeGreaterThanOrEqual((2 * (n - 1)) / n - 1e-9);
        expect(v).toBeLessThanOrEqual((n + 1) / 3 + 1e-9);
      }),
    );
  });
});

describe('ripple figures', () => {
  it('a single event: size 1, depth 0, no first ripple, no span', () => {
    expect(rippleFigures(nodes([-1]))).toEqual({
      size: 1,
      depth: 0,
      widestLevel: 1,
      peopleReached: 2,
      newConnections: 0,
      newFollows: 1,
      structuralVirality: 0,
      timeToFirstRipple: null,
      timeSpan: 0,
    });
  });

  it('counts levels, people, kinds and times', () => {
    //        0
    //      / | \
    //     1  2  3
    //    / \     \
    //   4   5     6
    //   |
    //   7
    const parents = [-1, 0, 0, 0, 1, 1, 3, 4];
    const figures = rippleFigures(
      nodes(parents, [
        { kind: EventKind.SHARED, subjectPersonId: null, createdAt: new Date('2026-01-01T00:00:00Z') },
        { createdAt: new Date('2026-01-01T00:00:30Z') },
        { createdAt: new Date('2026-01-01T00:00:10Z') }, // written later, happened earlier
        { kind: EventKind.CONNECTED, subjectPersonId: '200', subjectPerson2Id: '201', createdAt: new Date('2026-01-01T00:01:00Z') },
        { actorId: '100', createdAt: new Date('2026-01-01T00:02:00Z') }, // the root's actor again
        { createdAt: new Date('2026-01-01T00:02:00Z') },
        { createdAt: new Date('2026-01-01T00:03:00Z') },
        { subjectPersonId: '101', createdAt: new Date('2026-01-01T01:00:00Z') },
      ]),
    );
    expect(figures).toMatchObject({
      size: 8,
      depth: 3,
      widestLevel: 3,
      // actors 100..107 except 104 (= 100), subject 1, and 200, 201; 101 is already counted
      peopleReached: 7 + 1 + 2,
      newConnections: 1,
      newFollows: 6,
      timeToFirstRipple: 10,
      timeSpan: 3600,
    });
    expect(figures.structuralVirality).toBeCloseTo(structuralVirality(parents), 12);
  });

  it('depth is the deepest level and widestLevel the fullest, on random trees', () => {
    fc.assert(
      fc.property(tree(120), (parents) => {
        const list = nodes(parents);
        const figures = rippleFigures(list);
        const levels = list.map((n) => n.level);
        expect(figures.depth).toBe(Math.max(...levels));
        const counts = levels.reduce((m, l) => m.set(l, (m.get(l) ?? 0) + 1), new Map<number, number>());
        expect(figures.widestLevel).toBe(Math.max(...counts.values()));
        expect(figures.size).toBe(parents.length);
      }),
    );
  });
});

// The explorer replays a ripple by showing a growing prefix of its events.
describe('figures of a prefix (the explorer’s replay)', () => {
  it('virality of a prefix is that of the prefix alone', () => {
    const parents = [-1, 0, 1, 1, 0, 4, 5];
    expect(structuralVirality(parents, 4)).toBe(structuralVirality(parents.slice(0, 4)));
  });

  it('rippleFigures of a prefix equals the figures of the shorter list, and times may be epoch milliseconds', () => {
    const all = nodes(path(10));
    expect(rippleFigures(all, 4)).toEqual(rippleFigures(all.slice(0, 4)));
    const asNumbers = all.map((n) => ({ ...n, createdAt: +n.createdAt }));
    expect(rippleFigures(asNumbers)).toEqual(rippleFigures(all));
  });

  it('never reports a negative time to first ripple (clock skew between writers), and refuses an empty ripple', () => {
    const skewed = nodes([-1, 0]).map((n, i) => ({ ...n, createdAt: new Date(10_000 - i * 1_000) }));
    expect(rippleFigures(skewed).timeToFirstRipple).toBe(0);
    expect(() => rippleFigures([])).toThrow();
  });
});
