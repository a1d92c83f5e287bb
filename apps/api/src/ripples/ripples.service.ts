import type { EntityManager } from '@mikro-orm/postgresql';
import { bigintArray } from '../db/sql.js';
import { EventEntity, type EventKind, type EventVisibility } from '../events/event.entity.js';
import { VISIBLE_TO_VIEWER_SQL } from '../events/event-visibility.js';
import type { Viewer } from '../graphql/context.js';
import { badInput, notFound } from '../graphql/errors.js';
import { isBigintId, toConnection, toGlobalId, type Connection, type PageRequest } from '../graphql/relay.js';
import { rippleFigures, type RippleFigures } from './ripple-stats.js';
import { firstIndexAfter, participantsOf, subtreeOf, type RippleEventRow, type RippleNode, type RippleParticipant } from './ripple-tree.js';
import { RippleRole, type RippleEvent, type RipplePerson } from './ripple.types.js';

/**
 * Ripples: the tree of everything an event caused, read with one range scan
 * of the event log per tree (never a recursive walk), cut down to the
 * subtree in memory, and only ever made of events the viewer may see.
 */

/** One ripple as read for one viewer: its root event and its events in id order (root first). */
export interface RippleTree {
  root: EventEntity;
  nodes: RippleNode[];
}

/** A ripple in a list; its figures are read for the whole page at once (see ripple.loaders.ts). */
export interface RippleSummaryValue {
  root: EventEntity;
}

/**
 * The ripples under each of `startIds` that the viewer may see, in one
 * statement: the starts' rows are looked up by primary key, then each
 * distinct tree is read once, as one index range scan on (root_id, id) from
 * its earliest start onwards. A start that is missing or not the viewer's
 * to see has no entry.
 */
export async function rippleTrees(
  em: EntityManager,
  viewer: Viewer,
  startIds: readonly string[],
): Promise<Map<string, RippleTree>> {
  const trees = new Map<string, RippleTree>();
  if (startIds.length === 0) return trees;
  const raws = await em.execute<Record<string, unknown>[]>(
    `with start as (
       select e.id, e.root_id from event e where e.id = any(?::bigint[]) and ${VISIBLE_TO_VIEWER_SQL}
     ), tree as (
       select root_id, min(id) as from_id from start group by root_id
     )
     select e.* from tree t join event e on e.root_id = t.root_id and e.id >= t.from_id
      where ${VISIBLE_TO_VIEWER_SQL}
      order by e.root_id, e.id`,
    [bigintArray(startIds), viewer.person.id, viewer.person.id],
  );
  const wanted = new Set(startIds);
  const rowsByRoot = new Map<string, RippleEventRow[]>();
  const starts: { raw: Record<string, unknown>; row: RippleEventRow }[] = [];
  for (const raw of raws) {
    const row = toRippleRow(raw);
    let rows = rowsByRoot.get(row.rootId);
    if (!rows) rowsByRoot.set(row.rootId, (rows = []));
    rows.push(row);
    if (wanted.has(row.id)) starts.push({ raw, row });
  }
  for (const { raw, row } of starts) {
    trees.set(row.id, { root: em.map(EventEntity, raw), nodes: subtreeOf(rowsByRoot.get(row.rootId)!, row.id) });
  }
  return trees;
}

/** The ripple of one event the viewer may see; NOT_FOUND when it is missing or not theirs to see. */
export async function ripple(em: EntityManager, viewer: Viewer, eventId: string | null): Promise<RippleTree> {
  const tree = eventId === null ? undefined : (await rippleTrees(em, viewer, [eventId])).get(eventId);
  if (!tree) throw notFound('That event');
  return tree;
}

const figures = new WeakMap<RippleTree, RippleFigures>();
const participants = new WeakMap<RippleTree, { list: RippleParticipant[]; indexOf: Map<string, number> }>();

export function rippleStats(tree: RippleTree): RippleFigures {
  let computed = figures.get(tree);
  if (!computed) figures.set(tree, (computed = rippleFigures(tree.nodes)));
  return computed;
}

function participantsIn(tree: RippleTree) {
  let computed = participants.get(tree);
  if (!computed) {
    const list = participantsOf(tree.nodes);
    computed = { list, indexOf: new Map(list.map((p, i) => [p.personId, i])) };
    participants.set(tree, computed);
  }
  return computed;
}

/** A page of a ripple's events, oldest first (every event after its cause). */
export function rippleEvents(tree: RippleTree, page: PageRequest): Connection<RippleEvent> {
  const from = page.after ? firstIndexAfter(tree.nodes, cursorId(page.after)) : 0;
  return toConnection(
    tree.nodes.slice(from, from + page.first + 1),
    page.first,
    (node) => [node.id],
    toRippleEvent,
    page.after !== null,
  );
}

/**
 * A page of the people in a ripple, in the order they joined it, each with
 * how many of its events involve them. Their names come in one lean query
 * for the page (a page holds up to 1,000: no entities are built for them).
 */
