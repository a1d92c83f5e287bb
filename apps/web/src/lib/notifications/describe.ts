/**
 * What a notification says and where it leads, pure so it is unit-tested
 * alone. Shares open at /shares/<share id>, ripples at /ripples/<event id>,
 * people at /people/<handle>, introductions at /introductions. A grouped
 * notification names its latest actors and counts the rest
 * ("Julien Moreau and 24 others followed you").
 */
import type { NotificationItemFragment, NotificationKind } from '@ripple/schema';

export interface NotificationView {
  /** A short label for the kind of act ("Reshared", "Thanks"). */
  label: string;
  text: string;
  /** The resharer's note, for a reshare that has one. */
  quote: string | null;
  /** Where the notification leads, or null when there is nothing left to open. */
  href: string | null;
}

type Person = { name: string };

/** "Ada", "Ada and Ben", "Ada and 24 others" (actors newest first). */
export function whoDidIt(actors: readonly Person[], count: number): string {
  const [first, second] = actors;
  if (!first) return count > 1 ? `${count.toLocaleString('en')} people` : 'Someone';
  if (count <= 1) return first.name;
  if (count === 2 && second) return `${first.name} and ${second.name}`;
  const others = count - 1;
  return `${first.name} and ${others.toLocaleString('en')} ${others === 1 ? 'other' : 'others'}`;
}

const sharePage = (id: string) => `/shares/${id}`;

/** `viewerId` tells "your share" from someone else's. */
export function describeNotification(n: NotificationItemFragment, viewerId: string | null = null): NotificationView {
  const event = n.event;
  const intro = n.introduction;
  const who = whoDidIt(n.actors, n.actorCount);
  const share = n.share ?? event?.share ?? null;
  const view = (text: string, href: string | null, quote: string | null = null): NotificationView => ({ label: LABELS[n.kind], text, quote, href });
  switch (n.kind) {
    case 'INTRODUCTION_ASKED':
      return intro?.otherPerson
        ? view(`${intro.connector.name} would like you to meet ${intro.otherPerson.name}.`, '/introductions#asked')
        : view('Someone asked you to meet a person.', '/introductions#asked');
    case 'INTRODUCTION_CONNECTED':
      if (intro?.viewerIsConnector) {
        const [a, b] = intro.people;
        return view(`${a?.name ?? 'They'} and ${b?.name ?? 'the other person'} accepted your introduction: they are connected.`, '/introductions#introduced');
      }
      return intro?.otherPerson
        ? view(`You and ${intro.otherPerson.name} are connected, introduced by ${intro.connector.name}.`, '/introductions#connected')
        : view('An introduction of yours connected.', '/introductions#connected');
    case 'SHARE_CREDITED':
      return share ? view(`${who} shared your work “${share.title}”.`, sharePage(share.id)) : view('Someone shared your work.', null);
    case 'SHARE_MENTIONED':
      return share ? view(`${who} mentioned you in “${share.title}”.`, sharePage(share.id)) : view('Someone mentioned you in a share.', null);
    case 'SHARE_RESHARED': {
      const note = event?.share?.note?.trim() || null;
      return share ? view(`${who} reshared your share of “${share.title}”.`, sharePage(share.id), note) : view(`${who} reshared your share.`, null);
    }
    case 'SHARE_THANKED':
      return share ? view(`${who} thanked you for your share of “${share.title}”.`, sharePage(share.id)) : view(`${who} thanked you for a share.`, null);
    case 'FOLLOWED': {
      if (share) {
        const whose = viewerId !== null && n.share?.sharer.id === viewerId ? 'your share' : `${n.share?.sharer.name ?? 'a'}’s share`;
        return view(`${who} followed you from ${whose} of “${share.title}”.`, sharePage(share.id));
      }
      const latest = n.actors[0];
      return view(`${who} followed you.`, latest ? `/people/${latest.handle}` : null);
    }
    case 'RIPPLE_GREW': {
      const ripple = n.ripple;
      const whose = ripple?.share ? `The ripple of your share “${ripple.share.title}”` : 'A ripple you started';
      const href = ripple ? `/ripples/${ripple.id}` : event ? `/ripples/${event.id}` : null;
      if (n.actorCount <= 1 && event) {
        const whom = event.subject?.name ?? 'someone';
        const act = event.kind === 'CONNECTED' ? `${event.actor.name} and ${whom} connected` : `${event.actor.name} followed ${whom}`;
        return view(`${whose} grew: ${act}.`, href);
      }
      return view(`${whose} grew: ${who} followed or connected further down.`, href);
    }
    default:
      return view('Something happened.', null);
  }
}

const LABELS: Record<NotificationKind, string> = {
  INTRODUCTION_ASKED: 'Introduction',
  INTRODUCTION_CONNECTED: 'Connected',
  SHARE_CREDITED: 'Credit',
  SHARE_MENTIONED: 'Mention',
  SHARE_RESHARED: 'Reshared',
  SHARE_THANKED: 'Thanks',
  FOLLOWED: 'New follower',
  RIPPLE_GREW: 'Ripple',
};

type Item = Pick<NotificationItemFragment, 'id' | 'group' | 'revision' | 'read' | 'createdAt'>;

/**
 * Live arrivals and loaded pages together: one per group (a grouped
 * notification updated in place arrives again with the same `group` and a
 * higher `revision`: the newest version wins), newest first.
 */
export function mergeNotifications<T extends Item>(...lists: (readonly T[])[]): T[] {
  const byGroup = new Map<string, T>();
  for (const list of lists) {
    for (const n of list) {
      const known = byGroup.get(n.group);
      if (!known || n.revision > known.revision) byGroup.set(n.group, n);
    }
  }
  return [...byGroup.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
}

/** Unread first (newest first within each group). */
export function splitByRead<T extends Item>(list: readonly T[]): { unread: T[]; read: T[] } {
  return { unread: list.filter((n) => !n.read), read: list.filter((n) => n.read) };
}
