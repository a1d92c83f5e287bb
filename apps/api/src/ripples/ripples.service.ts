import type { EntityManager } from '@mikro-orm/postgresql';
import { bigintArray } from '../db/sql.js';
import { EventEntity } from '../events/event.entity.js';
import { VISIBLE_TO_VIEWER_SQL } from '../events/event-visibility.js';
import type { Viewer } from '../graphql/context.js';
import { badInput, notFound } from '../graphql/errors.js';
import { isBigintId, toConnection, toGlobalId, toGlobalIds, type Connection, type NodeTypeName, type PageRequest } from '../graphql/relay.js';
import { FIGURES_COLUMNS, fromRow, loneFigures, type FiguresRow } from './ripple-figures.js';
import type { RippleFigures } from './ripple-stats.js';
import { RippleRole, type RippleEvent, type RipplePerson } from './ripple.types.js';

/**
 * Ripples: the tree of everything an event caused. Reads never walk or
 * rebuild a tree: a ripple's events are one index range scan — (root_id, id)
 * for a tree's root, ripple_descendant (ancestor_id, event_id) for an event
 * inside one — its people are the ripple_person rows, and its figures the
 * one ripple_figures row the event log's trigger keeps up to date.
 *
 * A ripple is public (see the RippleFigures migration): below its start
 * there are only public events, so every member sees the same ripple, and a
 * private event (an ask, an unfollow) is a ripple of one seen only by its
 * audience.
 */

/** The root value of the GraphQL `Ripple`: the event it starts from (which the viewer may see) and its figures. */
export interface RippleValue {
  start: EventEntity;
  figures: RippleFigures;
  /** It caused nothing (yet): a ripple of one, with no ripple_figures or ripple_person rows. */
  lone: boolean;
}

/** A ripple in a list. */
export interface RippleSummaryValue {
  root: EventEntity;
}

/**
 * The ripple of one event the viewer may see, with its figures; NOT_FOUND
 * when it is missing or not theirs to see. One statement.
 */
export async function ripple(em: EntityManager, viewer: Viewer, eventId: string | null): Promise<RippleValue> {
  const [row] =
    eventId === null
      ? []
      : await em.execute<(Record<string, unknown> & { ripple_figures: FiguresRow | null })[]>(
          `select e.*, (select to_json(f) from (select ${FIGURES_COLUMNS} from ripple_figures where event_id = e.id) f) as ripple_figures
             from event e where e.id = ? and ${VISIBLE_TO_VIEWER_SQL}`,
          [eventId, viewer.person.id],
        );
  if (!row) throw notFound('That event');
  const { ripple_figures: figures, ...event } = row;
  const start = em.map(EventEntity, event);
  return { start, figures: figures ? fromRow(figures) : loneFigures(start), lone: !figures };
}

const isRoot = (start: EventEntity) => start.rootId === start.id;

/**
 * A page of the ripple's events in id order (every event after its cause),
 * by keyset: one range scan from the cursor, however deep the page.
 */
export async function rippleEvents(em: EntityManager, { start }: RippleValue, page: PageRequest): Promise<Connection<RippleEvent>> {
  const after = page.after ? cursorIdOf(page.after, 'after') : null;
  const limit = page.first + 1;
  let rows: RippleEventRow[];
  if (isRoot(start)) {
    rows = await em.execute<RippleEventRow[]>(
      // e.id >= the root: with it the planner walks an index from the ripple's first event, never from the log's.
      `select ${RIPPLE_EVENT_COLUMNS} from event e
        where e.root_id = ? and e.id >= ? and (e.id = ? or e.visibility = 'public') and (?::bigint is null or e.id > ?::bigint)
        order by e.id limit ?`,
      [start.id, start.id, start.id, after, after, limit],
    );
  } else {
    rows = await em.execute<RippleEventRow[]>(
      `select ${RIPPLE_EVENT_COLUMNS} from (
         select ?::bigint as event_id where ?::bigint is null
         union all
         (select d.event_id from ripple_descendant d
           where d.ancestor_id = ? and (?::bigint is null or d.event_id > ?::bigint)
           order by d.event_id limit ?)
       ) member join event e on e.id = member.event_id
       order by e.id limit ?`,
      [start.id, after, start.id, after, after, limit, limit],
    );
  }
  const events = toRippleEvents(rows, start);
  return toConnection(
    rows.map((row, i) => ({ localId: row.id, event: events[i]! })),
    page.first,
    (edge) => [edge.localId],
    (edge) => edge.event,
    page.after !== null,
  );
}

