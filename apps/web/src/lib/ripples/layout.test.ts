import { describe, expect, it } from 'vitest';
import { MAX_RADIUS, RippleLayout, radiusFor } from './layout';
import { RippleGraph, type RippleEventInput } from './ripple-graph';

/** A synthetic cascade shaped like the API's synthetic communities: heavy fan-out at the root, preferential attachment. */
export function syntheticRipple(size: number, seed = 1): RippleEventInput[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const events: RippleEventInput[] = [];
  const urn = [0, 0, 0, 0];
  let time = Date.UTC(2026, 0, 1);
  for (let i = 0; i < size; i++) {
    const parent = i === 0 ? -1 : urn[Math.floor(random() * urn.length)]!;
    time += Math.round(1_000 + random() * 600_000);
    events.push({
      id: `e${i}`,
      kind: 'FOLLOWED',
      actorId: `p${i + 1}`,
      subjectId: 'p0',
      subject2Id: null,
      shareId: null,
      introductionId: null,
      causeId: parent < 0 ? null : `e${parent}`,
      createdAt: new Date(time).toISOString(),
    });
    if (i > 0) urn.push(parent, i);
  }
  return events;
}

describe('RippleLayout', () => {
  it('puts the first person at the origin and the next ones around their anchor', () => {
    const layout = new RippleLayout();
    expect(layout.place(-1)).toBe(0);
    expect([layout.x[0], layout.y[0]]).toEqual([0, 0]);
    for (let i = 1; i < 20; i++) layout.place(0);
    for (let p = 1; p < 20; p++) {
      const distance = Math.hypot(layout.x[p]!, layout.y[p]!);
      expect(distance).toBeGreaterThanOrEqual(2 * MAX_RADIUS);
      expect(distance).toBeLessThan(100);
    }
    // Someone's followers fan out behind them: further out, at about their angle.
    const anchor = 5;
    const child = layout.place(anchor);
    expect(Math.hypot(layout.x[child]!, layout.y[child]!)).toBeGreaterThan(Math.hypot(layout.x[anchor]!, layout.y[anchor]!));
    const turn = Math.atan2(layout.y[child]!, layout.x[child]!) - Math.atan2(layout.y[anchor]!, layout.x[anchor]!);
    expect(Math.abs(Math.atan2(Math.sin(turn), Math.cos(turn)))).toBeLessThan(0.6);
  });

  it('finds the person under a point, within a slack, and nobody in empty space', () => {
    const layout = new RippleLayout();
    const radius = () => 5;
    layout.place(-1);
    layout.place(0);
    expect(layout.hit(0, 0, 0, radius)).toBe(0);
    expect(layout.hit(6, 0, 2, radius)).toBe(0);
    expect(layout.hit(layout.x[1]!, layout.y[1]! + 4, 0, radius)).toBe(1);
    expect(layout.hit(500, 500, 10, radius)).toBe(-1);
    // Hidden people (radius 0, not yet in the replay) are not hit.
    expect(layout.hit(0, 0, 0, (q) => (q === 0 ? 0 : 5))).toBe(-1);
  });

  it('lays out a 5,000-event ripple quickly, without overlaps, growing outwards', () => {
    const events = syntheticRipple(5_000);
    const started = performance.now();
    const graph = new RippleGraph();
    for (const e of events) graph.add(e);
    const elapsed = performance.now() - started;
    expect(graph.personCount).toBe(5_001);
    // Done once, as pages arrive, never in a frame: well under a second even on a slow CI core.
    expect(elapsed).toBeLessThan(1_500);
    // No two circles overlap (checked through the layout's own grid, at the size each had when placed: at least 1 event).
    for (let p = 0; p < graph.personCount; p++) {
      const near = graph.layout.hit(graph.layout.x[p]!, graph.layout.y[p]!, radiusFor(1) * 2, (q) => (q === p ? 0 : radiusFor(1)));
      if (near >= 0) {
        const distance = Math.hypot(graph.layout.x[p]! - graph.layout.x[near]!, graph.layout.y[p]! - graph.layout.y[near]!);
        expect(distance).toBeGreaterThanOrEqual(2 * radiusFor(1));
      }
    }
    const b = graph.layout.bounds;
    expect(b.maxX - b.minX).toBeLessThan(5_000);
  });
});
