import { EDGE_STYLES, EDGE_TYPES } from './edges';
import { MAX_RADIUS } from './layout';
import type { RippleGraph } from './ripple-graph';
import type { ViewTransform } from './view';

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
/** Zoomed out further than this, only the root's and the selection's names show. */
const LABELS_FROM_SCALE = 0.6;
const LABEL_FONT = '600 12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const LABEL_HEIGHT = 16;
/** Where a name may go beside its circle, in order of preference: 0 right, 1 left, 2 below, 3 above. */
const LABEL_SIDES = [0, 1, 2, 3] as const;
const ROOT_LABEL_SIDES = [2, 0, 1, 3] as const;
/** Parallel edges bulge sideways this much at most (see RippleGraph.edgeBend), for culling. */
const BEND_MARGIN = 60;

export class RippleRenderer {
  /** A person to ring, or -1. */
  selectedPerson = -1;
  /** An edge to draw bold, or -1. */
  selectedEdge = -1;
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
  #labelBoxes = new Float32Array((MAX_LABELS + 4) * 4);
  #labelCount = 0;
  #labelOrder = new Int32Array(0);
  #labelOrderFor = -1;
  #widths = new Float32Array(0);
  #widthsFor = -1;
  #rootLabel = '';

  constructor(canvas: HTMLCanvasElement, graph: RippleGraph, view: ViewTransform) {
    const ctx = canvas.getContext('2d', { alpha: false });
    if (!ctx) throw new Error('This browser cannot draw on a canvas.');
    this.#canvas = canvas;
    this.#ctx = ctx;
    this.#graph = graph;
    this.#view = view;
    window.__rippleFrameTimes = this.frames;
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
    this.invalidate();
  }

