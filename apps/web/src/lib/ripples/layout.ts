/**
 * Where the people of a ripple are on screen's world plane (placed by the
 * layout worker, see cascade-layout.ts), how big each is drawn, and a
 * uniform grid of cells over the plane for hit-testing a click.
 */

/** The biggest a node gets, in world units (see `radiusFor`). */
export const MAX_RADIUS = 30;
const MIN_RADIUS = 3;
const CELL = 24;
const CELL_OFFSET = 1 << 20;

/**
 * How big a person's circle is, from how much of the ripple came through
 * them (the events in the sub-ripples below their acts; 0 for someone who
 * was only named). Area grows with it, so a hub stands out.
 */
export function radiusFor(reach: number): number {
  return Math.min(MAX_RADIUS, MIN_RADIUS + 2.2 * Math.sqrt(Math.max(0, reach)));
}

const cellKey = (cx: number, cy: number) => (cx + CELL_OFFSET) * 2 * CELL_OFFSET + (cy + CELL_OFFSET);

export interface Bounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export class PositionIndex {
  x = new Float32Array(64);
  y = new Float32Array(64);
  /** How many people are placed (person indices 0…count−1). */
  count = 0;
  #grid = new Map<number, number[]>();
  #bounds: Bounds = { minX: 0, minY: 0, maxX: 0, maxY: 0 };

  /** Takes the positions of people from…from + n − 1 (from must be `count` or 0, which starts over). */
  set(from: number, xs: ArrayLike<number>, ys: ArrayLike<number>): void {
    if (from === 0) {
      this.#grid.clear();
      this.#bounds = { minX: 0, minY: 0, maxX: 0, maxY: 0 };
    }
    const end = from + xs.length;
    if (end > this.x.length) {
      const capacity = Math.max(end, this.x.length * 2);
      const [x, y] = [new Float32Array(capacity), new Float32Array(capacity)];
      x.set(this.x.subarray(0, from));
      y.set(this.y.subarray(0, from));
      [this.x, this.y] = [x, y];
    }
    const b = this.#bounds;
    for (let k = 0; k < xs.length; k++) {
      const p = from + k;
      const [px, py] = [xs[k]!, ys[k]!];
      this.x[p] = px;
      this.y[p] = py;
      const key = cellKey(Math.floor(px / CELL), Math.floor(py / CELL));
      const cell = this.#grid.get(key);
      if (cell) cell.push(p);
      else this.#grid.set(key, [p]);
      b.minX = Math.min(b.minX, px);
      b.minY = Math.min(b.minY, py);
      b.maxX = Math.max(b.maxX, px);
      b.maxY = Math.max(b.maxY, py);
    }
    this.count = Math.max(from === 0 ? 0 : this.count, end);
  }

  /** The shown person whose circle is nearest (x, y) within `slack` world units of its edge, or -1. */
  hit(x: number, y: number, slack: number, radiusOf: (q: number) => number): number {
    const reach = MAX_RADIUS + slack;
    const [cx0, cy0] = [Math.floor((x - reach) / CELL), Math.floor((y - reach) / CELL)];
    const [cx1, cy1] = [Math.floor((x + reach) / CELL), Math.floor((y + reach) / CELL)];
    let best = -1;
    let bestGap = Infinity;
    for (let cx = cx0; cx <= cx1; cx++) {
      for (let cy = cy0; cy <= cy1; cy++) {
        const cell = this.#grid.get(cellKey(cx, cy));
        if (!cell) continue;
        for (const q of cell) {
          const r = radiusOf(q);
          if (r <= 0) continue;
          const gap = Math.hypot(this.x[q]! - x, this.y[q]! - y) - r;
          if (gap <= slack && gap < bestGap) {
            best = q;
            bestGap = gap;
          }
        }
      }
    }
    return best;
  }

  /** The box around every placed circle's centre. */
  get bounds(): Readonly<Bounds> {
    return this.#bounds;
  }

}