/**
 * A page of the people in the ripple, in the order they joined it (the
 * event, then actor before subjects), each with how many of its events
 * involve them. One statement, by keyset.
 */
export async function ripplePeople(em: EntityManager, { start, lone }: RippleValue, page: PageRequest): Promise<Connection<RipplePerson>> {
  if (lone) return lonePeople(em, start, page);
  let after: [string, number] | null = null;
  if (page.after) {
    const [eventId, slot] = page.after;
    if (!isBigintId(String(eventId)) || ![0, 1, 2].includes(slot as number)) throw badCursor('after');
    after = [String(eventId), slot as number];
  }
  const rows = await em.execute<(Record<string, unknown> & { joined_event_id: string; joined_slot: number })[]>(
    `select p.id, p.handle, p.name, p.avatar_url, rp.event_count, rp.joined_event_id, rp.joined_slot
       from ripple_person rp join person p on p.id = rp.person_id
      where rp.event_id = ? and (?::bigint is null or (rp.joined_event_id, rp.joined_slot) > (?::bigint, ?::smallint))
      order by rp.joined_event_id, rp.joined_slot
      limit ?`,
    [start.id, after?.[0] ?? null, after?.[0] ?? null, after?.[1] ?? null, page.first + 1],
  );
  return toConnection(
    rows,
    page.first,
    (row) => [String(row.joined_event_id), Number(row.joined_slot)],
    (row) => ({
      id: toGlobalId('Person', String(row.id)),
      handle: String(row.handle),
      name: String(row.name),
      avatarUrl: (row.avatar_url as string | null) ?? null,
      eventCount: Number(row.event_count),
    }),
    page.after !== null,
  );
}

/** The people of an event that caused nothing (it has no ripple_person rows): its own, once each. */
async function lonePeople(em: EntityManager, start: EventEntity, page: PageRequest): Promise<Connection<RipplePerson>> {
  if (page.after) {
    const [eventId, slot] = page.after;
    if (String(eventId) !== start.id || ![0, 1, 2].includes(slot as number)) throw badCursor('after');
  }
  const afterSlot = page.after ? (page.after[1] as number) : -1;
  const slots = [start.actorId, start.subjectPersonId, start.subjectPerson2Id]
    .map((id, slot) => ({ id, slot }))
    .filter((p, i, all): p is { id: string; slot: number } => p.id !== null && all.findIndex((q) => q.id === p.id) === i)
    .filter((p) => p.slot > afterSlot);
  const cards = await em.execute<{ id: string; handle: string; name: string; avatar_url: string | null }[]>(
    `select id, handle, name, avatar_url from person where id = any(?::bigint[])`,
    [bigintArray(slots.map((s) => s.id))],
  );
  const cardOf = new Map(cards.map((card) => [String(card.id), card]));
  return toConnection(
    slots,
    page.first,
    (p) => [start.id, p.slot],
    (p) => {
      const card = cardOf.get(p.id)!;
      return { id: toGlobalId('Person', p.id), handle: card.handle, name: card.name, avatarUrl: card.avatar_url, eventCount: 1 };
    },
    page.after !== null,
  );
}

/**
 * The viewer's ripples, newest first. STARTED: their own acts (at any depth
 * of any tree) that caused at least one event. IN: whole trees started by
 * someone else in which an event is by or about the viewer and whose root
 * caused at least one event. Figures come separately, batched.
 */
export async function myRipples(
  em: EntityManager,
  viewer: Viewer,
  role: RippleRole,
  page: PageRequest,
): Promise<Connection<RippleSummaryValue>> {
  return ripplesOf(em, viewer, viewer.person.id, role, page);
}

