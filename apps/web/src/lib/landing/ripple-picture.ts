import type { RippleSnapshotData } from '@ripple/schema';
import { CascadeLayout, LayoutColumnStore } from '$lib/ripples/cascade-layout';
import { edgesOf, EDGE_STYLES, type EdgeType } from '$lib/ripples/edges';
import { storyColumns } from '$lib/ripples/story-columns';

/**
 * A still picture of a ripple for the landing page: the explorer's cascade
 * layout (the starter in the middle, one ring per hop) drawn once as SVG,
 * with the starter and the people most of it came through named.
 */
export interface RipplePicture {
  /** The SVG viewBox: around the people and their names. */
  viewBox: string;
  /** Its width / height, for CSS `aspect-ratio`. */
  aspectRatio: string;
  /** Edges grouped by type, each as one SVG path (`M x y L x y …`): one element per type. */
  paths: { type: EdgeType; d: string; color: string; width: number; dash: string }[];
  people: { x: number; y: number; r: number }[];
  labels: { x: number; y: number; text: string; anchor: 'start' | 'end' | 'middle' }[];
  /** Names at a size that reads the same whatever the ripple's extent. */
  fontSize: number;
}

/** How many people besides the starter get their name on the picture. */
const NAMED_HUBS = 2;

export function ripplePicture(snapshot: RippleSnapshotData): RipplePicture {
  const columns = storyColumns(snapshot);
  const store = new LayoutColumnStore();
  store.add(columns, true);
  const people = snapshot.people.id.length;
  const { x, y } = new CascadeLayout().layoutAll(store, people);

  // Who the ripple spread from: each person's count of outgoing edges.
  const reached = new Array<number>(people).fill(0);
  const segments = new Map<EdgeType, string[]>();
  for (let i = 0; i < columns.count; i++) {
    const parent = columns.parent[i]!;
    const nullable = (p: number) => (p < 0 ? null : p);
    const edges = edgesOf<number>({
      kind: columns.kind[i]!,
      actor: columns.actor[i]!,
      subject: nullable(columns.subject[i]!),
      subject2: nullable(columns.subject2[i]!),
      causeActor: parent < 0 ? null : columns.actor[parent]!,
    });
    for (const edge of edges) {
      reached[edge.from]! += 1;
      const list = segments.get(edge.type) ?? [];
      list.push(`M${round(x[edge.from]!)} ${round(y[edge.from]!)}L${round(x[edge.to]!)} ${round(y[edge.to]!)}`);
      segments.set(edge.type, list);
    }
  }

  let extent = 40;
  for (let p = 0; p < people; p++) extent = Math.max(extent, Math.abs(x[p]!), Math.abs(y[p]!));
  const fontSize = extent / 11;

  const root = people > 0 ? columns.actor[0]! : -1;
  const hubs = [...reached.keys()]
    .filter((p) => p !== root && reached[p]! > 1)
    .sort((a, b) => reached[b]! - reached[a]! || a - b)
    .slice(0, NAMED_HUBS);
  const dot = (p: number) => (p === root ? extent / 28 + 4 : hubs.includes(p) ? extent / 45 + 3 : extent / 90 + 1.5);

  // Names go beside their dot where they overlap no name placed before (tried: outward, the other side, below, above).
  const placed: Box[] = [];
  const labels: RipplePicture['labels'] = [];
  for (const p of [root, ...hubs].filter((q) => q >= 0)) {
    const text = snapshot.people.name[p]!;
    const width = text.length * fontSize * 0.62;
    const gap = dot(p) + fontSize * 0.35;
    const px = x[p]!;
    const py = y[p]!;
    const outward: 'start' | 'end' = px >= 0 ? 'start' : 'end';
    const candidates: { x: number; y: number; anchor: 'start' | 'end' | 'middle' }[] = [
      ...(p === root ? [{ x: px, y: py - gap - fontSize * 0.2, anchor: 'middle' as const }] : []),
      { x: outward === 'start' ? px + gap : px - gap, y: py + fontSize * 0.35, anchor: outward },
      { x: outward === 'start' ? px - gap : px + gap, y: py + fontSize * 0.35, anchor: outward === 'start' ? 'end' : 'start' },
      { x: px, y: py + gap + fontSize * 0.8, anchor: 'middle' },
      { x: px, y: py - gap - fontSize * 0.2, anchor: 'middle' },
    ];
    const boxOf = (c: (typeof candidates)[number]): Box => {
      const left = c.anchor === 'start' ? c.x : c.anchor === 'end' ? c.x - width : c.x - width / 2;
      return { left, right: left + width, top: c.y - fontSize * 0.8, bottom: c.y + fontSize * 0.2 };
    };
    const choice = candidates.find((c) => !placed.some((b) => overlaps(b, boxOf(c)))) ?? candidates[0]!;
    placed.push(boxOf(choice));
    labels.push({ x: round(choice.x), y: round(choice.y), text, anchor: choice.anchor });
  }

  // The picture is the people and their names, with a margin: no empty half when the ripple leans one way.
  const bounds: Box = { left: Infinity, right: -Infinity, top: Infinity, bottom: -Infinity };
  for (let p = 0; p < people; p++) grow(bounds, { left: x[p]! - dot(p), right: x[p]! + dot(p), top: y[p]! - dot(p), bottom: y[p]! + dot(p) });
  for (const box of placed) grow(bounds, box);
  const pad = fontSize;
  const viewBox = [bounds.left - pad, bounds.top - pad, bounds.right - bounds.left + 2 * pad, bounds.bottom - bounds.top + 2 * pad].map(round);

  return {
    viewBox: viewBox.join(' '),
    aspectRatio: `${viewBox[2]} / ${viewBox[3]}`,
    paths: [...segments].map(([type, list]) => {
      const style = EDGE_STYLES[type];
      return { type, d: list.join(''), color: style.color, width: style.width, dash: style.dash.join(' ') };
    }),
    people: Array.from({ length: people }, (_, p) => ({ x: round(x[p]!), y: round(y[p]!), r: round(dot(p)) })),
    labels,
    fontSize: round(fontSize),
  };
}

/** One decimal is plenty for an SVG; `|| 0` turns -0 into 0. */
interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

const overlaps = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

function grow(into: Box, box: Box) {
  into.left = Math.min(into.left, box.left);
  into.right = Math.max(into.right, box.right);
  into.top = Math.min(into.top, box.top);
  into.bottom = Math.max(into.bottom, box.bottom);
}

const round = (n: number) => Math.round(n * 10) / 10 || 0;
