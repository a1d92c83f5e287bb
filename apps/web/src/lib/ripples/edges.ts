import type { EventKind } from '@ripple/schema';

/**
 * The ripple is drawn as a graph of people; every event becomes an edge
 * (an INTRODUCED event, with its two subjects, becomes two). What an edge
 * joins is decided here, once, for drawing, hit-testing and the side panel.
 *
 * Each edge runs from the person the ripple *came from* to the person it
 * *reached*, so a path from the root person follows how the ripple spread:
 *
 * | kind        | edge type    | from → to                                             |
 * |-------------|--------------|-------------------------------------------------------|
 * | SHARED      | share        | cause's actor → sharer (how the sharer found the work) |
 * | RESHARED    | reshare      | cause's actor (the sharer of what was reshared) → resharer |
 * | FOLLOWED    | follow       | cause's actor (whose card was followed from) → follower |
 * | MENTIONED   | mention      | sharer → the person mentioned                          |
 * | THANKED     | thanks       | the thanker → the sharer thanked                       |
 * | INTRODUCED  | introduction | connector → A, and connector → B (two edges)           |
 * | CONNECTED   | connection   | A → B                                                  |
 * | MET         | meeting      | the one who said "we met" → the other                   |
 *
 * SHARED, RESHARED and FOLLOWED take the cause's actor because the act was
 * made *because of* that person's card: a reader who follows the writer
 * from Chris's reshare is an edge Chris → reader, which is what credits
 * Chris. Where that would be a loop (the cause was the actor's own act,
 * e.g. a share of someone you followed) or there is no cause in the ripple
 * (its root), the edge is actor → subject instead: the sharer → the credited
 * author, the follower → whom they followed, the resharer → whose share it
 * was. The other kinds are acts on a person, so actor → subject always.
 * An event with nobody on its other end (a share crediting an author who
 * is not a member, at the root) has no edge; its actor is still a node.
 */

export const EDGE_TYPES = ['share', 'reshare', 'mention', 'follow', 'introduction', 'connection', 'meeting', 'thanks'] as const;
export type EdgeType = (typeof EDGE_TYPES)[number];

/** Index of each edge type: edges are stored and drawn in per-type batches. */
export const EDGE_TYPE_INDEX: Readonly<Record<EdgeType, number>> = Object.fromEntries(
  EDGE_TYPES.map((type, i) => [type, i]),
) as Record<EdgeType, number>;

export const EDGE_TYPE_OF_KIND: Readonly<Partial<Record<EventKind, EdgeType>>> = {
  SHARED: 'share',
  RESHARED: 'reshare',
  MENTIONED: 'mention',
  FOLLOWED: 'follow',
  INTRODUCED: 'introduction',
  CONNECTED: 'connection',
  MET: 'meeting',
  THANKED: 'thanks',
};

export interface EdgeStyle {
  label: string;
  /** At least 3:1 against the white canvas. */
  color: string;
  /** Width in CSS pixels, whatever the zoom. */
  width: number;
  /** Dash pattern in CSS pixels; [] is a solid line. */
  dash: readonly number[];
  /** Round caps turn a [~0, gap] dash into dots. */
  cap: CanvasLineCap;
}

/**
 * Colour is never the only signal: every type also has its own line
 * pattern and weight, and the legend shows both. Follows are the commonest
 * edge by far (and the cheapest to draw): a thin solid line.
 */
export const EDGE_STYLES: Readonly<Record<EdgeType, EdgeStyle>> = {
  share: { label: 'Share', color: '#0072b2', width: 3, dash: [], cap: 'butt' },
  reshare: { label: 'Reshare', color: '#007a5a', width: 2, dash: [9, 4], cap: 'butt' },
  mention: { label: 'Mention', color: '#a3387e', width: 3, dash: [0.1, 5], cap: 'round' },
  follow: { label: 'Follow', color: '#b35c00', width: 1.25, dash: [], cap: 'butt' },
  introduction: { label: 'Introduction', color: '#6a3d9a', width: 2, dash: [10, 4, 2, 4], cap: 'butt' },
  connection: { label: 'Connection', color: '#b2182b', width: 3.5, dash: [16, 4], cap: 'butt' },
  meeting: { label: 'Meeting', color: '#4d6a00', width: 2, dash: [8, 3, 2, 3, 2, 3], cap: 'butt' },
  thanks: { label: 'Thanks', color: '#8c6d00', width: 1.5, dash: [2, 2], cap: 'butt' },
};

/** The people an event names, by whatever key the caller uses (ids or indices); null where absent. */
export interface EdgeInput<P> {
  kind: EventKind;
  actor: P;
  subject: P | null;
  subject2: P | null;
  /** The actor of the event's cause, or null for the ripple's root. */
  causeActor: P | null;
}

export interface EdgeEnds<P> {
  type: EdgeType;
  from: P;
  to: P;
}

/** The edges one event adds to the graph (0, 1, or 2 for an introduction). See the table above. */
export function edgesOf<P>(event: EdgeInput<P>): EdgeEnds<P>[] {
  const type = EDGE_TYPE_OF_KIND[event.kind];
  if (!type) return [];
  const { actor, subject, subject2, causeActor } = event;
  const edges: EdgeEnds<P>[] = [];
  const add = (from: P | null, to: P | null) => {
    if (from !== null && to !== null && from !== to) edges.push({ type, from, to });
  };
  switch (event.kind) {
    case 'SHARED':
    case 'RESHARED':
    case 'FOLLOWED':
      if (causeActor !== null && causeActor !== actor) add(causeActor, actor);
      else add(actor, subject);
      break;
    case 'INTRODUCED':
      add(actor, subject);
      add(actor, subject2);
      break;
    default:
      add(actor, subject);
  }
  return edges;
}