/** `myRipples` for any member, as the viewer may see them. */
export async function ripplesOf(
  em: EntityManager,
  viewer: Viewer,
  personId: string,
  role: RippleRole,
  page: PageRequest,
): Promise<Connection<RippleSummaryValue>> {
  const before = page.after ? cursorIdOf(page.after, 'after') : null;
  const me = viewer.person.id;
  // An event with a ripple_figures row has caused something (and what it caused is public).
  const hasEffect = `exists (select 1 from ripple_figures f where f.event_id = r.id)`;
  const rows =
    role === RippleRole.STARTED
      ? await em.execute<Record<string, unknown>[]>(
          `select r.* from (
             select e.* from event e
              where e.actor_id = ? and ${VISIBLE_TO_VIEWER_SQL} and (?::bigint is null or e.id < ?::bigint)
           ) r
           where ${hasEffect}
           order by r.id desc
           limit ?`,
          [personId, me, before, before, page.first + 1],
        )
      : await em.execute<Record<string, unknown>[]>(
          `with involved as (
             select e.root_id from event e where e.actor_id = ? and ${VISIBLE_TO_VIEWER_SQL}
             union
             select e.root_id from event e where e.subject_person_id = ? and ${VISIBLE_TO_VIEWER_SQL}
             union
             select e.root_id from event e where e.subject_person2_id = ? and ${VISIBLE_TO_VIEWER_SQL}
           )
           select r.* from (
             select e.* from involved i join event e on e.id = i.root_id
              where e.actor_id <> ? and ${VISIBLE_TO_VIEWER_SQL} and (?::bigint is null or e.id < ?::bigint)
           ) r
           where ${hasEffect}
           order by r.id desc
           limit ?`,
          [personId, me, personId, me, personId, me, personId, me, before, before, page.first + 1],
        );
  return toConnection(
    rows,
    page.first,
    (row) => [String(row.id)],
    (row) => ({ root: em.map(EventEntity, row) }),
    page.after !== null,
  );
}

const badCursor = (field: string) => badInput('That cursor is not valid.', [{ field, message: 'is not a cursor from this list' }]);

/** The event id inside a ripple list's cursor. */
function cursorIdOf(after: unknown[], field: string): string {
  const id = String(after[0]);
  if (after.length !== 1 || !isBigintId(id)) throw badCursor(field);
  return id;
}

/** The event columns a RippleEvent needs: ids come as text (bigint), and so does created_at (MikroORM's driver leaves timestamps unparsed). */
const RIPPLE_EVENT_COLUMNS =
  'e.id, e.kind, e.actor_id, e.subject_person_id, e.subject_person2_id, e.subject_share_id, e.subject_introduction_id, e.cause_id, e.depth, e.created_at';

interface RippleEventRow {
  id: string;
  kind: RippleEvent['kind'];
  actor_id: string;
  subject_person_id: string | null;
  subject_person2_id: string | null;
  subject_share_id: string | null;
  subject_introduction_id: string | null;
  cause_id: string | null;
  depth: number;
  created_at: string;
}

/**
 * Rows straight to RippleEvents: no entity per row, and each kind of id
 * enciphered for the whole page in one call (a page holds up to 1,000).
 */
function toRippleEvents(rows: RippleEventRow[], start: EventEntity): RippleEvent[] {
  const ids = (type: NodeTypeName, column: (row: RippleEventRow) => string | null) => {
    const present = rows.map(column).filter((id): id is string => id !== null);
    const global = toGlobalIds(type, present);
    let next = 0;
    return rows.map((row) => (column(row) === null ? null : global[next++]!));
  };
  const eventIds = ids('Event', (row) => row.id);
  const actorIds = ids('Person', (row) => row.actor_id);
  const subjectIds = ids('Person', (row) => row.subject_person_id);
  const subject2Ids = ids('Person', (row) => row.subject_person2_id);
  const shareIds = ids('Share', (row) => row.subject_share_id);
  const introductionIds = ids('Introduction', (row) => row.subject_introduction_id);
  // The start's own cause lies outside this ripple.
  const causeIds = ids('Event', (row) => (row.id === start.id ? null : row.cause_id));
  return rows.map((row, i) => ({
    id: eventIds[i]!,
    kind: row.kind,
    actorId: actorIds[i]!,
    subjectId: subjectIds[i]!,
    subject2Id: subject2Ids[i]!,
    shareId: shareIds[i]!,
    introductionId: introductionIds[i]!,
    causeId: causeIds[i]!,
    depth: row.depth - start.depth,
    createdAt: new Date(row.created_at),
  }));
}
