import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../graphql/context.js';
import { cursorId, toConnection, type Connection, type PageRequest } from '../graphql/relay.js';
import { bigintArray } from '../db/sql.js';
import { NotificationEntity } from './notification.entity.js';

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

export async function unreadCount(em: EntityManager, viewer: Viewer): Promise<number> {
  const [row] = await em.execute<{ n: number }[]>(
    `select count(*)::int as n from notification where recipient_id = ? and read_at is null`,
    [viewer.person.id],
  );
  return row!.n;
}

/** Marks the given notifications (or all) read; returns how many stay unread. */
export async function markRead(em: EntityManager, viewer: Viewer, ids: string[] | null): Promise<number> {
  await em.execute(
    `update notification set read_at = now()
      where recipient_id = ? and read_at is null and (?::bigint[] is null or id = any(?::bigint[]))`,
    [viewer.person.id, ids && bigintArray(ids), ids && bigintArray(ids)],
  );
  return unreadCount(em, viewer);
}

export interface NotificationSettings {
  rippleGrew: boolean;
}

export async function settingsOf(em: EntityManager, viewer: Viewer): Promise<NotificationSettings> {
  const [row] = await em.execute<{ notify_ripple_grew: boolean }[]>(`select notify_ripple_grew from person where id = ?`, [
    viewer.person.id,
  ]);
  return { rippleGrew: row!.notify_ripple_grew };
}

export async function updateSettings(
  em: EntityManager,
  viewer: Viewer,
  input: Partial<NotificationSettings>,
): Promise<NotificationSettings> {
  if (typeof input.rippleGrew === 'boolean') {
    await em.execute(`update person set notify_ripple_grew = ? where id = ?`, [input.rippleGrew, viewer.person.id]);
  }
  return settingsOf(em, viewer);
}
