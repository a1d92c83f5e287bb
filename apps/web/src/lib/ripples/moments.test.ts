import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amaraIntroPages, sarahShareSnapshot } from './fixtures';
import { broughtBy, keyMoments, largestBurst } from './moments';
import { snapshotFromPages } from './fixtures/paged-snapshot';
import { storyColumns, type StoryColumns } from './story-columns';

function demo() {
  const snapshot = sarahShareSnapshot();
  const columns = storyColumns(snapshot);
  const people = snapshot.people.id.length;
  return { snapshot, columns, people, moments: keyMoments(columns, people, (p) => snapshot.people.name[p]!) };
}

describe('keyMoments of the demo story', () => {
  it('names the burst after Chris’s reshare, in plain words', () => {
    const { moments, columns, snapshot } = demo();
    const burst = moments.find((m) => m.key === 'burst')!;
    expect(burst.title).toBe('Largest burst');
    expect(burst.text).toBe('25 follows in the first minute after Chris Adeyemi’s reshare.');
    expect(snapshot.people.name[burst.person]).toBe('Chris Adeyemi');
    // The replay jumps to the 25th follow: all of the burst on screen.
    expect(columns.kind[burst.event]).toBe('FOLLOWED');
    expect(columns.at[burst.event]! - columns.at[columns.parent[burst.event]!]!).toBeLessThanOrEqual(60_000);
  });

  it('names the first reshare, the person who brought the most, in the order they happened', () => {
    const { moments } = demo();
    expect(moments.map((m) => m.key)).toEqual(['first-reshare', 'burst', 'hub']);
    expect(moments[0]!.text).toBe('Julien Moreau reshared it 12 min after it started.');
    expect(moments[2]!.text).toBe('Chris Adeyemi brought 36 of the 60 events: one reshare and the 35 follows it set off.');
  });

  it('names the first connection of an introduction’s ripple', () => {
    const snapshot = snapshotFromPages(amaraIntroPages.events, amaraIntroPages.people ?? []);
    const moments = keyMoments(storyColumns(snapshot), snapshot.people.id.length, (p) => snapshot.people.name[p]!);
    const connection = moments.find((m) => m.key === 'first-connection')!;
    expect(connection.text).toMatch(/^.+ and .+ connected .+ in, after Amara .+’s introduction\.$/);
  });

  it('has no moments for a ripple of one event', () => {
    const { columns, people } = demo();
    expect(keyMoments({ ...columns, count: 1 }, people, () => 'X')).toEqual([]);
  });
});

/** Random ripples of follows and reshares, seconds to hours apart. */
const ripples = fc
  .array(fc.record({ parent: fc.nat(), actor: fc.nat(9), gap: fc.integer({ min: 0, max: 4_000_000 }), reshare: fc.boolean() }), { maxLength: 80 })
  .map((rows): StoryColumns => {
    const count = rows.length + 1;
    const at = [0];
    const parent = [-1];
    for (const [k, row] of rows.entries()) {
      const p = row.parent % (k + 1);
      parent.push(p);
      at.push(at[p]! + row.gap);
    }
    return {
      count,
      kind: ['SHARED', ...rows.map((r) => (r.reshare ? 'RESHARED' : 'FOLLOWED') as 'RESHARED' | 'FOLLOWED')],
      parent,
      at,
      actor: [0, ...rows.map((r) => r.actor)],
      subject: Array.from({ length: count }, () => -1),
      subject2: Array.from({ length: count }, () => -1),
    };
  });

describe('keyMoments (properties)', () => {
  it('points every moment at a real event and person, with a sentence', () => {
    fc.assert(
      fc.property(ripples, (columns) => {
        for (const moment of keyMoments(columns, 10, (p) => `P${p}`)) {
          expect(moment.event).toBeGreaterThanOrEqual(0);
          expect(moment.event).toBeLessThan(columns.count);
          expect(moment.person).toBeGreaterThanOrEqual(0);
          expect(moment.text).toMatch(/P\d.*\.$/);
        }
      }),
    );
  });

  it('finds a burst only of direct effects within its window, and none bigger', () => {
    fc.assert(
      fc.property(ripples, (columns) => {
        const burst = largestBurst(columns);
        if (!burst) return;
        for (const e of burst.effects) {
          expect(columns.parent[e]).toBe(burst.cause);
          expect(columns.at[e]! - columns.at[burst.cause]!).toBeLessThanOrEqual(burst.window.ms);
        }
        for (let c = 0; c < columns.count; c++) {
          let within = 0;
          for (let e = 1; e < columns.count; e++) if (columns.parent[e] === c && columns.at[e]! - columns.at[c]! <= burst.window.ms) within++;
          expect(within).toBeLessThanOrEqual(burst.effects.length);
        }
      }),
    );
  });

  it('counts what each person brought: all events, each once as an act and once as an effect', () => {
    fc.assert(
      fc.property(ripples, (columns) => {
        const brought = broughtBy(columns, 10);
        expect(brought.reduce((sum, n) => sum + n, 0)).toBe(2 * columns.count - 1);
      }),
    );
  });
});
