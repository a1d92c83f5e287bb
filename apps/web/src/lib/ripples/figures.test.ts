import { describe, expect, it } from 'vitest';
import amaraIntro from './fixtures/amara-intro.json';
import sarahFollow from './fixtures/sarah-follow.json';
import sarahShare from './fixtures/sarah-share.json';
import { rippleFigures, structuralVirality, type FigureNode } from './figures';
import { RippleGraph, type RippleEventInput } from './ripple-graph';

/**
 * The browser's figures must be the API's: apps/api/src/ripples/ripple-stats.ts.
 * The fixtures are real `ripple(eventId) { stats events people }` answers of
 * the demo community (captured from the built API): the same events, put
 * through the client, give exactly the API's `stats`.
 */
interface Fixture {
  eventId: string;
  stats: Record<string, unknown>;
  events: RippleEventInput[];
  people: { id: string; handle: string; name: string; avatarUrl: string | null; eventCount: number }[];
}
const fixtures: [string, Fixture][] = [
  ['Sarah’s share of Maya’s essay (60 events)', sarahShare as Fixture],
  ['the follow that led Sarah to share it (61 events)', sarahFollow as Fixture],
  ['Amara’s introduction, and the one it led to (5 events)', amaraIntro as Fixture],
];

const path = (n: number) => Array.from({ length: n }, (_, i) => i - 1);
const star = (n: number) => Array.from({ length: n }, (_, i) => (i === 0 ? -1 : 0));

function nodes(parents: number[], overrides: Partial<FigureNode>[] = []): FigureNode[] {
  const levels: number[] = [];
  return parents.map((parent, i) => {
    levels[i] = parent < 0 ? 0 : levels[parent]! + 1;
    return {
      parent,
      level: levels[i]!,
      kind: 'FOLLOWED',
      createdAt: Date.UTC(2026, 0, 1) + i * 1000,
      actorId: String(100 + i),
      subjectPersonId: '1',
      subjectPerson2Id: null,
      ...overrides[i],
    };
  });
}

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
      for (const next of neighbours[queue[head]!]!) {
        if (distance[next] === -1) {
          distance[next] = distance[queue[head]!]! + 1;
          queue.push(next);
        }
      }
    }
    total += distance.reduce((sum, d) => sum + d, 0);
  }
  return total / (n * (n - 1));
}

/** A small deterministic PRNG, for random trees. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

describe('structural virality (as the API computes it)', () => {
  it('is 0 for a single event and 1 for a pair', () => {
    expect(structuralVirality([-1])).toBe(0);
    expect(structuralVirality([-1, 0])).toBe(1);
  });

  it('is (n+1)/3 for a path and 2(n−1)/n for a star', () => {
    for (const n of [2, 3, 10, 257, 2_000]) {
      expect(structuralVirality(path(n))).toBeCloseTo((n + 1) / 3, 9);
      expect(structuralVirality(star(n))).toBeCloseTo((2 * (n - 1)) / n, 9);
    }
  });

  it('equals the brute-force mean pairwise distance on random trees', () => {
    const next = random(7);
    for (let run = 0; run < 200; run++) {
      const n = 1 + Math.floor(next() * 60);
      const parents = Array.from({ length: n }, (_, i) => (i === 0 ? -1 : Math.floor(next() * i)));
      expect(structuralVirality(parents)).toBeCloseTo(bruteForceVirality(parents), 9);
    }
  });

  it('of a prefix is that of the prefix alone', () => {
    const parents = [-1, 0, 1, 1, 0, 4, 5];
    expect(structuralVirality(parents, 4)).toBe(structuralVirality(parents.slice(0, 4)));
  });
});

describe('ripple figures (as the API computes them)', () => {
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

  it('counts people once, connections and follows by kind, and never a negative first ripple', () => {
    const figures = rippleFigures(
      nodes([-1, 0, 0, 1], [
        { kind: 'INTRODUCED', actorId: 'c', subjectPersonId: 'a', subjectPerson2Id: 'b', createdAt: 10_000 },
        { kind: 'CONNECTED', actorId: 'a', subjectPersonId: 'b', createdAt: 9_000 },
        { kind: 'FOLLOWED', actorId: 'd', subjectPersonId: 'a', createdAt: 70_000 },
        { kind: 'MET', actorId: 'a', subjectPersonId: 'b', createdAt: 130_000 },
      ]),
    );
    expect(figures).toMatchObject({ size: 4, depth: 2, widestLevel: 2, peopleReached: 4, newConnections: 1, newFollows: 1 });
    expect(figures.timeToFirstRipple).toBe(0);
    expect(figures.timeSpan).toBe(120);
  });

  it('takes a prefix without copying', () => {
    const all = nodes(path(10));
    expect(rippleFigures(all, 4)).toEqual(rippleFigures(all.slice(0, 4)));
  });

  it('refuses an empty ripple', () => {
    expect(() => rippleFigures([])).toThrow();
  });
});

describe.each(fixtures)('the API’s own answer for %s', (_name, fixture) => {
  const graph = new RippleGraph();
  for (const event of fixture.events) graph.add(event);
  for (const person of fixture.people) graph.setCard(person);

  it('at the end of a replay, the figures are exactly ripple(eventId).stats', () => {
    graph.setShown(1);
    graph.setShown(graph.eventCount);
    expect(graph.figures()).toEqual(fixture.stats);
  });

  it('counts each person’s events as RipplePerson.eventCount does', () => {
    for (const person of fixture.people) {
      expect(graph.totalEvents[graph.indexOfPerson(person.id)]).toBe(person.eventCount);
    }
    expect(graph.personCount).toBe(fixture.people.length);
  });

  it('grows monotonically along the replay', () => {
    let previous = graph.figures(1)!;
    expect(previous.size).toBe(1);
    for (let k = 2; k <= graph.eventCount; k++) {
      const figures = graph.figures(k)!;
      expect(figures.size).toBe(k);
      expect(figures.peopleReached).toBeGreaterThanOrEqual(previous.peopleReached);
      expect(figures.depth).toBeGreaterThanOrEqual(previous.depth);
      expect(figures.timeSpan).toBeGreaterThanOrEqual(previous.timeSpan);
      previous = figures;
    }
  });

  it('shows each event’s ripple-relative depth as the API does', () => {
    for (const event of fixture.events as (RippleEventInput & { depth: number })[]) {
      expect(graph.level[graph.indexOfEvent(event.id)]).toBe(event.depth);
    }
  });
});
