import type { EntityManager } from '@mikro-orm/postgresql';
import { bigintArray, booleanArray, nullableBigintArray, textArray } from '../db/sql.js';
import { announceAfterCommit, notifySql } from '../live/announce.js';
import type { NotificationKind } from './notification-kind.js';

/** Every committed notification is announced on this channel (payload: its id). */
export const NOTIFICATION_CHANNEL = 'ripple_notifications';

/** How many of a group's latest distinct actors are kept (the rest are counted). */
export const GROUP_ACTORS_KEPT = 20;

export interface Notice {
  recipientId: string;
  kind: NotificationKind;
  /** Who did it; null when no one person did (a connection). Nobody hears of their own act. */
  actorId: string | null;
  /**
   * What it is about, for grouping: while a notification with this key is
   * unread, a new notice updates it instead of adding one. Null: never grouped.
   */
  groupKey: string | null;
  /** The event told of; `{ batchIndex }` for one appended in the same statement (see `storedNoticesSql`). */
  eventId: string | { batchIndex: number };
  introductionId?: string | null;
  /** The share it is about; `{ sql }` for one the writer's statement takes (see `storedNoticesSql`). */
  shareId?: string | null | { sql: string };
  /** "Your ripple grew": the event you started whose ripple grew. */
  rippleEventId?: string | null;
}

/**
 * Stores notices inside the caller's transaction and announces them once it
 * commits. A notice for an unread group updates that row: its latest act,
 * actors and count, and a new id (commit-ordered like every resume cursor,
 * see live/PROTOCOL.md), so live streams deliver it again and `since`
 * replays it. Kinds a recipient turned off are dropped here, in the same
 * statement.
 */
export async function notify(em: EntityManager, notices: readonly Notice[]): Promise<void> {
  const stored = storedNoticesSql(em, notices);
  if (!stored) return;
  const rows = await em.execute<{ id: string }[]>(`with ${stored.sql} select id::text from stored_notices`, stored.params);
  announceAfterCommit(em, NOTIFICATION_CHANNEL, rows.map((row) => row.id));
}

/**
 * `notify` as common table expressions, for a writer that stores its
 * notices in the statement that appends their events (`appendEventsSql`,
 * `batch`): a notice's `eventId` may then be `{ batchIndex }`, and its
 * `shareId` the statement's expression for a share it takes there. `stored_notices` holds
 * the ids written, for the caller to announce. Null when nothing is to be
 * stored.
 */
export function storedNoticesSql(
  em: EntityManager,
  notices: readonly Notice[],
  /** Written beside `appendEventsSql`, whose share (if it takes one) is this expression: the text is then the same whatever the notices name. */
  batch?: { shareSql: string },
): { sql: string; params: unknown[] } | null {
  const wanted = dedupe(notices.filter((n) => n.recipientId !== n.actorId));
  if (wanted.length === 0) return null;
  const column = <T>(pick: (n: Notice) => T) => wanted.map(pick);
  const inStatement = (n: Notice) => typeof n.shareId === 'object' && n.shareId !== null;
  if (!batch && wanted.some((n) => typeof n.eventId !== 'string' || inStatement(n))) {
    throw new Error('notices that name an event or share of the statement are stored beside it (batch)');
  }
  if (batch && wanted.some((n) => inStatement(n) && (n.shareId as { sql: string }).sql !== batch.shareSql)) {
    throw new Error("a notice names a share other than the statement's");
  }
  // One expression each, flagged per row, so that the statement's text does not change with what the notices name.
  const eventId = batch ? `coalesce(t.event_id, (select first from appended_first) + t.event_index)` : 't.event_id';
  const shareId = batch ? `case when t.share_in_statement then ${batch.shareSql} else t.share_id end` : 't.share_id';
  const sql = `notices_incoming as (
       select t.recipient_id, t.kind, t.group_key, ${eventId} as event_id, t.introduction_id, ${shareId} as share_id,
              t.ripple_event_id, t.actor_id
         from unnest(?::bigint[], ?::text[], ?::text[], ?::bigint[], ?::int[], ?::bigint[], ?::bigint[], ?::boolean[], ?::bigint[],
                     ?::bigint[])
                as t(recipient_id, kind, group_key, event_id, event_index, introduction_id, share_id, share_in_statement,
                     ripple_event_id, actor_id)
        where not exists (select 1 from notification_opt_out o where o.person_id = t.recipient_id and o.kind = t.kind)
     ),
     stored_notices as (
       insert into notification as n
              (recipient_id, kind, group_key, event_id, introduction_id, share_id, ripple_event_id, actor_ids, actor_count)
       select recipient_id, kind, group_key, event_id, introduction_id, share_id, ripple_event_id,
              case when actor_id is null then '{}'::bigint[] else array[actor_id] end,
              case when actor_id is null then 0 else 1 end
         from notices_incoming
       on conflict (recipient_id, group_key) where read_at is null and group_key is not null do update set
         id = default,
         group_id = coalesce(n.group_id, n.id),
         revision = n.revision + 1,
         event_id = excluded.event_id,
         share_id = coalesce(excluded.share_id, n.share_id),
         actor_count = n.actor_count + case when excluded.actor_ids[1] = any(n.actor_ids) then 0 else 1 end,
         actor_ids = (excluded.actor_ids || array_remove(n.actor_ids, excluded.actor_ids[1]))[1:${GROUP_ACTORS_KEPT}],
         created_at = now()
       returning id, ${notifySql(em, NOTIFICATION_CHANNEL, 'id')} is null as notified
     )`;
  return {
    sql,
    params: [
      bigintArray(column((n) => n.recipientId)),
      textArray(column((n) => n.kind)),
      textArray(column((n) => n.groupKey)),
      nullableBigintArray(column((n) => (typeof n.eventId === 'string' ? n.eventId : null))),
      `{${column((n) => (typeof n.eventId === 'string' ? 'NULL' : String(n.eventId.batchIndex))).join(',')}}`,
      nullableBigintArray(column((n) => n.introductionId ?? null)),
      nullableBigintArray(column((n) => (inStatement(n) ? null : ((n.shareId as string | null | undefined) ?? null)))),
      booleanArray(column(inStatement)),
      nullableBigintArray(column((n) => n.rippleEventId ?? null)),
      nullableBigintArray(column((n) => n.actorId)),
    ],
  };
}

/** One statement may not update a row twice: one notice per (recipient, group). */
function dedupe(notices: Notice[]): Notice[] {
  const seen = new Set<string>();
  return notices.filter((n) => {
    if (n.groupKey === null) return true;
    const key = `${n.recipientId}\u0000${n.groupKey}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
