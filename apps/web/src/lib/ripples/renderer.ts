import { EDGE_STYLES, EDGE_TYPES } from './edges';
import { MAX_RADIUS } from './layout';
import type { RippleGraph } from './ripple-graph';
import type { ViewTransform } from './view';
import type { WebglScene } from './webgl-scene';

/**
 * Draws a ripple on a 2D canvas. Built to stay smooth while panning a
 * 5,000-event ripple on a machine without a GPU:
 *  - a frame is drawn in requestAnimationFrame only after something changed
 *    (`invalidate`), never in a loop;
 *  - edges are drawn in one path per edge type (8 strokes a frame, whatever
 *    the size), nodes in one path (one fill);
 *  - whatever lies outside the viewport is skipped, and nodes smaller than
 *    a few pixels are squares rather than arcs;
 *  - once many edges are on screen they are drawn one device pixel wide:
 *    Skia rasterises those as hairlines, several times faster in software
 *    (5,000 lines of 1.25 px: 14 fps in headless Chromium; of 1 px: 60);
 *    colour and dash pattern still tell the types apart;
 *  - the layout is computed when people join, never in the frame, and the
 *    frame allocates nothing (dash patterns are rescaled in place).
 * Each frame's start time and drawing time go into a ring buffer,
 * `window.__rippleFrameTimes`, for the FPS readout and the browser test.
 */

interface SceneBitmap {
  canvas: HTMLCanvasElement;
  /** The view's scale it was drawn at, and the world rectangle it covers. */
  scale: number;
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
  version: number;
}

/** Where a pass over the scene has got to (edge type, edge, person) and what it drew. */
interface ScenePass {
  ctx: CanvasRenderingContext2D;
  scale: number;
  dpr: number;
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
  dense: boolean;
  type: number;
  k: number;
  person: number;
  edges: number;
  nodes: number;
  open: boolean;
  done: boolean;
}

export interface FrameTimes {
  /** performance.now() at the start of each frame (ring buffer). */
  at: Float64Array;
  /** Milliseconds spent drawing each frame (ring buffer). */
  drawMs: Float64Array;
  /** Frames drawn so far; entry k is at index k % capacity. */
  count: number;
}

declare global {
  interface Window {
    __rippleFrameTimes?: FrameTimes;
  }
}

const FRAME_LOG = 1024;
const PAPER = '#ffffff';
const NODE = '#46515d';
const NODE_EDGE = '#ffffff';
const ROOT_RING = '#0b5cad';
const SELECTED = '#e8a100';
const LABEL = '#1b1f24';
const LABEL_HALO = 'rgba(255,255,255,0.92)';
const MAX_LABELS = 150;
/** More edges than this on screen: hairlines (see above). */
const DENSE_EDGES = 600;
/** Circles smaller than this on screen (CSS px) are drawn as squares. */
const SQUARE_BELOW = 2.5;
/** How many candidates a frame looks at for a label, at most (the rest are crowded out anyway). */
const MAX_LABEL_TRIES = 600;
/** Zoomed in at least this far, anyone's name shows where there is room (before, only those through whom something came). */
const LABEL_EVERYONE_FROM = 1.6;
/** Zoomed out further than this, only the root's, the featured and the selection's names show. */
const LABELS_FROM_SCALE = 0.6;
const LABEL_FONT = '600 12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const LABEL_HEIGHT = 16;
/** Where a name may go beside its circle, in order of preference: 0 right, 1 left, 2 below, 3 above. */
const LABEL_SIDES = [0, 1, 2, 3] as const;
const ROOT_LABEL_SIDES = [2, 0, 1, 3] as const;
/** More edges and people than this in view: the scene is drawn into a bitmap, a slice per frame (in software, Chromium rasterises a canvas after the frame, so drawing thousands of lines every frame costs far more than it seems). */
const HEAVY_SCENE = 2_000;
/** Milliseconds of drawing a frame may spend on the bitmap. */
const BUILD_SLICE_MS = 6;
const FIRST_SLICE_MS = 40;
/** A zoom that has not changed for this long has come to rest: draw it sharp. */
const ZOOM_REST_MS = 140;
/** The clock is read once per this many edges or people. */
const SLICE_EDGES = 1500;
const SLICE_NODES = 3000;
/** The bitmap's longest side, in device pixels. */
const MAX_CACHE_PX = 4096;
/** Parallel edges bulge sideways this much at most (see RippleGraph.edgeBend), for culling. */
const BEND_MARGIN = 60;

