/**
 * Where each person of a ripple sits, decided once, when they join, and
 * never changed: a ripple that grows (page by page, or live) only adds
 * nodes; nobody already on screen moves.
 *
 * A deterministic radial layout. The root person sits at the origin,
 * inside concentric tracks; each track is cut into slots about one node
 * apart. A newcomer goes to the free slot nearest the angle of the person
 * who brought them in (their "anchor"), on the first track outside the
 * anchor's that has one within a window of that angle. So the ripple
 * reads from the centre out, hop by hop, and a person's followers fan out
 * in a wedge behind them. The root's own direct effects are spread round
 * the circle by the golden angle.
 *
 * Placing is cheap (a scan of a few slot bitmaps: full tracks are skipped
 * in O(1)), so a 5,000-person ripple is laid out in milliseconds, once,
 * as it arrives, and never inside a frame. A uniform grid of cells over
 * the plane indexes the nodes for hit-testing a click.
 */

/** The biggest a node gets, in world units (see `radiusFor`). */
export const MAX_RADIUS = 18;
const MIN_RADIUS = 3;
/** Radius of the first track, and the distance between tracks. */
const FIRST_TRACK = 44;
const TRACK_GAP = 22;
/** Distance between neighbouring slots along a track. */
const SLOT_GAP = 22;
const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));
/** How far (radians, each side) from its anchor's angle a newcomer may sit before going a track further out. */
const WEDGE = 0.55;
/** Successive effects of one person start this far apart (radians), alternating sides, within the wedge. */
const SIBLING_STEP = 0.12;
const CELL = 24;
const CELL_OFFSET = 1 << 20;

/** How big a person's circle is, from how many of the shown events involve them (0: not shown). */
export function radiusFor(eventCount: number): number {
  if (eventCount <= 0) return 0;
  return Math.min(MAX_RADIUS, MIN_RADIUS + 1.8 * Math.sqrt(eventCount));
}

const cellKey = (cx: number, cy: number) => (cx + CELL_OFFSET) * 2 * CELL_OFFSET + (cy + CELL_OFFSET);

export interface Bounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

interface Track {
  radius: number;
  /** Angle of slot 0; tracks are turned against each other so slots do not line up in spokes. */
  phase: number;
  taken: Uint8Array;
  free: number;
}

export class RippleLayout {
  x = new Float64Array(64);
  y = new Float64Array(64);
  /** How many people are placed; person indices are 0…count−1 in order of arrival. */
  count = 0;
  #track = new Int32Array(64);
  #angle = new Float64Array(64);
  #children = new Int32Array(64);
  #tracks: Track[] = [];
  #grid = new Map<number, number[]>();
  #bounds: Bounds = { minX: 0, minY: 0, maxX: 0, maxY: 0 };

  /**
   * Places the next person (index `count`) near `anchor` (a placed
   * person); the first person, or one with no anchor, is placed as if
   * brought in by the first.
   */
  place(anchor: number): number {
    const p = this.count;
    this.#grow(p + 1);
    if (p === 0) {
      this.#put(p, 0, 0, 0);
      return p;
    }
    const a = anchor >= 0 && anchor < p ? anchor : 0;
    const nth = this.#children[a]!++;
    const fromRoot = this.#track[a] === 0;
    // The root's effects go all round; anyone else's fan out behind them.
    const target = fromRoot ? nth * GOLDEN_ANGLE : this.#angle[a]! + siblingOffset(nth);
    const window = fromRoot ? Math.PI : WEDGE;
    for (let t = this.#track[a]! + 1; ; t++) {
      const track = this.#trackAt(t);
      if (track.free === 0) continue;
      const slot = nearestFree(track, target, window);
      if (slot < 0) continue;
      track.taken[slot] = 1;
      track.free--;
      const angle = track.phase + (slot * 2 * Math.PI) / track.taken.length;
      this.#put(p, track.radius * Math.cos(angle), track.radius * Math.sin(angle), t, angle);
      return p;
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

  #trackAt(t: number): Track {
    while (this.#tracks.length <= t) {
      const i = this.#tracks.length;
      const radius = i === 0 ? 0 : FIRST_TRACK + (i - 1) * TRACK_GAP;
      const slots = i === 0 ? 1 : Math.max(6, Math.floor((2 * Math.PI * radius) / SLOT_GAP));
      // Track 0 is the root's alone.
      this.#tracks.push({ radius, phase: i * 0.618, taken: new Uint8Array(slots).fill(i === 0 ? 1 : 0), free: i === 0 ? 0 : slots });
    }
    return this.#tracks[t]!;
  }

  #put(p: number, x: number, y: number, track: number, angle = 0) {
    this.x[p] = x;
    this.y[p] = y;
    this.#track[p] = track;
    this.#angle[p] = angle;
    this.count = p + 1;
    const key = cellKey(Math.floor(x / CELL), Math.floor(y / CELL));
    const cell = this.#grid.get(key);
    if (cell) cell.push(p);
    else this.#grid.set(key, [p]);
    const b = this.#bounds;
    b.minX = Math.min(b.minX, x);
    b.minY = Math.min(b.minY, y);
    b.maxX = Math.max(b.maxX, x);
    b.maxY = Math.max(b.maxY, y);
  }

  #grow(size: number) {
    if (size <= this.x.length) return;
    const capacity = Math.max(size, this.x.length * 2);
    this.x = grownFloat(this.x, capacity);
    this.y = grownFloat(this.y, capacity);
    this.#angle = grownFloat(this.#angle, capacity);
    this.#track = grownInt(this.#track, capacity);
    this.#children = grownInt(this.#children, capacity);
  }
}

/** 0, +1, −1, +2, −2 … steps, capped to the wedge. */
function siblingOffset(nth: number): number {
  const step = Math.ceil(nth / 2) * (nth % 2 === 1 ? 1 : -1);
  return Math.max(-WEDGE, Math.min(WEDGE, step * SIBLING_STEP));
}

/** The free slot of `track` nearest `angle`, no further than `window` radians away; -1 if none. */
function nearestFree(track: Track, angle: number, window: number): number {
  const n = track.taken.length;
  const perSlot = (2 * Math.PI) / n;
  const center = Math.round((angle - track.phase) / perSlot);
  const reach = Math.min(Math.floor(n / 2), Math.ceil(window / perSlot));
  for (let d = 0; d <= reach; d++) {
    const up = mod(center + d, n);
    if (track.taken[up] === 0) return up;
    const down = mod(center - d, n);
    if (track.taken[down] === 0) return down;
  }
  return -1;
}

function mod(k: number, n: number): number {
  return ((k % n) + n) % n;
}

function grownFloat(array: Float64Array, capacity: number): Float64Array<ArrayBuffer> {
  const next = new Float64Array(capacity);
  next.set(array);
  return next;
}

function grownInt(array: Int32Array, capacity: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(capacity);
  next.set(array);
  return next;
}
