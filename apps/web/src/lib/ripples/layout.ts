/**
 * Where each person of a ripple sits, decided once, when they join, and
 * never changed: a ripple that grows (page by page, or live) only adds
 * nodes; nobody already on screen moves.
 *
 * The root person sits at the origin. Everyone else is placed near the
 * person who brought them in (their "anchor"), on a Vogel sunflower spiral
 * around the anchor: the first free candidate spot, where free means no
 * circle closer than both radii plus a gap. Away from the root, the spiral
 * is kept to a cone pointing outwards, so a ripple reads from the centre
 * out, hop by hop. Each anchor remembers how far along its spiral it got:
 * spots before that are taken for good (nodes never move or shrink below
 * their size at placement), so the search resumes there, and a
 * 5,000-person broadcast is laid out in linear-ish time. Deterministic:
 * the same arrivals in the same order give the same picture.
 *
 * A uniform grid of cells over the plane indexes the nodes, for both the
 * free-spot test and hit-testing a click.
 */

/** The biggest a node gets, in world units (see `radiusFor`). */
export const MAX_RADIUS = 26;
const MIN_RADIUS = 3;
/** Room kept around a newcomer: it may grow a little after it is placed. */
const NEWCOMER_RADIUS = 8;
const GAP = 4;
/** Children start beyond the biggest a parent can grow, so a growing parent never covers them. */
const FIRST_RING = MAX_RADIUS + GAP;
/** Vogel spiral: radius grows as SPACING·√j; golden-angle turns. */
const SPACING = 10;
const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));
/** Half-width of the outward cone, and how far along the spiral it still applies. */
const CONE = 1.75;
const CONE_UNTIL = 600;
const CELL = 24;
const CELL_OFFSET = 1 << 20;

/** How big a person's circle is, from how many of the shown events involve them (0: not shown). */
export function radiusFor(eventCount: number): number {
  if (eventCount <= 0) return 0;
  return Math.min(MAX_RADIUS, MIN_RADIUS + 2.2 * Math.sqrt(eventCount));
}

const cellKey = (cx: number, cy: number) => (cx + CELL_OFFSET) * 2 * CELL_OFFSET + (cy + CELL_OFFSET);

export interface Bounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export class RippleLayout {
  x = new Float64Array(64);
  y = new Float64Array(64);
  /** How many people are placed; person indices are 0…count−1 in order of arrival. */
  count = 0;
  #cursor = new Int32Array(64);
  #grid = new Map<number, number[]>();
  #bounds: Bounds = { minX: 0, minY: 0, maxX: 0, maxY: 0 };

  /**
   * Places the next person (index `count`) near `anchor` (a placed person),
   * or at the origin when `anchor` is -1 and nobody is placed yet.
   * `radiusOf(q)` is the current radius of a placed person.
   */
  place(anchor: number, radiusOf: (q: number) => number): number {
    const p = this.count;
    this.#grow(p + 1);
    if (p === 0) {
      this.#put(p, 0, 0);
      return p;
    }
    const a = anchor >= 0 && anchor < p ? anchor : 0;
    const ax = this.x[a]!;
    const ay = this.y[a]!;
    const fromRoot = Math.hypot(ax, ay);
    const outward = a === 0 || fromRoot < 1 ? -Math.PI / 2 : Math.atan2(ay, ax);
    const cone = a !== 0 && fromRoot >= 1;
    for (let j = this.#cursor[a]!; ; j++) {
      const angle = outward + j * GOLDEN_ANGLE;
      if (cone && j < CONE_UNTIL && Math.abs(wrap(angle - outward)) > CONE) continue;
      const rho = FIRST_RING + SPACING * Math.sqrt(j);
      const cx = ax + rho * Math.cos(angle);
      const cy = ay + rho * Math.sin(angle);
      if (this.#isFree(cx, cy, NEWCOMER_RADIUS, radiusOf)) {
        this.#cursor[a] = j + 1;
        this.#put(p, cx, cy);
        return p;
      }
    }
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

  #isFree(x: number, y: number, r: number, radiusOf: (q: number) => number): boolean {
    const reach = r + MAX_RADIUS + GAP;
    const [cx0, cy0] = [Math.floor((x - reach) / CELL), Math.floor((y - reach) / CELL)];
    const [cx1, cy1] = [Math.floor((x + reach) / CELL), Math.floor((y + reach) / CELL)];
    for (let cx = cx0; cx <= cx1; cx++) {
      for (let cy = cy0; cy <= cy1; cy++) {
        const cell = this.#grid.get(cellKey(cx, cy));
        if (!cell) continue;
        for (const q of cell) {
          const min = r + Math.max(radiusOf(q), NEWCOMER_RADIUS) + GAP;
          const dx = this.x[q]! - x;
          const dy = this.y[q]! - y;
          if (dx * dx + dy * dy < min * min) return false;
        }
      }
    }
    return true;
  }

  #put(p: number, x: number, y: number) {
    this.x[p] = x;
    this.y[p] = y;
    this.count = p + 1;
    const key = cellKey(Math.floor(x / CELL), Math.floor(y / CELL));
    const cell = this.#grid.get(key);
    if (cell) cell.push(p);
    else this.#grid.set(key, [p]);
    const b = this.#bounds;
    if (p === 0) Object.assign(b, { minX: x, minY: y, maxX: x, maxY: y });
    b.minX = Math.min(b.minX, x);
    b.minY = Math.min(b.minY, y);
    b.maxX = Math.max(b.maxX, x);
    b.maxY = Math.max(b.maxY, y);
  }

  #grow(size: number) {
    if (size <= this.x.length) return;
    const capacity = Math.max(size, this.x.length * 2);
    this.x = grown(this.x, capacity);
    this.y = grown(this.y, capacity);
    const cursor = new Int32Array(capacity);
    cursor.set(this.#cursor);
    this.#cursor = cursor;
  }
}

function grown(array: Float64Array, capacity: number): Float64Array<ArrayBuffer> {
  const next = new Float64Array(capacity);
  next.set(array);
  return next;
}

/** An angle in (−π, π]. */
function wrap(angle: number): number {
  return angle - 2 * Math.PI * Math.round(angle / (2 * Math.PI));
}
