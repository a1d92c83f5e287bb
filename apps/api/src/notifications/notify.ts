import type { EntityManager } from '@mikro-orm/postgresql';
import { bigintArray } from '../db/sql.js';
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
  eventId: string;
  introductionId?: string | null;
  shareId?: string | null;
  /** "Your ripple grew": the event you started whose ripple grew. */
  rippleEventId?: string | null;
}

/**
 * Stores notices inside the caller's transaction and announces them
 * (PostgreSQL delivers the announcement on commit). A notice for an unread
 * group updates that row: its latest act, actors and count, and a new id
 * (commit-ordered like every resume cursor, see live/PROTOCOL.md), so live streams
 * deliver it again and `since` replays it. Kinds a recipient turned off are
 * dropped here, in the same statement.
 */
export async function notify(em: EntityManager, notices: readonly Notice[]): Promise<void> {
  const wanted = dedupe(notices.filter((n) => n.recipientId !== n.actorId));
  if (wanted.length === 0) return;
  const column = <T>(pick: (n: Notice) => T) => wanted.map(pick);
  const stored = await em.execute<{ id: string }[]>(
    `with incoming as (
       select t.* from unnest(?::bigint[], ?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[])
                as t(recipient_id, kind, group_key, event_id, introduction_id, share_id, ripple_event_id, actor_id)
        where not exists (select 1 from notification_opt_out o where o.person_id = t.recipient_id and o.kind = t.kind)
     ),
     stored as (
       insert into notification as n
              (recipient_id, kind, group_key, event_id, introduction_id, share_id, ripple_event_id, actor_ids, actor_count)
       select recipient_id, kind, group_key, event_id, introduction_id, share_id, ripple_event_id,
              case when actor_id is null then '{}'::bigint[] else array[actor_id] end,
              case when actor_id is null then 0 else 1 end
         from incoming
       on conflict (recipient_id, group_key) where read_at is null and group_key is not null do update set
         id = default,
         group_id = coalesce(n.group_id, n.id),
         revision = n.revision + 1,
         event_id = excluded.event_id,
         share_id = coalesce(excluded.share_id, n.share_id),
         actor_count = n.actor_count + case when excluded.actor_ids[1] = any(n.actor_ids) then 0 else 1 end,
         actor_ids = (excluded.actor_ids || array_remove(n.actor_ids, excluded.actor_ids[1]))[1:${GROUP_ACTORS_KEPT}],
         created_at = now()
       returning id
     )
     select id::text, ${notifySql(em, NOTIFICATION_CHANNEL, 'id')} from stored`,
    [
      bigintArray(column((n) => n.recipientId)),
      textArray(column((n) => n.kind)),
      textArray(column((n) => n.groupKey)),
      bigintArray(column((n) => n.eventId)),
      nullableBigintArray(column((n) => n.introductionId ?? null)),
      nullableBigintArray(column((n) => n.shareId ?? null)),
      nullableBigintArray(column((n) => n.rippleEventId ?? null)),
      nullableBigintArray(column((n) => n.actorId)),
    ],
  );
  announceAfterCommit(em, NOTIFICATION_CHANNEL, stored.map((row) => row.id));
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

// em.execute inlines parameters (see db/sql.ts): arrays travel as PostgreSQL array literals.
function nullableBigintArray(ids: readonly (string | null)[]): string {
  return `{${ids.map((id) => (id === null ? 'NULL' : bigintArray([id]).slice(1, -1))).join(',')}}`;
}

function textArray(values: readonly (string | null)[]): string {
  return `{${values.map((v) => (v === null ? 'NULL' : `"${v.replace(/[\\"]/g, '\\$&')}"`)).join(',')}}`;
}