export async function ripplePeople(em: EntityManager, tree: RippleTree, page: PageRequest): Promise<Connection<RipplePerson>> {
  const { list, indexOf } = participantsIn(tree);
  let from = 0;
  if (page.after) {
    const index = indexOf.get(cursorId(page.after));
    if (index === undefined) throw badInput('That cursor is not valid.', [{ field: 'after', message: 'is not a person in this ripple' }]);
    from = index + 1;
  }
  const slice = list.slice(from, from + page.first + 1);
  const ids = slice.slice(0, page.first).map((p) => p.personId);
  const cards =
    ids.length === 0
      ? []
      : await em.execute<{ id: string; handle: string; name: string; avatar_url: string | null }[]>(
          `select id, handle, name, avatar_url from person where id = any(?::bigint[])`,
          [bigintArray(ids)],
        );
  const cardOf = new Map(cards.map((card) => [String(card.id), card]));
  return toConnection(
    slice,
    page.first,
    (participant) => [participant.personId],
    (participant) => {
      const card = cardOf.get(participant.personId);
      // Event rows reference people with foreign keys: a card is always there.
      if (!card) throw new Error(`person ${participant.personId} is missing`);
      return {
        id: toGlobalId('Person', participant.personId),
        handle: card.handle,
        name: card.name,
        avatarUrl: card.avatar_url,
        eventCount: participant.eventCount,
      };
    },
    page.after !== null,
  );
}

/**
 * The viewer's ripples, newest first. STARTED: their own acts (at any depth
 * of any tree) that caused at least one event they may see. IN: whole trees
 * started by someone else in which an event is by or about the viewer and
 * whose root caused at least one event. Figures come separately, batched.
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
  const before = page.after ? cursorId(page.after) : null;
  const me = viewer.person.id;
  const hasEffect = `exists (select 1 from event e where e.cause_id = r.id and ${VISIBLE_TO_VIEWER_SQL})`;
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
          [personId, me, before, before, me, page.first + 1],
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
          [personId, me, personId, me, personId, me, personId, me, before, before, me, page.first + 1],
        );
  return toConnection(
    rows,
    page.first,
    (row) => [String(row.id)],
    (row) => ({ root: em.map(EventEntity, row) }),
    page.after !== null,
  );
}

/** The event id inside a ripple list's cursor. */
function cursorId(after: unknown[]): string {
  const id = String(after[0]);
  if (!isBigintId(id)) throw badInput('That cursor is not valid.', [{ field: 'after', message: 'is not a cursor from this list' }]);
  return id;
}

function toRippleEvent(node: RippleNode): RippleEvent {
  const personId = (id: string | null) => (id === null ? null : toGlobalId('Person', id));
  return {
    id: toGlobalId('Event', node.id),
    kind: node.kind,
    actorId: toGlobalId('Person', node.actorId),
    subjectId: personId(node.subjectPersonId),
    subject2Id: personId(node.subjectPerson2Id),
    shareId: node.subjectShareId === null ? null : toGlobalId('Share', node.subjectShareId),
    introductionId: node.subjectIntroductionId === null ? null : toGlobalId('Introduction', node.subjectIntroductionId),
    causeId: node.parent === -1 || node.causeId === null ? null : toGlobalId('Event', node.causeId),
    depth: node.level,
    createdAt: node.createdAt,
  };
}

const idOrNull = (value: unknown) => (value === null || value === undefined ? null : String(value));

/** A raw `event` row (as node-postgres gives it) in the shape the ripple code walks. */
export function toRippleRow(raw: Record<string, unknown>): RippleEventRow {
  return {
    id: String(raw.id),
    kind: raw.kind as EventKind,
    actorId: String(raw.actor_id),
    subjectPersonId: idOrNull(raw.subject_person_id),
    subjectPerson2Id: idOrNull(raw.subject_person2_id),
    subjectShareId: idOrNull(raw.subject_share_id),
    subjectIntroductionId: idOrNull(raw.subject_introduction_id),
    causeId: idOrNull(raw.cause_id),
    rootId: String(raw.root_id),
    depth: Number(raw.depth),
    visibility: raw.visibility as EventVisibility,
    audience: ((raw.audience as unknown[] | null) ?? []).map(String),
    createdAt: raw.created_at instanceof Date ? raw.created_at : new Date(String(raw.created_at)),
  };
}

/** Back to an entity, for the GraphQL `Event` type (subscriptions deliver whole events). */
export function toEventEntity(em: EntityManager, row: RippleEventRow): EventEntity {
  return em.map(EventEntity, {
    id: row.id,
    kind: row.kind,
    actor_id: row.actorId,
    subject_person_id: row.subjectPersonId,
    subject_person2_id: row.subjectPerson2Id,
    subject_share_id: row.subjectShareId,
    subject_introduction_id: row.subjectIntroductionId,
    cause_id: row.causeId,
    root_id: row.rootId,
    depth: row.depth,
    visibility: row.visibility,
    audience: row.audience,
    created_at: row.createdAt,
  });
}