  /** Something changed: draw once, on the next animation frame. */
  invalidate(): void {
    if (this.#scheduled === 0) this.#scheduled = requestAnimationFrame(this.#frame);
  }

  destroy(): void {
    if (this.#scheduled !== 0) cancelAnimationFrame(this.#scheduled);
    this.#scheduled = 0;
    this.onFrame = null;
    if (window.__rippleFrameTimes === this.frames) delete window.__rippleFrameTimes;
  }

  #frame = (now: number) => {
    this.#scheduled = 0;
    const started = performance.now();
    this.draw();
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
    ctx.fillStyle = PAPER;
    ctx.fillRect(0, 0, this.#canvas.width, this.#canvas.height);
    if (graph.eventCount === 0) return;

    // The world rectangle on screen, widened by the largest thing that can poke in.
    const margin = MAX_RADIUS + 8 / scale;
    const minX = view.toWorldX(0) - margin;
    const maxX = view.toWorldX(this.#width) + margin;
    const minY = view.toWorldY(0) - margin;
    const maxY = view.toWorldY(this.#height) + margin;
    ctx.setTransform(scale * dpr, 0, 0, scale * dpr, view.x * dpr, view.y * dpr);

    const xs = graph.layout.x;
    const ys = graph.layout.y;
    const shown = graph.shown;

    // Edges: one path, one stroke per type; fainter the more there are on screen (last frame's count),
    // so thousands of them read as a texture with the people on top, not a solid mat.
    ctx.globalAlpha = Math.max(0.3, Math.min(1, 1.6 / Math.sqrt(Math.max(1, this.#visibleEdges / 150))));
    const dense = this.#visibleEdges > DENSE_EDGES;
    const hairline = 1 / (scale * dpr);
    this.#rescaleDashes(scale, dense);
    let visibleEdges = 0;
    for (let t = 0; t < EDGE_TYPES.length; t++) {
      const bucket = graph.edgesByType[t]!;
      if (bucket.length === 0) continue;
      const style = EDGE_STYLES[EDGE_TYPES[t]!];
      ctx.beginPath();
      let any = false;
      for (let k = 0; k < bucket.length; k++) {
        const e = bucket.list[k]!;
        if (graph.rankOf(graph.edgeEvent[e]!) >= shown) continue;
        if (this.#traceEdge(e, xs, ys, minX, maxX, minY, maxY)) {
          any = true;
          visibleEdges++;
        }
      }
      if (!any) continue;
      ctx.strokeStyle = style.color;
      ctx.lineWidth = dense ? hairline : style.width / scale;
      ctx.lineCap = dense ? 'butt' : style.cap;
      ctx.setLineDash(this.#dashes[t]!);
      ctx.stroke();
    }
    ctx.setLineDash(this.#dashes[EDGE_TYPES.indexOf('follow')]!); // solid: []
    ctx.lineCap = 'butt';
    ctx.globalAlpha = 1;
    this.#visibleEdges = visibleEdges;

    // The selected edge, bold on top.
    const selectedEdge = this.selectedEdge;
    if (selectedEdge >= 0 && selectedEdge < graph.edgeCount && graph.rankOf(graph.edgeEvent[selectedEdge]!) < shown) {
      const style = EDGE_STYLES[EDGE_TYPES[graph.edgeType[selectedEdge]!]!];
      ctx.beginPath();
      this.#traceEdge(selectedEdge, xs, ys, -Infinity, Infinity, -Infinity, Infinity);
      ctx.strokeStyle = SELECTED;
      ctx.lineWidth = (style.width + 6) / scale;
      ctx.stroke();
      ctx.beginPath();
      this.#traceEdge(selectedEdge, xs, ys, -Infinity, Infinity, -Infinity, Infinity);
      ctx.strokeStyle = style.color;
      ctx.lineWidth = (style.width + 1) / scale;
      ctx.setLineDash(this.#dashes[graph.edgeType[selectedEdge]!]!);
      ctx.lineCap = style.cap;
      ctx.stroke();
      ctx.setLineDash(this.#dashes[EDGE_TYPES.indexOf('follow')]!);
      ctx.lineCap = 'butt';
    }

    // Nodes: one path, one fill (and a white rim while there are few enough to afford it).
    const radius = graph.radius;
    const people = graph.personCount;
    ctx.beginPath();
    let drawn = 0;
    for (let p = 0; p < people; p++) {
      const r = radius[p]!;
      if (r <= 0) continue;
      const x = xs[p]!;
      const y = ys[p]!;
      if (x < minX || x > maxX || y < minY || y > maxY) continue;
      if (r * scale < SQUARE_BELOW) {
        ctx.rect(x - r, y - r, 2 * r, 2 * r);
      } else {
        ctx.moveTo(x + r, y);
        ctx.arc(x, y, r, 0, 2 * Math.PI);
      }
      drawn++;
    }
    ctx.fillStyle = NODE;
    ctx.fill();
    if (drawn < 1500 && scale > 0.3) {
      ctx.strokeStyle = NODE_EDGE;
      ctx.lineWidth = hairline;
      ctx.stroke();
    }

    // The root person: a ring; the selected person (or the ends of the selected edge): another.
    const root = graph.rootPerson;
    if (root >= 0 && radius[root]! > 0) this.#ring(root, ROOT_RING, 3, 3);
    if (this.selectedPerson >= 0 && this.selectedPerson < people && radius[this.selectedPerson]! > 0) {
      this.#ring(this.selectedPerson, SELECTED, 4, root === this.selectedPerson ? 8 : 3);
    }

    this.#labels(minX, maxX, minY, maxY);
  }

  /** Adds one edge to the current path; false when it is off screen. */
  #traceEdge(e: number, xs: Float64Array, ys: Float64Array, minX: number, maxX: number, minY: number, maxY: number): boolean {
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
    const ctx = this.#ctx;
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
    if (view.scale < LABELS_FROM_SCALE) return;
    const order = this.#labelOrder;
    for (let k = 0, tried = 0; k < graph.personCount && this.#labelCount < MAX_LABELS && tried < MAX_LABEL_TRIES; k++) {
      const p = order[k]!;
      if (p === root || p === this.selectedPerson) continue;
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
    if (r <= 0 || x < minX || x > maxX || y < minY || y > maxY) return 'skipped';
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
      placed = !this.#crowded(left, top, width);
    }
    if (!placed) {
      if (!must) return 'crowded';
      left = cx + screenR + 5;
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
    const text = isRoot ? this.#rootLabel : graph.nameOf(p);
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

  #labelWidth(p: number): number {
    let width = this.#widths[p]!;
    if (width < 0) {
      const graph = this.#graph;
      width = this.#widths[p] = this.#ctx.measureText(p === graph.rootPerson ? this.#rootLabel : graph.nameOf(p)).width;
    }
    return width;
  }

  /** Label order (most events first) and widths: recomputed when people or names change, not per frame. */
  #prepareLabels() {
    const graph = this.#graph;
    if (graph.cardsVersion !== this.#widthsFor || this.#widths.length < graph.personCount) {
      if (this.#widths.length < graph.personCount) this.#widths = new Float32Array(graph.layout.x.length);
      this.#widths.fill(-1);
      this.#widthsFor = graph.cardsVersion;
      this.#rootLabel = graph.rootPerson >= 0 ? `${graph.nameOf(graph.rootPerson)} · started it` : '';
    }
    if (this.#labelOrderFor !== graph.eventCount) {
      const order = Array.from({ length: graph.personCount }, (_, p) => p);
      order.sort((a, b) => graph.totalEvents[b]! - graph.totalEvents[a]! || a - b);
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
