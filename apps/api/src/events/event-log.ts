import type { EntityManager } from '@mikro-orm/postgresql';
import { bigintArray } from '../db/sql.js';
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
 * are copied from the cause (or the event is its own root), and `pg_notify`
 * announces it: PostgreSQL delivers the notification only on commit.
 */
export async function appendEvent(em: EntityManager, event: NewEvent): Promise<EventEntity> {
  const [row] = await em.execute<Record<string, unknown>[]>(
    `with new_id as (select next_commit_ordered_id() as id),
          cause as (select id, root_id, depth, path from event where id = ?)
     insert into event (id, kind, actor_id, subject_person_id, subject_person2_id, subject_share_id,
                        subject_introduction_id, cause_id, root_id, depth, path, visibility, audience)
     select new_id.id, ?, ?, ?, ?, ?, ?, ?, coalesce(cause.root_id, new_id.id), coalesce(cause.depth + 1, 0),
            case when cause.id is null then '{}' else cause.path || cause.id end, ?, ?::bigint[]
       from new_id left join cause on true
     returning *, ${notifySql(em, EVENT_CHANNEL, 'id')} is null as notified`,
    [
      event.causeId ?? null,
      event.kind,
      event.actorId,
      event.subjectPersonId ?? null,
      event.subjectPerson2Id ?? null,
      event.subjectShareId ?? null,
      event.subjectIntroductionId ?? null,
      event.causeId ?? null,
      event.visibility ?? EventVisibility.PUBLIC,
      bigintArray(event.audience ?? []),
    ],
  );
  const appended = em.map(EventEntity, row!);
  announceAfterCommit(em, EVENT_CHANNEL, [appended.id]);
  return appended;
}
