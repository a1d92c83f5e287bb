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
  /** The SVG viewBox, square around the layout. */
  viewBox: string;
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
  const pad = extent * 0.12 + 12;
  const size = 2 * (extent + pad);

  const root = people > 0 ? columns.actor[0]! : -1;
  const hubs = [...reached.keys()]
    .filter((p) => p !== root && reached[p]! > 1)
    .sort((a, b) => reached[b]! - reached[a]! || a - b)
    .slice(0, NAMED_HUBS);
  const dot = (p: number) => (p === root ? extent / 28 + 4 : hubs.includes(p) ? extent / 45 + 3 : extent / 90 + 1.5);
  const label = (p: number) => {
    const px = x[p]!;
    const anchor: 'start' | 'end' | 'middle' = p === root ? 'middle' : px >= 0 ? 'start' : 'end';
    const dx = anchor === 'middle' ? 0 : anchor === 'start' ? dot(p) + 4 : -dot(p) - 4;
    const dy = anchor === 'middle' ? -dot(p) - 6 : 4;
    return { x: round(px + dx), y: round(y[p]! + dy), text: snapshot.people.name[p]!, anchor };
  };

  return {
    viewBox: `${round(-size / 2)} ${round(-size / 2)} ${round(size)} ${round(size)}`,
    paths: [...segments].map(([type, list]) => {
      const style = EDGE_STYLES[type];
      return { type, d: list.join(''), color: style.color, width: style.width, dash: style.dash.join(' ') };
    }),
    people: Array.from({ length: people }, (_, p) => ({ x: round(x[p]!), y: round(y[p]!), r: round(dot(p)) })),
    labels: [root, ...hubs].filter((p) => p >= 0).map(label),
    fontSize: round(size / 26),
  };
}

/** One decimal is plenty for an SVG; `|| 0` turns -0 into 0. */
const round = (n: number) => Math.round(n * 10) / 10 || 0;
