import type { EntityManager } from '@mikro-orm/postgresql';
import { bigintArray, booleanArray, nullableBigintArray, textArray } from '../db/sql.js';
import { announceAfterCommit, notifySql } from '../live/announce.js';
import { EventEntity, type EventKind, EventVisibility } from './event.entity.js';

/** Every committed event is announced on this channel (payload: its id). */
export const EVENT_CHANNEL = 'ripple_events';

/**
 * Ids become visible in id order without a lock: each id is made from the
 * id of the transaction that appends it (next_commit_ordered_id(), see
 * Migration20261206000000CommitOrderedIds and live/PROTOCOL.md,
 * "Ordering"), and readers that resume by id read only below
 * `commit_ordered_horizon()`, where every transaction has ended. So
 * concurrent writers never wait for one another here, and a reader that has
 * seen id N never later finds a smaller id committing behind it.
 */
export const COMMIT_HORIZON_SQL = 'commit_ordered_horizon()';

/**
 * Reserves `count` consecutive event ids in this transaction (bulk writers
 * such as the synthetic seed); returns the first.
 */
export async function reserveEventIds(em: EntityManager, count: number): Promise<bigint> {
  const [row] = await em.execute<{ first: string }[]>(`select reserve_commit_ordered_ids(?)::text as first`, [count]);
  return BigInt(row!.first);
}

export interface NewEvent {
  kind: EventKind;
  actorId: string;
  subjectPersonId?: string | null;
  /** The second person, for acts on a pair (an introduction, a connection). */
  subjectPerson2Id?: string | null;
  subjectShareId?: string | null;
  subjectIntroductionId?: string | null;
  /** The event that led to this one; its ripple is continued. */
  causeId?: string | null;
  /** Public unless given; AUDIENCE events are seen only by `audience`. */
  visibility?: EventVisibility;
  audience?: string[];
}

/**
 * Appends one event inside the caller's transaction. Root, depth and path
 * are copied from the cause (or the event is its own root), and the event
 * is announced once its transaction commits.
 */
export async function appendEvent(em: EntityManager, event: NewEvent): Promise<EventEntity> {
  const batch = appendEventsSql(em, [event]);
  const [row] = await em.execute<Record<string, unknown>[]>(`with ${batch.sql} select * from appended`, batch.params);
  const appended = em.map(EventEntity, row!);
  announceAfterCommit(em, EVENT_CHANNEL, [appended.id]);
  return appended;
}

/** An event of a batch appended in one statement; its cause may be an earlier event of the same batch. */
export interface BatchEvent extends Omit<NewEvent, 'subjectShareId'> {
  /** A share's id, or an expression of the writer's statement for one it takes there (e.g. `(select id from new_share)`). */
  subjectShareId?: string | null | { sql: string };
  /** The position in the batch of this event's cause (an event of the batch whose own cause is not in it). */
  causeIndex?: number;
}

/**
 * The common table expressions that append `events` in order, for a writer
 * that stores its own rows in the same statement (one round trip, atomic
 * without a transaction of its own). Their ids are consecutive and
 * commit-ordered: the event at position i has id `(select first from
 * appended_first) + i`, which the writer's other rows can name before the
 * ids are known. `appended` holds the rows written (with `ord`, from 1).
 * The caller announces the ids it reads back (`announceAfterCommit`);
 * without a publisher the statement notifies itself, on commit.
 *
 * PostgreSQL's checks that run after a statement (foreign keys, the ripple
 * trigger) see every row the statement wrote, so an event may cite one
 * appended beside it, and other rows may cite these events.
 */
export function appendEventsSql(em: EntityManager, events: readonly BatchEvent[]): { sql: string; params: unknown[] } {
  events.forEach((event, i) => {
    const cause = event.causeIndex;
    if (cause !== undefined && !(cause < i && events[cause]!.causeIndex === undefined)) {
      throw new Error(`event ${i} of a batch must be caused by an earlier event whose cause is outside the batch`);
    }
  });
  const column = <T>(pick: (event: BatchEvent) => T) => events.map(pick);
  // A share taken in the statement is named by one expression, flagged per row, so the
  // statement's text does not change with the number of events (it is prepared once).
  const inStatement = (e: BatchEvent) => typeof e.subjectShareId === 'object' && e.subjectShareId !== null;
  const expressions = new Set(events.flatMap((e) => (inStatement(e) ? [(e.subjectShareId as { sql: string }).sql] : [])));
  if (expressions.size > 1) throw new Error('a batch names at most one share taken in its statement');
  const [shareSql] = expressions;
  const subjectShareId = shareSql ? `case when t.share_in_statement then ${shareSql} else t.subject_share_id end` : 't.subject_share_id';
  const sql = `appended_first as (select reserve_commit_ordered_ids(?) as first),
    appended_input as (
      select t.kind, t.actor_id, t.subject_person_id, t.subject_person2_id, ${subjectShareId} as subject_share_id,
             t.subject_introduction_id, t.cause_id, t.cause_index, t.visibility, t.audience, t.ord, f.first + t.ord - 1 as id
        from unnest(?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::boolean[], ?::bigint[], ?::bigint[], ?::int[],
                    ?::text[], ?::text[])
               with ordinality as t(kind, actor_id, subject_person_id, subject_person2_id, subject_share_id, share_in_statement,
                                    subject_introduction_id, cause_id, cause_index, visibility, audience, ord),
             appended_first f
    ),
    appended_placed as (
      select i.*, coalesce(c.root_id, i.id) as root_id, coalesce(c.depth + 1, 0) as depth,
             case when c.id is null then '{}' else c.path || c.id end as path
        from appended_input i left join event c on c.id = i.cause_id
       where i.cause_index is null
    ),
    appended as (
      insert into event (id, kind, actor_id, subject_person_id, subject_person2_id, subject_share_id,
                         subject_introduction_id, cause_id, root_id, depth, path, visibility, audience)
      select id, kind, actor_id, subject_person_id, subject_person2_id, subject_share_id, subject_introduction_id,
             cause_id, root_id, depth, path, visibility, audience::bigint[]
        from appended_placed
      union all
      select i.id, i.kind, i.actor_id, i.subject_person_id, i.subject_person2_id, i.subject_share_id, i.subject_introduction_id,
             c.id, c.root_id, c.depth + 1, c.path || c.id, i.visibility, i.audience::bigint[]
        from appended_input i join appended_placed c on c.ord = i.cause_index + 1
      returning *, ${notifySql(em, EVENT_CHANNEL, 'id')} is null as notified,
                id - (select first from appended_first) + 1 as ord
    )`;
  return {
    sql,
    params: [
      events.length,
      textArray(column((e) => e.kind)),
      bigintArray(column((e) => e.actorId)),
      nullableBigintArray(column((e) => e.subjectPersonId ?? null)),
      nullableBigintArray(column((e) => e.subjectPerson2Id ?? null)),
      nullableBigintArray(column((e) => (inStatement(e) ? null : ((e.subjectShareId as string | null | undefined) ?? null)))),
      booleanArray(column(inStatement)),
      nullableBigintArray(column((e) => e.subjectIntroductionId ?? null)),
      nullableBigintArray(column((e) => e.causeId ?? null)),
      `{${column((e) => (e.causeIndex === undefined ? 'NULL' : String(e.causeIndex))).join(',')}}`,
      textArray(column((e) => e.visibility ?? EventVisibility.PUBLIC)),
      textArray(column((e) => bigintArray(e.audience ?? []))),
    ],
  };
}
