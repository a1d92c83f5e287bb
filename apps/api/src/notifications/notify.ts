import type { EntityManager } from '@mikro-orm/postgresql';
import { EventKind, type EventEntity } from '../events/event.entity.js';
import { announceAfterCommit, notifySql } from '../live/announce.js';

/** Every committed notification is announced on this channel (payload: its id). */
export const NOTIFICATION_CHANNEL = 'ripple_notifications';

export enum NotificationKind {
  /** Someone asks you to meet a person (a double-opt-in introduction). */
  INTRODUCTION_ASKED = 'INTRODUCTION_ASKED',
  /** An introduction you made or were part of connected. */
  INTRODUCTION_CONNECTED = 'INTRODUCTION_CONNECTED',
  /** A share credits you as the author. */
  SHARE_CREDITED = 'SHARE_CREDITED',
  /** A share mentions you. */
  SHARE_MENTIONED = 'SHARE_MENTIONED',
  /** Two or more hops down a ripple you started, a new connection or follow. */
  RIPPLE_GREW = 'RIPPLE_GREW',
}

export interface NewNotification {
  recipientId: string;
  kind: NotificationKind;
  eventId?: string | null;
  introductionId?: string | null;
  shareId?: string | null;
}

/**
 * Stores notifications inside the caller's transaction and announces them
 * (delivered on commit). Nobody is notified of their own act.
 */
export async function notify(em: EntityManager, actorId: string, notifications: NewNotification[]): Promise<void> {
  const recipients = notifications.filter((n) => n.recipientId !== actorId);
  for (const n of recipients) {
    const stored = await em.execute<{ id: string }[]>(
      `with n as (
         insert into notification (recipient_id, kind, event_id, introduction_id, share_id)
         values (?, ?, ?, ?, ?) returning id)
       select id::text, ${notifySql(em, NOTIFICATION_CHANNEL, 'id')} from n`,
      [n.recipientId, n.kind, n.eventId ?? null, n.introductionId ?? null, n.shareId ?? null],
    );
    announceAfterCommit(em, NOTIFICATION_CHANNEL, stored.map((row) => row.id));
  }
}

/**
 * "Your ripple grew": a public FOLLOWED or CONNECTED event two or more hops
 * below the root tells the root's actor, unless they turned it off or the
 * act is their own. Not noisy: while one such notice for a ripple is unread,
 * growth of that ripple adds no other. Called by the event log for every append.
 */
export async function notifyIfRippleGrew(em: EntityManager, event: EventEntity): Promise<void> {
  if (event.depth < 2 || (event.kind !== EventKind.FOLLOWED && event.kind !== EventKind.CONNECTED)) return;
  if (event.visibility !== 'public') return;
  const stored = await em.execute<{ id: string }[]>(
    `with n as (
       insert into notification (recipient_id, kind, event_id)
       select root.actor_id, ?, ? from event root join person p on p.id = root.actor_id
        where root.id = ? and root.actor_id <> ? and p.notify_ripple_grew
          and not exists (
            select 1 from notification n join event grown on grown.id = n.event_id
             where n.recipient_id = root.actor_id and n.kind = ? and n.read_at is null and grown.root_id = root.id)
       returning id)
     select id::text, ${notifySql(em, NOTIFICATION_CHANNEL, 'id')} from n`,
    [NotificationKind.RIPPLE_GREW, event.id, event.rootId, event.actorId, NotificationKind.RIPPLE_GREW],
  );
  announceAfterCommit(em, NOTIFICATION_CHANNEL, stored.map((row) => row.id));
}
