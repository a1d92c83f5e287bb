import { describe, expect, it } from 'vitest';
import { nearestEdge, segmentDistance } from './hit';
import { RippleGraph, type RippleEventInput } from './ripple-graph';

const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 9, minutes)).toISOString();
const base = { subject2Id: null, shareId: null, introductionId: null } as const;

describe('hit-testing edges', () => {
  it('measures the distance to a segment, ends included', () => {
    expect(segmentDistance(5, 3, 0, 0, 10, 0)).toBe(3);
    expect(segmentDistance(-4, 3, 0, 0, 10, 0)).toBe(5);
    expect(segmentDistance(1, 1, 2, 2, 2, 2)).toBeCloseTo(Math.SQRT2, 12);
  });

  it('finds the shown edge under a point, curved ones included, and nothing far away', () => {
    const graph = new RippleGraph();
    const events: RippleEventInput[] = [
      { ...base, id: 'a', kind: 'SHARED', actorId: 'sarah', subjectId: 'maya', causeId: null, createdAt: at(0) },
      { ...base, id: 'b', kind: 'THANKED', actorId: 'maya', subjectId: 'sarah', causeId: 'a', createdAt: at(1) },
    ];
    for (const e of events) graph.add(e);
    graph.layout.set(0, [0, 120], [0, 30]);
    const [x1, y1, x2, y2] = [graph.layout.x[0]!, graph.layout.y[0]!, graph.layout.x[1]!, graph.layout.y[1]!];
    const mid = [(x1 + x2) / 2, (y1 + y2) / 2] as const;
    expect(nearestEdge(graph, mid[0], mid[1], 2)).toBe(0);
    // The thanks runs the other way between the same two: drawn as a curve, bulging sideways.
    const length = Math.hypot(x2 - x1, y2 - y1);
    const bend = graph.edgeBend[1]!;
    const peak = [mid[0] - ((y1 - y2) / length) * bend, mid[1] + ((x1 - x2) / length) * bend];
    expect(nearestEdge(graph, peak[0]!, peak[1]!, 2)).toBe(1);
    expect(nearestEdge(graph, 1_000, 1_000, 5)).toBe(-1);
    graph.setShown(1);
    expect(nearestEdge(graph, peak[0]!, peak[1]!, 2)).toBe(-1);
  });
});
