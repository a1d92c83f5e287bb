import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../graphql/context.js';
import { cursorId, toConnection, type Connection, type PageRequest } from '../graphql/relay.js';
import { bigintArray } from '../db/sql.js';
import { NotificationEntity } from './notification.entity.js';
import { NOTIFICATION_KINDS, type NotificationKind } from './notification-kind.js';

/** The viewer's notifications, newest first. Only ever the recipient's own. */
export async function listNotifications(
  em: EntityManager,
  viewer: Viewer,
  options: { unreadOnly: boolean },
  page: PageRequest,
): Promise<Connection<NotificationEntity>> {
  const before = cursorId(page);
  const rows = await em.execute<Record<string, unknown>[]>(
    `select * from notification
      where recipient_id = ? and (not ?::boolean or read_at is null) and (?::bigint is null or id < ?::bigint)
      order by id desc limit ?`,
    [viewer.person.id, options.unreadOnly, before, before, page.first + 1],
  );
  return toConnection(
    rows.map((row) => em.map(NotificationEntity, row)),
    page.first,
    (n) => [n.id],
    (n) => n,
    page.after !== null,
  );
}

/**
 * One of the viewer's notifications by any id it has had: a grouped one
 * takes a new id at each update, and an id a client already holds still
 * finds its current version.
 */
export async function notificationById(em: EntityManager, viewerId: string | null, id: string): Promise<NotificationEntity | null> {
  if (viewerId === null) return null;
  const [row] = await em.execute<Record<string, unknown>[]>(
    `select * from notification where recipient_id = ? and (id = ? or group_id = ?) order by id desc limit 1`,
    [viewerId, id, id],
  );
  return row ? em.map(NotificationEntity, row) : null;
}

export async function unreadCount(em: EntityManager, viewer: Viewer): Promise<number> {
  const [row] = await em.execute<{ n: number }[]>(
    `select count(*)::int as n from notification where recipient_id = ? and read_at is null`,
    [viewer.person.id],
  );
  return row!.n;
}

/** Marks the given notifications (any id they have had), or all, read; returns how many stay unread. */
export async function markRead(em: EntityManager, viewer: Viewer, ids: string[] | null): Promise<number> {
  const list = ids && bigintArray(ids);
  await em.execute(
    `update notification set read_at = now()
      where recipient_id = ? and read_at is null
        and (?::bigint[] is null or id = any(?::bigint[]) or group_id = any(?::bigint[]))`,
    [viewer.person.id, list, list, list],
  );
  return unreadCount(em, viewer);
}

export interface NotificationPreference {
  kind: NotificationKind;
  enabled: boolean;
}

/** Every kind, on unless the viewer turned it off. */
export async function settingsOf(em: EntityManager, viewer: Viewer): Promise<NotificationPreference[]> {
  const rows = await em.execute<{ kind: string }[]>(`select kind from notification_opt_out where person_id = ?`, [viewer.person.id]);
  const off = new Set(rows.map((r) => r.kind));
  return NOTIFICATION_KINDS.map((kind) => ({ kind, enabled: !off.has(kind) }));
}

/** Turns kinds on or off (the last word for a kind wins); returns every kind's setting. */
export async function updateSettings(em: EntityManager, viewer: Viewer, changes: readonly NotificationPreference[]): Promise<NotificationPreference[]> {
  const wanted = new Map(changes.map((c) => [c.kind, c.enabled]));
  const off = [...wanted].filter(([, enabled]) => !enabled).map(([kind]) => kind);
  const on = [...wanted].filter(([, enabled]) => enabled).map(([kind]) => kind);
  await em.transactional(async (tx) => {
    if (on.length > 0) {
      await tx.execute(`delete from notification_opt_out where person_id = ? and kind = any(?::text[])`, [viewer.person.id, `{${on.join(',')}}`]);
    }
    if (off.length > 0) {
      await tx.execute(
        `insert into notification_opt_out (person_id, kind) select ?, unnest(?::text[]) on conflict do nothing`,
        [viewer.person.id, `{${off.join(',')}}`],
      );
    }
  });
  return settingsOf(em, viewer);
}
