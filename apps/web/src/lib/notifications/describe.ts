/**
 * What a notification says and where it leads, pure so it is unit-tested
 * alone. Ripples open at /ripples/<event id>; introductions at /introductions.
 */
import type { NotificationItemFragment } from '@ripple/schema';

export interface NotificationView {
  text: string;
  /** Where "Open" goes, or null when there is nothing left to open. */
  href: string | null;
}

export function describeNotification(n: NotificationItemFragment): NotificationView {
  const event = n.event;
  const intro = n.introduction;
  switch (n.kind) {
    case 'INTRODUCTION_ASKED':
      return intro?.otherPerson
        ? { text: `${intro.connector.name} would like you to meet ${intro.otherPerson.name}.`, href: '/introductions#asked' }
        : { text: 'Someone asked you to meet a person.', href: '/introductions#asked' };
    case 'INTRODUCTION_CONNECTED':
      if (intro?.viewerIsConnector) {
        const [a, b] = intro.people;
        return { text: `${a?.name ?? 'They'} and ${b?.name ?? 'the other person'} accepted your introduction: they are connected.`, href: '/introductions#introduced' };
      }
      return intro?.otherPerson
        ? { text: `You and ${intro.otherPerson.name} are connected, introduced by ${intro.connector.name}.`, href: '/introductions#connected' }
        : { text: 'An introduction of yours connected.', href: '/introductions#connected' };
    case 'SHARE_CREDITED':
      return event?.share
        ? { text: `${event.actor.name} shared your work “${event.share.title}”.`, href: `/ripples/${event.share.event.id}` }
        : { text: 'Someone shared your work.', href: null };
    case 'SHARE_MENTIONED':
      return event?.share
        ? { text: `${event.actor.name} mentioned you in “${event.share.title}”.`, href: `/ripples/${event.share.event.id}` }
        : { text: 'Someone mentioned you in a share.', href: null };
    case 'RIPPLE_GREW': {
      if (!event) return { text: 'A ripple you started grew.', href: null };
      const who = event.actor.name;
      const whom = event.subject?.name ?? 'someone';
      const act = event.kind === 'CONNECTED' ? `${who} and ${whom} connected` : `${who} followed ${whom}`;
      return { text: `A ripple you started grew: ${act}.`, href: `/ripples/${event.id}` };
    }
    default:
      return { text: 'Something happened.', href: null };
  }
}

type Item = Pick<NotificationItemFragment, 'id' | 'read' | 'createdAt'>;

/** Live arrivals and loaded pages together: once each, newest first. */
export function mergeNotifications<T extends Item>(...lists: (readonly T[])[]): T[] {
  const byId = new Map<string, T>();
  for (const list of lists) for (const n of list) if (!byId.has(n.id)) byId.set(n.id, n);
  return [...byId.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
}

/** Unread first (newest first within each group). */
export function splitByRead<T extends Item>(list: readonly T[]): { unread: T[]; read: T[] } {
  return { unread: list.filter((n) => !n.read), read: list.filter((n) => n.read) };
}
