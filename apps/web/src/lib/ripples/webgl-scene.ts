import Graph from 'graphology';
import Sigma from 'sigma';
import { EdgeLineProgram, NodePointProgram } from 'sigma/rendering';
import { EDGE_STYLES, EDGE_TYPES } from './edges';
import type { RippleGraph } from './ripple-graph';
import type { ViewTransform } from './view';

/**
 * The ripple's people and edges drawn with WebGL by sigma.js (v3, on a
 * graphology graph), for machines where WebGL is fast: the canvas
 * renderer (renderer.ts) is the default, and draws the names, rings and
 * selection on top of this in either case. Opened with `?renderer=webgl`.
 *
 * Sigma's own mouse handling is out of the way: the explorer keeps one camera
 * (ViewTransform) for both renderers and for hit-testing, and this maps it
 * onto sigma's. Sigma's y axis points up, so people go in with y negated.
 * Replay hides what is not shown yet through sigma's reducers.
 */
export class WebglScene {
  #sigma: Sigma;
  #graph = new Graph({ multi: true, type: 'directed', allowSelfLoops: false });
  #ripple: RippleGraph;
  #nodes = 0;
  #edges = 0;
  /** Pixels per world unit at sigma's camera ratio 1, and its framed coordinates of the world origin. */
  #calibration: { k: number; origin: { x: number; y: number }; unit: number } | null = null;

  /** Whether this browser can give us a WebGL context at all. */
  static supported(): boolean {
    try {
      return document.createElement('canvas').getContext('webgl2') !== null;
    } catch {
      return false;
    }
  }

  constructor(container: HTMLElement, ripple: RippleGraph, onrender: (at: number, ms: number) => void) {
    this.#ripple = ripple;
    this.#sigma = new Sigma(this.#graph, container, {
      renderLabels: false,
      // Sigma's camera must accept pan and zoom (setState ignores them otherwise); its mouse never
      // reaches it (the container takes no pointer events: the explorer's canvas on top does).
      enableCameraRotation: false,
      autoRescale: true,
      autoCenter: false,
      stagePadding: 0,
      itemSizesReference: 'positions',
      zoomToSizeRatioFunction: (ratio) => ratio,
      defaultEdgeType: 'line',
      defaultNodeType: 'point',
      edgeProgramClasses: { line: EdgeLineProgram },
      nodeProgramClasses: { point: NodePointProgram },
      nodeReducer: (node, data) => {
        const r = ripple.radius[Number(node)]!;
        return r > 0 ? { ...data, size: r } : { ...data, hidden: true };
      },
      edgeReducer: (edge, data) => (ripple.isEventShown(ripple.edgeEvent[Number(edge)]!) ? data : { ...data, hidden: true }),
    });
    let started = 0;
    this.#sigma.on('beforeRender', () => (started = performance.now()));
    this.#sigma.on('afterRender', () => onrender(performance.now(), performance.now() - started));
  }

  /** Brings sigma's graph up to date with the ripple (new people placed, new edges) and the replay. */
  sync(): void {
    const ripple = this.#ripple;
    const placed = ripple.layout.count;
    const graph = this.#graph;
    let grew = false;
    for (let p = this.#nodes; p < placed; p++) {
      graph.addNode(String(p), { x: ripple.layout.x[p]!, y: -ripple.layout.y[p]!, size: 1, color: '#46515d' });
      grew = true;
    }
    this.#nodes = Math.max(this.#nodes, placed);
    let e = this.#edges;
    for (; e < ripple.edgeCount; e++) {
      const [from, to] = [ripple.edgeFrom[e]!, ripple.edgeTo[e]!];
      if (from >= placed || to >= placed) break; // the rest once its people are placed
      graph.addDirectedEdgeWithKey(String(e), String(from), String(to), { color: EDGE_STYLES[EDGE_TYPES[ripple.edgeType[e]!]!].color, size: 1 });
      grew = true;
    }
    this.#edges = e;
    if (grew) {
      const b = ripple.layout.bounds;
      this.#sigma.setCustomBBox({ x: [b.minX, b.maxX], y: [-b.maxY, -b.minY] });
      this.#calibration = null;
    }
    this.#sigma.refresh();
  }

  /** Points sigma's camera where ours is. */
  setView(view: ViewTransform, width: number, height: number): void {
    const sigma = this.#sigma;
    if (!this.#calibration) {
      const still = { cameraState: { x: 0.5, y: 0.5, ratio: 1, angle: 0 } };
      const a = sigma.graphToViewport({ x: 0, y: 0 }, still);
      const b = sigma.graphToViewport({ x: 100, y: 0 }, still);
      const origin = sigma.viewportToFramedGraph(a, still);
      const unit = sigma.viewportToFramedGraph(b, still).x - origin.x;
      this.#calibration = { k: Math.hypot(b.x - a.x, b.y - a.y) / 100, origin, unit: unit / 100 };
    }
    const { k, origin, unit } = this.#calibration;
    // The world point at the middle of our viewport, in sigma's framed coordinates (y up).
    const cx = view.toWorldX(width / 2);
    const cy = view.toWorldY(height / 2);
    sigma.getCamera().setState({ x: origin.x + cx * unit, y: origin.y - cy * unit, ratio: k / view.scale, angle: 0 });
  }

  resize(): void {
    this.#sigma.resize();
    this.#calibration = null;
  }

  destroy(): void {
    this.#sigma.kill();
  }
}