export class RippleRenderer {
  /** A person to ring, or -1. */
  selectedPerson = -1;
  /** An edge to draw bold, or -1. */
  selectedEdge = -1;
  /** People whose names always show, with what to say after the name ("· brought 36"). */
  featured: ReadonlyMap<number, string> = new Map();
  readonly frames: FrameTimes = { at: new Float64Array(FRAME_LOG), drawMs: new Float64Array(FRAME_LOG), count: 0 };
  /** Called after every frame (e.g. the FPS readout). */
  onFrame: ((frames: FrameTimes) => void) | null = null;

  #canvas: HTMLCanvasElement;
  #ctx: CanvasRenderingContext2D;
  #graph: RippleGraph;
  #view: ViewTransform;
  #width = 0;
  #height = 0;
  #dpr = 1;
  #scheduled = 0;
  #dashes: number[][] = EDGE_TYPES.map((type) => [...EDGE_STYLES[type].dash]);
  #dashScale = NaN;
  #dashDense = false;
  #visibleEdges = 0;
  /** Edges and people the last whole pass drew: decides between drawing each frame and the bitmap. */
  #sceneItems = 0;
  /** Bumped when what the scene shows changes (not the view): a cached bitmap of an older one is stale. */
  #sceneVersion = 0;
  #cache: SceneBitmap | null = null;
  #build: (SceneBitmap & { pass: ScenePass }) | null = null;
  #spare: HTMLCanvasElement | null = null;
  #drewPeople = false;
  /** The last zoom step seen, and when: the sharp bitmap waits for the zoom to rest. */
  #zoomedAt = { scale: NaN, at: 0 };
  #restTimer: ReturnType<typeof setTimeout> | undefined = undefined;
  #labelBoxes = new Float32Array((MAX_LABELS + 4) * 4);
  #labelCount = 0;
  #labelOrder = new Int32Array(0);
  #labelOrderFor = -1;
  #widths = new Float32Array(0);
  #widthsFor = -1;
  #rootLabel = '';

  #webgl: WebglScene | null;

  /**
   * With `webgl` (sigma.js, see webgl-scene.ts) the people and edges are
   * drawn there, and this canvas, transparent on top, draws only the
   * names, rings and selection.
   */
  constructor(canvas: HTMLCanvasElement, graph: RippleGraph, view: ViewTransform, webgl: WebglScene | null = null) {
    this.#webgl = webgl;
    const ctx = canvas.getContext('2d', { alpha: webgl !== null });
    if (!ctx) throw new Error('This browser cannot draw on a canvas.');
    this.#canvas = canvas;
    this.#ctx = ctx;
    this.#graph = graph;
    this.#view = view;
    window.__rippleFrameTimes = this.frames;
  }

  /** When the ripple was first on screen, for the browser test's "time to first draw". */
  #markFirstDraw() {
    if (this.#drewPeople && window.__rippleTimings && !window.__rippleTimings.firstDrawAt) window.__rippleTimings.firstDrawAt = performance.now();
  }

  /** What draws the people and edges. */
  get kind(): 'canvas' | 'webgl' {
    return this.#webgl ? 'webgl' : 'canvas';
  }

