import type { EntityManager } from '@mikro-orm/postgresql';
import { bigintArray } from '../db/sql.js';
import { EventEntity, type EventKind, EventVisibility } from './event.entity.js';

/** Every committed event is announced on this channel (payload: its id). */
export const EVENT_CHANNEL = 'ripple_events';

// One advisory lock serialises appends, so event ids become visible in the
// order they were taken: a reader that has seen id N will never later find a
// smaller id committing behind it. That is what makes `since: cursor` safe.
const APPEND_LOCK = 7_404_101;

/**
 * Takes the append lock for the rest of the transaction. Other tables whose
 * ids serve as resume cursors (notifications) take it too.
 */
export async function takeAppendLock(em: EntityManager): Promise<void> {
  await em.execute(`select pg_advisory_xact_lock(${APPEND_LOCK})`);
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
 * Call it last in a transaction, to hold the append lock briefly.
 */
export async function appendEvent(em: EntityManager, event: NewEvent): Promise<EventEntity> {
  const [row] = await em.execute<Record<string, unknown>[]>(
    `with lock as (select pg_advisory_xact_lock(${APPEND_LOCK})),
          new_id as (select nextval('event_id_seq') as id from lock),
          cause as (select id, root_id, depth, path from event where id = ?)
     insert into event (id, kind, actor_id, subject_person_id, subject_person2_id, subject_share_id,
                        subject_introduction_id, cause_id, root_id, depth, path, visibility, audience)
     select new_id.id, ?, ?, ?, ?, ?, ?, ?, coalesce(cause.root_id, new_id.id), coalesce(cause.depth + 1, 0),
            case when cause.id is null then '{}' else cause.path || cause.id end, ?, ?::bigint[]
       from new_id left join cause on true
     returning *, pg_notify('${EVENT_CHANNEL}', id::text) is null as notified`,
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
  return em.map(EventEntity, row!);
}
