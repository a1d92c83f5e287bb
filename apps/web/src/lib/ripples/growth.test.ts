import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sarahShareSnapshot } from './fixtures';
import { growthSeries, tickLabel, timeTicks } from './growth';
import { storyColumns } from './story-columns';

describe('growthSeries', () => {
  it('stacks the demo’s kinds, follows first, and ends at every event', () => {
    const series = growthSeries(storyColumns(sarahShareSnapshot()));
    expect(series.kinds).toEqual(['FOLLOWED', 'RESHARED', 'SHARED', 'MENTIONED', 'THANKED']);
    expect(series.cumulative.map((line) => line.at(-1))).toEqual([55, 2, 1, 1, 1]);
    expect(series.total).toBe(60);
    // Five and a half hours: ticks by the hour.
    expect(series.ticks.map((t) => t.label)).toEqual(['0', '1 h', '2 h', '3 h', '4 h', '5 h']);
  });

  it('is cumulative: never falls, and counts each event once (any times)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 50 }), fc.integer({ min: 1, max: 200 }), (times, steps) => {
        const at = [0, ...times];
        const columns = {
          count: at.length,
          kind: at.map((_, i) => (i % 3 === 0 ? 'FOLLOWED' : 'RESHARED') as 'FOLLOWED' | 'RESHARED'),
          parent: at.map((_, i) => i - 1),
          at,
          actor: at.map(() => 0),
          subject: at.map(() => -1),
          subject2: at.map(() => -1),
        };
        const series = growthSeries(columns, steps);
        let total = 0;
        for (const line of series.cumulative) {
          for (let j = 1; j <= steps; j++) expect(line[j]).toBeGreaterThanOrEqual(line[j - 1]!);
          total += line[steps]!;
        }
        expect(total).toBe(at.length);
      }),
    );
  });
});

describe('growthSeries close-up', () => {
  it('shows the minute after Chris’s reshare in seconds, what came before as its start', () => {
    const columns = storyColumns(sarahShareSnapshot());
    const chris = 3;
    const from = columns.at[chris]! - columns.at[0]!;
    const series = growthSeries(columns, 60, { from, to: from + 60_000 });
    const follows = series.cumulative[series.kinds.indexOf('FOLLOWED')]!;
    expect(follows[0]).toBe(0);
    expect(follows.at(-1)).toBe(25);
    expect(series.ticks.map((t) => t.label)).toEqual(['0', '10 s', '20 s', '30 s', '40 s', '50 s', '1 min']);
  });
});

describe('time axis', () => {
  it('fits the unit to the span: seconds for a minute, days for weeks', () => {
    expect(timeTicks(50_000).map((t) => t.label)).toEqual(['0', '10 s', '20 s', '30 s', '40 s', '50 s']);
    expect(timeTicks(20 * 86_400_000).map((t) => t.label)).toEqual(['0', '7 d', '14 d']);
    expect(tickLabel(90 * 60_000, 30 * 60_000)).toBe('1 h 30');
  });

  it('never has more than 7 ticks, and they start at 0 within the span', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 * 86_400_000 }), (span) => {
        const ticks = timeTicks(span);
        expect(ticks[0]!.at).toBe(0);
        expect(ticks.length).toBeLessThanOrEqual(7);
        expect(ticks.at(-1)!.at).toBeLessThanOrEqual(span + 1e-6);
      }),
    );
  });
});
