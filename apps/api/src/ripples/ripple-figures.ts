import type { EntityManager } from '@mikro-orm/postgresql';
import { bigintArray } from '../db/sql.js';
import type { EventEntity } from '../events/event.entity.js';
import type { RippleFigures } from './ripple-stats.js';

/**
 * The figures of ripples as PostgreSQL keeps them: the `ripple_figures`
 * row of every event that has caused something, maintained by a trigger as
 * events are appended (see the RippleFigures migration and FIGURES.md).
 * Reading figures is one row per ripple; nothing here walks a tree.
 */

export interface FiguresRow {
  event_id: string;
  size: number;
  height: number;
  level_sizes: number[];
  people_reached: number;
  new_connections: number;
  new_follows: number;
  structural_virality: number;
  started_at: Date | string;
  first_effect_at: Date | string | null;
  last_event_at: Date | string;
}

const seconds = (from: Date | string, to: Date | string) => Math.max(0, new Date(to).getTime() - new Date(from).getTime()) / 1000;

export function fromRow(row: FiguresRow): RippleFigures {
  return {
    size: row.size,
    depth: row.height,
    widestLevel: Math.max(...row.level_sizes.map((n) => n ?? 0)),
    peopleReached: row.people_reached,
    newConnections: row.new_connections,
    newFollows: row.new_follows,
    structuralVirality: row.structural_virality,
    timeToFirstRipple: row.first_effect_at === null ? null : seconds(row.started_at, row.first_effect_at),
    timeSpan: seconds(row.started_at, row.last_event_at),
  };
}

/** An event that caused nothing is a ripple of one. */
export function loneFigures(event: Pick<EventEntity, 'kind' | 'actorId' | 'subjectPersonId' | 'subjectPerson2Id'>): RippleFigures {
  const people = new Set([event.actorId, event.subjectPersonId, event.subjectPerson2Id].filter((id) => id !== null));
  return {
    size: 1,
    depth: 0,
    widestLevel: 1,
    peopleReached: people.size,
    newConnections: event.kind === 'CONNECTED' ? 1 : 0,
    newFollows: event.kind === 'FOLLOWED' ? 1 : 0,
    structuralVirality: 0,
    timeToFirstRipple: null,
    timeSpan: 0,
  };
}

/** The figures of the ripples of these events (which the caller has checked the viewer may see): one statement. */
export const FIGURES_COLUMNS = `event_id, size, height, level_sizes, people_reached, new_connections, new_follows,
  structural_virality, started_at, first_effect_at, last_event_at`;

export async function figuresOf(em: EntityManager, events: readonly EventEntity[]): Promise<Map<string, RippleFigures>> {
  const result = new Map<string, RippleFigures>();
  if (events.length === 0) return result;
  const rows = await em.execute<FiguresRow[]>(
    `select ${FIGURES_COLUMNS} from ripple_figures where event_id = any(?::bigint[])`,
    [bigintArray(events.map((e) => e.id))],
  );
  const byId = new Map(rows.map((row) => [String(row.event_id), row]));
  for (const event of events) {
    const row = byId.get(event.id);
    result.set(event.id, row ? fromRow(row) : loneFigures(event));
  }
  return result;
}

/** How many events are in the ripple of each event (1 for one that caused nothing): one statement. */
export async function rippleSizes(em: EntityManager, eventIds: readonly string[]): Promise<Map<string, number>> {
  if (eventIds.length === 0) return new Map();
  const rows = await em.execute<{ event_id: string; size: number }[]>(
    `select event_id, size from ripple_figures where event_id = any(?::bigint[])`,
    [bigintArray(eventIds)],
  );
  return new Map(rows.map((row) => [String(row.event_id), row.size]));
}

export interface RippleComparisonValue {
  /** Share of the compared ripples whose structural virality is below this one's (ties count half), 0–100. */
  viralityPercentile: number;
  comparedWith: number;
  sizeFrom: number;
  sizeTo: number;
}

/** Fewer whole ripples than this of a similar size, and a percentile would say nothing. */
const MIN_COMPARED = 2;

/**
 * This ripple among the community's whole public ripples of about its size
 * (Juul & Ugander 2021: virality only means something between cascades of
 * the same size). Sizes within −20%/+25% first, then half to double; one
 * slice of an index per try, never a scan of every ripple.
 */
export async function compareRipple(
  em: EntityManager,
  eventId: string,
  figures: RippleFigures,
): Promise<RippleComparisonValue | null> {
  if (figures.size < 2) return null;
  for (const [low, high] of [
    [0.8, 1.25],
    [0.5, 2],
  ] as const) {
    const sizeFrom = Math.max(2, Math.floor(figures.size * low));
    const sizeTo = Math.ceil(figures.size * high);
    const [row] = await em.execute<{ below: number; equal: number; total: number }[]>(
      `select count(*) filter (where structural_virality < ?)::int as below,
              count(*) filter (where structural_virality = ?)::int as equal,
              count(*)::int as total
         from ripple_figures
        where event_id = root_id and is_public and size between ? and ? and event_id <> ?`,
      [figures.structuralVirality, figures.structuralVirality, sizeFrom, sizeTo, eventId],
    );
    if (row && row.total >= MIN_COMPARED) {
      return {
        viralityPercentile: (100 * (row.below + row.equal / 2)) / row.total,
        comparedWith: row.total,
        sizeFrom,
        sizeTo,
      };
    }
  }
  return null;
}
