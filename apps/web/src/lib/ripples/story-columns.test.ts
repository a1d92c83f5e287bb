import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sarahShareSnapshot } from './fixtures';
import { childLists, storyColumns, subRippleSizes, type StoryColumns } from './story-columns';

/** A random ripple: parents before children, a few people acting (some more than once along one chain). */
const ripples = fc
  .record({ parents: fc.array(fc.nat(), { minLength: 0, maxLength: 60 }), actors: fc.array(fc.nat(7), { minLength: 61, maxLength: 61 }) })
  .map(({ parents, actors }): StoryColumns => {
    const count = parents.length + 1;
    const parent = [-1, ...parents.map((p, k) => p % (k + 1))];
    return {
      count,
      kind: Array.from({ length: count }, () => 'FOLLOWED' as const),
      parent,
      at: Array.from({ length: count }, (_, i) => i * 1000),
      actor: actors.slice(0, count),
      subject: Array.from({ length: count }, () => -1),
      subject2: Array.from({ length: count }, () => -1),
    };
  });

/** By definition: the events with an act of p on the way from the root to them (themselves included). */
function bruteReach(columns: StoryColumns, p: number, shown: (i: number) => boolean = () => true): number {
  let reach = 0;
  for (let i = 0; i < columns.count; i++) {
    if (!shown(i)) continue;
    for (let a = i; a >= 0; a = columns.parent[a]!) {
      if (columns.actor[a] === p) {
        reach++;
        break;
      }
    }
  }
  return reach;
}

describe('subRippleSizes', () => {
  it('gives the demo’s starter the whole ripple and the hub the 36 events below their reshare', () => {
    const snapshot = sarahShareSnapshot();
    const reach = subRippleSizes(storyColumns(snapshot), snapshot.people.id.length);
    const byName = (name: string) => reach[snapshot.people.name.indexOf(name)];
    expect(byName('Sarah Okafor')).toBe(60);
    expect(byName('Chris Adeyemi')).toBe(36);
    // Julien's reshare is how Chris found it: Chris's 36 are below Julien's too.
    expect(byName('Julien Moreau')).toBe(47);
    // The writer only thanked Sarah: one event of her own, though 55 people followed her.
    expect(byName('Maya Lindqvist')).toBe(1);
  });

  it('counts every event once per person, even when they act twice down one chain (against brute force)', () => {
    fc.assert(
      fc.property(ripples, (columns) => {
        const reach = subRippleSizes(columns, 8);
        for (let p = 0; p < 8; p++) expect(reach[p]).toBe(bruteReach(columns, p));
      }),
    );
  });

  it('counts only a replay’s shown prefix when asked', () => {
    fc.assert(
      fc.property(ripples, fc.nat(), (columns, cut) => {
        const shown = (i: number) => i <= cut % columns.count;
        const reach = subRippleSizes(columns, 8, shown);
        for (let p = 0; p < 8; p++) expect(reach[p]).toBe(bruteReach(columns, p, shown));
      }),
    );
  });
});

describe('childLists', () => {
  it('lists every event under its cause, in order', () => {
    fc.assert(
      fc.property(ripples, (columns) => {
        const { start, list } = childLists(columns.parent, columns.count);
        for (let i = 0; i < columns.count; i++) {
          const children = Array.from(list.subarray(start[i], start[i + 1]));
          expect(children).toEqual(Array.from({ length: columns.count }, (_, c) => c).filter((c) => c > 0 && columns.parent[c] === i));
        }
      }),
    );
  });
});
