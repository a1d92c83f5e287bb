import type { RippleGraph } from './ripple-graph';

/**
 * The shown edge nearest a world point, within `slack` world units, or -1.
 * Runs once per click, not per frame, so a scan with a bounding-box test
 * first is plenty for thousands of edges. A curved (parallel) edge is
 * measured as the two segments through the peak of its curve.
 */
export function nearestEdge(graph: RippleGraph, x: number, y: number, slack: number): number {
  const xs = graph.layout.x;
  const ys = graph.layout.y;
  let best = -1;
  let bestDistance = slack;
  for (let e = 0; e < graph.edgeCount; e++) {
    if (!graph.isEventShown(graph.edgeEvent[e]!)) continue;
    const a = graph.edgeFrom[e]!;
    const b = graph.edgeTo[e]!;
    const x1 = xs[a]!;
    const y1 = ys[a]!;
    const x2 = xs[b]!;
    const y2 = ys[b]!;
    const bend = graph.edgeBend[e]!;
    const reach = bestDistance + Math.abs(bend);
    if (x < Math.min(x1, x2) - reach || x > Math.max(x1, x2) + reach) continue;
    if (y < Math.min(y1, y2) - reach || y > Math.max(y1, y2) + reach) continue;
    let distance: number;
    if (bend === 0) {
      distance = segmentDistance(x, y, x1, y1, x2, y2);
    } else {
      const length = Math.hypot(x2 - x1, y2 - y1) || 1;
      const px = (x1 + x2) / 2 - ((y2 - y1) / length) * bend;
      const py = (y1 + y2) / 2 + ((x2 - x1) / length) * bend;
      distance = Math.min(segmentDistance(x, y, x1, y1, px, py), segmentDistance(x, y, px, py, x2, y2));
    }
    if (distance <= bestDistance) {
      best = e;
      bestDistance = distance;
    }
  }
  return best;
}

/** Distance from (x, y) to the segment (x1, y1)–(x2, y2). */
export function segmentDistance(x: number, y: number, x1: number, y1: number, x2: number, y2: number): number {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const lengthSquared = dx * dx + dy * dy;
  const t = lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, ((x - x1) * dx + (y - y1) * dy) / lengthSquared));
  return Math.hypot(x - (x1 + t * dx), y - (y1 + t * dy));
}