  /** WebGL draws in its own frames: they are what the frame log counts. */
  webglRendered(at: number, ms: number): void {
    if (this.#graph.layout.count > 0) this.#markFirstDraw();
    const k = this.frames.count % FRAME_LOG;
    this.frames.at[k] = at;
    this.frames.drawMs[k] = ms;
    this.frames.count++;
    this.onFrame?.(this.frames);
  }

  get width(): number {
    return this.#width;
  }

  get height(): number {
    return this.#height;
  }

  /** The canvas's CSS size and the device pixel ratio; the backing store follows. */
  resize(width: number, height: number, dpr: number): void {
    if (width === this.#width && height === this.#height && dpr === this.#dpr) return;
    this.#width = width;
    this.#height = height;
    this.#dpr = dpr;
    this.#canvas.width = Math.max(1, Math.round(width * dpr));
    this.#canvas.height = Math.max(1, Math.round(height * dpr));
    this.#webgl?.resize();
    this.invalidate();
  }

  /** The ripple (or the replay) changed, not just the view: the scene is drawn again. */
  sceneChanged(): void {
    this.#sceneVersion++;
    this.#webgl?.sync();
    this.invalidate();
  }

  /** Something changed: draw once, on the next animation frame. */
  invalidate(): void {
    if (this.#scheduled === 0) this.#scheduled = requestAnimationFrame(this.#frame);
  }

  destroy(): void {
    if (this.#scheduled !== 0) cancelAnimationFrame(this.#scheduled);
    this.#scheduled = 0;
    clearTimeout(this.#restTimer);
    this.onFrame = null;
    this.#webgl?.destroy();
    if (window.__rippleFrameTimes === this.frames) delete window.__rippleFrameTimes;
  }

  #frame = (now: number) => {
    this.#scheduled = 0;
    const started = performance.now();
    this.draw();
    if (this.#webgl) return;
    this.#markFirstDraw();
    const k = this.frames.count % FRAME_LOG;
    this.frames.at[k] = now;
    this.frames.drawMs[k] = performance.now() - started;
    this.frames.count++;
    this.onFrame?.(this.frames);
  };

  draw(): void {
    const ctx = this.#ctx;
    const graph = this.#graph;
    const view = this.#view;
    const dpr = this.#dpr;
    const scale = view.scale;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    if (this.#webgl) ctx.clearRect(0, 0, this.#canvas.width, this.#canvas.height);
    else {
      ctx.fillStyle = PAPER;
      ctx.fillRect(0, 0, this.#canvas.width, this.#canvas.height);
    }
    if (graph.eventCount === 0 || graph.layout.count === 0) return;
    this.#drewPeople = true;

    // The world rectangle on screen, widened by the largest thing that can poke in.
    const margin = MAX_RADIUS + 8 / scale;
    const minX = view.toWorldX(0) - margin;
    const maxX = view.toWorldX(this.#width) + margin;
    const minY = view.toWorldY(0) - margin;
    const maxY = view.toWorldY(this.#height) + margin;

    if (this.#webgl) {
      this.#webgl.setView(view, this.#width, this.#height);
      this.#overlays(minX, maxX, minY, maxY);
      return;
    }
    // Before the first pass, guess from the counts (an upper bound).
    if (this.#sceneItems === 0) this.#sceneItems = graph.edgeCount + graph.layout.count;
    if (this.#sceneItems <= HEAVY_SCENE) {
      // Light enough to draw whole every frame: crisp at every step of a pan or zoom.
      ctx.setTransform(scale * dpr, 0, 0, scale * dpr, view.x * dpr, view.y * dpr);
      const pass = this.#startPass(ctx, scale, dpr, minX, maxX, minY, maxY);
      this.#runPass(pass, Infinity);
      this.#finishPass(pass);
      this.#cache = null;
    } else {
      this.#drawCached(minX, maxX, minY, maxY);
    }
    this.#overlays(minX, maxX, minY, maxY);
  }

  /**
   * A heavy scene (tens of thousands of edges) is drawn into a bitmap a
   * good way larger than the viewport, a slice per frame (never more than
   * a few milliseconds), and every frame shows the latest finished bitmap
   * where the view now puts it: panning is a copy, zooming a scaled copy
   * until the sharp one for the new zoom is done.
   */
  #drawCached(minX: number, maxX: number, minY: number, maxY: number) {
    const ctx = this.#ctx;
    const view = this.#view;
    const dpr = this.#dpr;
    const front = this.#cache;
    const fresh =
      front !== null &&
      front.scale === view.scale &&
      front.version === this.#sceneVersion &&
      minX >= front.minX && maxX <= front.maxX && minY >= front.minY && maxY <= front.maxY;
    if (front) {
      // Where the bitmap's world rectangle lands on screen now.
      const k = view.scale / front.scale;
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      // Nearest-neighbour while zooming: a transient picture, and much cheaper to scale in software.
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(front.canvas, (front.minX * view.scale + view.x) * dpr, (front.minY * view.scale + view.y) * dpr, front.canvas.width * k, front.canvas.height * k);
    }
    if (fresh) return;
    // One bitmap at a time. While a zoom goes on, the last one is shown scaled and the sharp one waits
    // until the zoom rests (a new scale every frame would never finish); a pan needs one at once.
    if (!this.#build) {
      const now = performance.now();
      if (front && front.scale !== view.scale) {
        if (this.#zoomedAt.scale !== view.scale) this.#zoomedAt = { scale: view.scale, at: now };
        if (now - this.#zoomedAt.at < ZOOM_REST_MS) {
          clearTimeout(this.#restTimer);
          this.#restTimer = setTimeout(() => this.invalidate(), ZOOM_REST_MS);
          return;
        }
      }
      this.#startBuild(minX, maxX, minY, maxY);
    }
    const current = this.#build!;
    // Nothing (or too little) to show yet: bigger slices; with nothing at all, the bitmap shown as it fills in.
    this.#runPass(current.pass, front && this.#covers(front, minX, maxX, minY, maxY) ? BUILD_SLICE_MS : FIRST_SLICE_MS);
    if (!front) {
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.drawImage(current.canvas, (current.minX * view.scale + view.x) * dpr, (current.minY * view.scale + view.y) * dpr);
    }
    if (current.pass.done) {
      this.#finishPass(current.pass);
      this.#cache = { canvas: current.canvas, scale: current.scale, minX: current.minX, maxX: current.maxX, minY: current.minY, maxY: current.maxY, version: current.version };
      // The old front bitmap is the next back one.
      this.#spare = front?.canvas ?? null;
      this.#build = null;
      // Show it now, and if the view or the scene moved on meanwhile, start the next.
      this.invalidate();
    } else {
      this.invalidate();
    }
  }

  /** Whether a bitmap covers most of the view (after Reset view from a close-up it may cover a corner). */
  #covers(bitmap: SceneBitmap, minX: number, maxX: number, minY: number, maxY: number): boolean {
    const w = Math.max(0, Math.min(maxX, bitmap.maxX) - Math.max(minX, bitmap.minX));
    const h = Math.max(0, Math.min(maxY, bitmap.maxY) - Math.max(minY, bitmap.minY));
    return w * h >= 0.6 * (maxX - minX) * (maxY - minY);
  }

  #startBuild(minX: number, maxX: number, minY: number, maxY: number) {
    const view = this.#view;
    const dpr = this.#dpr;
    // The viewport and half of it again on every side, within what a canvas may be.
    const [w, h] = [maxX - minX, maxY - minY];
    const pad = Math.max(0, Math.min(0.5, (MAX_CACHE_PX / Math.max(w, h) / view.scale / dpr - 1) / 2));
    const box = { minX: minX - w * pad, maxX: maxX + w * pad, minY: minY - h * pad, maxY: maxY + h * pad };
    const canvas = this.#spare ?? document.createElement('canvas');
    this.#spare = null;
    const [width, height] = [Math.ceil((box.maxX - box.minX) * view.scale * dpr), Math.ceil((box.maxY - box.minY) * view.scale * dpr)];
    // Resizing reallocates the bitmap: only when the size changes.
    if (canvas.width !== width) canvas.width = width;
    if (canvas.height !== height) canvas.height = height;
    const ctx = canvas.getContext('2d', { alpha: false })!;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = PAPER;
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.setTransform(view.scale * dpr, 0, 0, view.scale * dpr, -box.minX * view.scale * dpr, -box.minY * view.scale * dpr);
    this.#build = { canvas, scale: view.scale, ...box, version: this.#sceneVersion, pass: this.#startPass(ctx, view.scale, dpr, box.minX, box.maxX, box.minY, box.maxY) };
  }

  /** A pass over the edges (one path per type) and then the people (one path), resumable between frames. */
  #startPass(ctx: CanvasRenderingContext2D, scale: number, dpr: number, minX: number, maxX: number, minY: number, maxY: number): ScenePass {
    // Fainter the more edges there are on screen (last pass's count), so thousands of them read as
    // a texture with the people on top, not a solid mat.
    const dense = this.#visibleEdges > DENSE_EDGES;
    this.#rescaleDashes(scale, dense);
    return { ctx, scale, dpr, minX, maxX, minY, maxY, dense, type: 0, k: 0, person: 0, edges: 0, nodes: 0, open: false, done: false };
  }

  #runPass(pass: ScenePass, budgetMs: number) {
    const graph = this.#graph;
    const ctx = pass.ctx;
    const xs = graph.layout.x;
    const ys = graph.layout.y;
    const placed = graph.layout.count;
    const shown = graph.shown;
    const started = performance.now();
    const hairline = 1 / (pass.scale * pass.dpr);
    ctx.globalAlpha = Math.max(0.3, Math.min(1, 1.6 / Math.sqrt(Math.max(1, this.#visibleEdges / 150))));
    while (pass.type < EDGE_TYPES.length) {
      const bucket = graph.edgesByType[pass.type]!;
      const style = EDGE_STYLES[EDGE_TYPES[pass.type]!];
      if (!pass.open) {
        ctx.beginPath();
        pass.open = true;
      }
      let traced = 0;
      for (; pass.k < bucket.length; pass.k++) {
        const e = bucket.list[pass.k]!;
        if (graph.edgeFrom[e]! >= placed || graph.edgeTo[e]! >= placed || graph.rankOf(graph.edgeEvent[e]!) >= shown) continue;
        if (this.#traceEdge(ctx, e, xs, ys, pass.minX, pass.maxX, pass.minY, pass.maxY)) traced++;
        if (traced >= SLICE_EDGES && performance.now() - started > budgetMs) break;
      }
      if (traced > 0) {
        ctx.strokeStyle = style.color;
        ctx.lineWidth = pass.dense ? hairline : style.width / pass.scale;
        ctx.lineCap = pass.dense ? 'butt' : style.cap;
        ctx.setLineDash(this.#dashes[pass.type]!);
        ctx.stroke();
        pass.edges += traced;
      }
      pass.open = false;
      if (pass.k < bucket.length) return;
      pass.type++;
      pass.k = 0;
    }
    ctx.setLineDash(this.#dashes[EDGE_TYPES.indexOf('follow')]!); // solid: []
    ctx.lineCap = 'butt';
    ctx.globalAlpha = 1;

    // Nodes: one path, one fill (and a white rim while there are few enough to afford it).
    const radius = graph.radius;
    const people = Math.min(graph.personCount, placed);
    // Never smaller than a device pixel, so a far view still shows where people are.
    const least = 0.6 / (pass.scale * pass.dpr);
    ctx.beginPath();
    let drawn = 0;
    for (; pass.person < people; pass.person++) {
      const p = pass.person;
      const r = radius[p]!;
      if (r <= 0) continue;
      const x = xs[p]!;
      const y = ys[p]!;
      if (x < pass.minX || x > pass.maxX || y < pass.minY || y > pass.maxY) continue;
      if (r * pass.scale < SQUARE_BELOW) {
        const half = Math.max(r, least);
        ctx.rect(x - half, y - half, 2 * half, 2 * half);
      } else {
        ctx.moveTo(x + r, y);
        ctx.arc(x, y, r, 0, 2 * Math.PI);
      }
      drawn++;
      if (drawn >= SLICE_NODES && performance.now() - started > budgetMs) {
        pass.person++;
        break;
      }
    }
    ctx.fillStyle = NODE;
    ctx.fill();
    pass.nodes += drawn;
    if (pass.nodes < 1500 && pass.scale > 0.3) {
      ctx.strokeStyle = NODE_EDGE;
      ctx.lineWidth = hairline;
      ctx.stroke();
    }
    if (pass.person >= people) pass.done = true;
  }

  #finishPass(pass: ScenePass) {
    this.#visibleEdges = pass.edges;
    this.#sceneItems = pass.edges + pass.nodes;
  }

  /** Drawn on top every frame, in screen space: the selected edge, the rings, the names. */
  #overlays(minX: number, maxX: number, minY: number, maxY: number) {
    const ctx = this.#ctx;
    const graph = this.#graph;
    const view = this.#view;
    const dpr = this.#dpr;
    const scale = view.scale;
    const xs = graph.layout.x;
    const ys = graph.layout.y;
    const shown = graph.shown;
    const placed = graph.layout.count;
    ctx.setTransform(scale * dpr, 0, 0, scale * dpr, view.x * dpr, view.y * dpr);

    // The selected edge, bold on top.
    const selectedEdge = this.selectedEdge;
    if (
      selectedEdge >= 0 &&
      selectedEdge < graph.edgeCount &&
      graph.edgeFrom[selectedEdge]! < placed &&
      graph.edgeTo[selectedEdge]! < placed &&
      graph.rankOf(graph.edgeEvent[selectedEdge]!) < shown
    ) {
      const style = EDGE_STYLES[EDGE_TYPES[graph.edgeType[selectedEdge]!]!];
      ctx.beginPath();
      this.#traceEdge(ctx, selectedEdge, xs, ys, -Infinity, Infinity, -Infinity, Infinity);
      ctx.strokeStyle = SELECTED;
      ctx.lineWidth = (style.width + 6) / scale;
      ctx.stroke();
      ctx.beginPath();
      this.#traceEdge(ctx, selectedEdge, xs, ys, -Infinity, Infinity, -Infinity, Infinity);
      ctx.strokeStyle = style.color;
      ctx.lineWidth = (style.width + 1) / scale;
      ctx.setLineDash(this.#dashes[graph.edgeType[selectedEdge]!]!);
      ctx.lineCap = style.cap;
      ctx.stroke();
      ctx.setLineDash(this.#dashes[EDGE_TYPES.indexOf('follow')]!);
      ctx.lineCap = 'butt';
    }

    // The root person: a ring; the selected person (or the ends of the selected edge): another.
    const radius = graph.radius;
    const root = graph.rootPerson;
    if (root >= 0 && root < placed && radius[root]! > 0) this.#ring(root, ROOT_RING, 3, 3);
    if (this.selectedPerson >= 0 && this.selectedPerson < placed && radius[this.selectedPerson]! > 0) {
      this.#ring(this.selectedPerson, SELECTED, 4, root === this.selectedPerson ? 8 : 3);
    }

    this.#labels(minX, maxX, minY, maxY);
  }

  /** Adds one edge to the current path; false when it is off screen. */
  #traceEdge(ctx: CanvasRenderingContext2D, e: number, xs: Float32Array, ys: Float32Array, minX: number, maxX: number, minY: number, maxY: number): boolean {
    const graph = this.#graph;
    const a = graph.edgeFrom[e]!;
    const b = graph.edgeTo[e]!;
    const x1 = xs[a]!;
    const y1 = ys[a]!;
    const x2 = xs[b]!;
    const y2 = ys[b]!;
    const bend = graph.edgeBend[e]!;
    const slack = bend === 0 ? 0 : BEND_MARGIN;
    if (
      (x1 < minX - slack && x2 < minX - slack) ||
      (x1 > maxX + slack && x2 > maxX + slack) ||
      (y1 < minY - slack && y2 < minY - slack) ||
      (y1 > maxY + slack && y2 > maxY + slack)
    ) {
      return false;
    }
    ctx.moveTo(x1, y1);
    if (bend === 0) {
      ctx.lineTo(x2, y2);
    } else {
      // A quadratic curve peaks halfway to its control point: put that twice the bend out.
      const dx = x2 - x1;
      const dy = y2 - y1;
      const length = Math.hypot(dx, dy) || 1;
      ctx.quadraticCurveTo((x1 + x2) / 2 - (dy / length) * bend * 2, (y1 + y2) / 2 + (dx / length) * bend * 2, x2, y2);
    }
    return true;
  }

  #ring(p: number, color: string, width: number, gap: number) {
    const ctx = this.#ctx;
    const scale = this.#view.scale;
    const graph = this.#graph;
    ctx.beginPath();
    ctx.arc(graph.layout.x[p]!, graph.layout.y[p]!, graph.radius[p]! + (gap + width / 2) / scale, 0, 2 * Math.PI);
    ctx.strokeStyle = color;
    ctx.lineWidth = width / scale;
    ctx.stroke();
  }

  /**
   * Names, in screen space, most involved people first, never on top of
   * each other: always the root's and the selection's; others while there
   * is room and the view is not zoomed far out. Widths are measured once
   * per name, not per frame.
   */
  #labels(minX: number, maxX: number, minY: number, maxY: number) {
    const ctx = this.#ctx;
    const graph = this.#graph;
    const view = this.#view;
    const dpr = this.#dpr;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.font = LABEL_FONT;
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'left';
    ctx.lineJoin = 'round';
    this.#prepareLabels();
    this.#labelCount = 0;
    const root = graph.rootPerson;
    const edge = this.selectedEdge;
    if (root >= 0) this.#label(root, true, minX, maxX, minY, maxY);
    if (this.selectedPerson >= 0) this.#label(this.selectedPerson, true, minX, maxX, minY, maxY);
    if (edge >= 0 && edge < graph.edgeCount) {
      this.#label(graph.edgeFrom[edge]!, true, minX, maxX, minY, maxY);
      this.#label(graph.edgeTo[edge]!, true, minX, maxX, minY, maxY);
    }
    for (const p of this.featured.keys()) if (p !== root && p !== this.selectedPerson) this.#label(p, false, minX, maxX, minY, maxY);
    if (view.scale < LABELS_FROM_SCALE) return;
    // Zoomed out, only the people through whom something came; closer in, anyone with room for a name.
    const anyone = view.scale >= LABEL_EVERYONE_FROM;
    const reach = graph.totalReach;
    const order = this.#labelOrder;
    for (let k = 0, tried = 0; k < graph.personCount && this.#labelCount < MAX_LABELS && tried < MAX_LABEL_TRIES; k++) {
      const p = order[k]!;
      if (!anyone && reach[p]! < 2) break;
      if (p === root || p === this.selectedPerson || this.featured.has(p)) continue;
      if (edge >= 0 && (p === graph.edgeFrom[edge] || p === graph.edgeTo[edge])) continue;
      if (this.#label(p, false, minX, maxX, minY, maxY) !== 'skipped') tried++;
    }
  }

  /** Draws one label unless it is off screen, hidden, or (unless it must show) would overlap one already drawn. */
  #label(p: number, must: boolean, minX: number, maxX: number, minY: number, maxY: number): 'drawn' | 'crowded' | 'skipped' {
    const graph = this.#graph;
    const view = this.#view;
    const r = graph.radius[p]!;
    const x = graph.layout.x[p]!;
    const y = graph.layout.y[p]!;
    if (r <= 0 || p >= graph.layout.count || x < minX || x > maxX || y < minY || y > maxY) return 'skipped';
    const isRoot = p === graph.rootPerson;
    const width = this.#labelWidth(p);
    const screenR = r * view.scale;
    const cx = x * view.scale + view.x;
    const cy = y * view.scale + view.y;
    // Beside the circle where there is room: right, left, below, above (the root's name goes below first:
    // it is always shown, and the people it reached first sit beside it).
    let left = 0;
    let top = 0;
    let placed = false;
    for (let k = 0; k < 4 && !placed; k++) {
      const side = isRoot ? ROOT_LABEL_SIDES[k]! : LABEL_SIDES[k]!;
      left = side === 0 ? cx + screenR + 5 : side === 1 ? cx - screenR - 5 - width : cx - width / 2;
      top = side === 2 ? cy + screenR + (isRoot ? 7 : 3) : side === 3 ? cy - screenR - (isRoot ? 7 : 3) - LABEL_HEIGHT : cy - LABEL_HEIGHT / 2;
      // Never cut by the edge of the canvas (a name that does not fit on one side tries the next).
      const inside = left >= 2 && left + width <= this.#width - 2 && top >= 0 && top + LABEL_HEIGHT <= this.#height;
      placed = inside && !this.#crowded(left, top, width);
    }
    if (!placed) {
      if (!must) return 'crowded';
      left = Math.max(2, Math.min(this.#width - width - 2, cx + screenR + 5));
      top = cy - LABEL_HEIGHT / 2;
    }
    const middle = top + LABEL_HEIGHT / 2;
    if (this.#labelCount < MAX_LABELS + 4) {
      const b = this.#labelCount++ * 4;
      const boxes = this.#labelBoxes;
      boxes[b] = left - 2;
      boxes[b + 1] = top;
      boxes[b + 2] = left + width + 2;
      boxes[b + 3] = top + LABEL_HEIGHT;
    }
    const ctx = this.#ctx;
    const text = this.#labelText(p);
    ctx.strokeStyle = LABEL_HALO;
    ctx.lineWidth = 4;
    ctx.strokeText(text, left, middle);
    ctx.fillStyle = LABEL;
    ctx.fillText(text, left, middle);
    return 'drawn';
  }

  /** Whether a label box would overlap one already drawn this frame. */
  #crowded(left: number, top: number, width: number): boolean {
    const boxes = this.#labelBoxes;
    for (let k = 0; k < this.#labelCount; k++) {
      const b = k * 4;
      if (left < boxes[b + 2]! && left + width > boxes[b]! && top < boxes[b + 3]! && top + LABEL_HEIGHT > boxes[b + 1]!) return true;
    }
    return false;
  }

  #labelText(p: number): string {
    const graph = this.#graph;
    if (p === graph.rootPerson) return this.#rootLabel;
    const suffix = this.featured.get(p);
    return suffix ? `${graph.nameOf(p)} ${suffix}` : graph.nameOf(p);
  }

  /** The featured people changed: names are measured again. */
  featuredChanged(): void {
    this.#widthsFor = -1;
    this.invalidate();
  }

  #labelWidth(p: number): number {
    let width = this.#widths[p]!;
    if (width < 0) {
      const graph = this.#graph;
      width = this.#widths[p] = this.#ctx.measureText(this.#labelText(p)).width;
    }
    return width;
  }

  /** Label order (most events first) and widths: recomputed when people or names change, not per frame. */
  #prepareLabels() {
    const graph = this.#graph;
    if (graph.cardsVersion !== this.#widthsFor || this.#widths.length < graph.personCount) {
      if (this.#widths.length < graph.personCount) this.#widths = new Float32Array(graph.personCount * 2);
      this.#widths.fill(-1);
      this.#widthsFor = graph.cardsVersion;
      this.#rootLabel = graph.rootPerson >= 0 ? `${graph.nameOf(graph.rootPerson)} · started it` : '';
    }
    if (this.#labelOrderFor !== graph.eventCount) {
      const order = Array.from({ length: graph.personCount }, (_, p) => p);
      const reach = graph.totalReach;
      order.sort((a, b) => reach[b]! - reach[a]! || a - b);
      this.#labelOrder = Int32Array.from(order);
      this.#labelOrderFor = graph.eventCount;
    }
  }

  /** Dash patterns in world units for this zoom; a dotted line of hairlines needs visible dots, not round caps. */
  #rescaleDashes(scale: number, dense: boolean) {
    if (scale === this.#dashScale && dense === this.#dashDense) return;
    this.#dashScale = scale;
    this.#dashDense = dense;
    for (let t = 0; t < EDGE_TYPES.length; t++) {
      const style = EDGE_STYLES[EDGE_TYPES[t]!];
      const dash = this.#dashes[t]!;
      for (let k = 0; k < style.dash.length; k++) {
        const length = dense && style.cap === 'round' ? (k % 2 === 0 ? 1.5 : 3) : style.dash[k]!;
        dash[k] = length / scale;
      }
    }
  }
}
