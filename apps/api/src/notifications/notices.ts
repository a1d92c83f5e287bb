import type { EntityManager } from '@mikro-orm/postgresql';
import { bigintArray } from '../db/sql.js';
import type { BatchEvent } from '../events/event-log.js';
import { EventKind, EventVisibility, type EventEntity } from '../events/event.entity.js';
import { NotificationKind } from './notification-kind.js';
import { notify, type Notice } from './notify.js';

/**
 * Who should hear about an event just appended, decided by reading the
 * event (and, where needed, its cause and its share). Features call this
 * after `appendEvent`, in the same transaction; the event log itself knows
 * nothing of notifications. The rules, kind by kind, are in NOTIFICATIONS.md.
 */
export async function notifyAbout(em: EntityManager, event: EventEntity): Promise<void> {
  // Private events never notify, except an ask, and only the person asked
  // (who is in its audience): a pending or declined introduction, an
  // unfollow, a response stay unheard of.
  if (event.visibility !== EventVisibility.PUBLIC) {
    if (event.kind === EventKind.INTRODUCTION_ASKED && event.subjectPersonId && event.audience.includes(event.subjectPersonId)) {
      await notify(em, [
        {
          recipientId: event.subjectPersonId,
          kind: NotificationKind.INTRODUCTION_ASKED,
          actorId: event.actorId,
          groupKey: null,
          eventId: event.id,
          introductionId: event.subjectIntroductionId,
        },
      ]);
    }
    return;
  }
  const notices = [...(await directNotices(em, event)), ...(await rippleGrewNotices(em, event))];
  await notify(em, notices);
}

/**
 * What `notifyAbout` will say of events not yet appended, to be stored in
 * the statement that appends them (`appendEventsSql`, `storedNoticesSql`):
 * a share (SHARED) and its mentions (MENTIONED), or a reshare (RESHARED,
 * with `resharedShareId`, the share it reshares), whose rules need nothing
 * but the batch itself. Other kinds are told through `notifyAbout`.
 */
export function noticesOfNewShare(events: readonly BatchEvent[], resharedShareId: string | null = null): Notice[] {
  return events.flatMap((event, batchIndex) => {
    if ((event.visibility ?? EventVisibility.PUBLIC) !== EventVisibility.PUBLIC) return [];
    if (event.kind === EventKind.SHARED) return creditNotices(event, { batchIndex });
    if (event.kind === EventKind.MENTIONED) {
      const shared = events.find((e) => e.kind === EventKind.SHARED && e.subjectShareId === event.subjectShareId);
      if (!shared) throw new Error('a new mention is told of with its share');
      return mentionNotices(event, { batchIndex }, shared.subjectPersonId ?? null);
    }
    if (event.kind === EventKind.RESHARED) {
      if (!resharedShareId) throw new Error('a new reshare is told of with the share it reshares');
      return reshareNotices(event, { batchIndex }, resharedShareId);
    }
    throw new Error(`${event.kind} is told of through notifyAbout`);
  });
}

type ShareAct = Pick<BatchEvent, 'actorId' | 'subjectPersonId' | 'subjectShareId'>;

/** SHARED: the credited member author hears of it. */
function creditNotices(event: ShareAct, eventId: Notice['eventId']): Notice[] {
  if (!event.subjectPersonId) return [];
  const recipientId = event.subjectPersonId;
  return [{ recipientId, kind: NotificationKind.SHARE_CREDITED, actorId: event.actorId, groupKey: null, eventId, shareId: event.subjectShareId ?? null }];
}

/** RESHARED: whoever's share was reshared, grouped per that share while unread; the event's own share is the reshare (with its note). */
function reshareNotices(event: ShareAct, eventId: Notice['eventId'], resharedShareId: string): Notice[] {
  if (!event.subjectPersonId) return [];
  return [
    {
      recipientId: event.subjectPersonId,
      kind: NotificationKind.SHARE_RESHARED,
      actorId: event.actorId,
      groupKey: `${NotificationKind.SHARE_RESHARED}:${resharedShareId}`,
      eventId,
      shareId: resharedShareId,
    },
  ];
}

/** MENTIONED: the person mentioned, once: the credit already tells a mentioned author. */
function mentionNotices(event: ShareAct, eventId: Notice['eventId'], shareAuthorId: string | null): Notice[] {
  if (!event.subjectPersonId || !event.subjectShareId || event.subjectPersonId === shareAuthorId) return [];
  const recipientId = event.subjectPersonId;
  return [{ recipientId, kind: NotificationKind.SHARE_MENTIONED, actorId: event.actorId, groupKey: null, eventId, shareId: event.subjectShareId }];
}

/** The person the act was done for (and, for a connection, all three people). */
async function directNotices(em: EntityManager, event: EventEntity): Promise<Notice[]> {
  const base = { actorId: event.actorId, eventId: event.id };
  switch (event.kind) {
    case EventKind.SHARED:
      return creditNotices(event, event.id);

    case EventKind.MENTIONED: {
      if (!event.subjectShareId) return [];
      const [share] = await em.execute<{ author_person_id: string | null }[]>(`select author_person_id from share where id = ?`, [
        event.subjectShareId,
      ]);
      return mentionNotices(event, event.id, share?.author_person_id == null ? null : String(share.author_person_id));
    }

    case EventKind.RESHARED: {
      const resharedShareId = await shareOfCause(em, event);
      return resharedShareId ? reshareNotices(event, event.id, resharedShareId) : [];
    }

    case EventKind.THANKED:
      if (!event.subjectPersonId || !event.subjectShareId) return [];
      return [
        {
          ...base,
          recipientId: event.subjectPersonId,
          kind: NotificationKind.SHARE_THANKED,
          groupKey: `${NotificationKind.SHARE_THANKED}:${event.subjectShareId}`,
          shareId: event.subjectShareId,
        },
      ];

    case EventKind.FOLLOWED: {
      if (!event.subjectPersonId) return [];
      // Only the first follow ever: telling of a re-follow would reveal the (private) unfollow before it.
      const [before] = await em.execute(
        `select 1 from event where actor_id = ? and kind = '${EventKind.FOLLOWED}' and subject_person_id = ? and id < ? limit 1`,
        [event.actorId, event.subjectPersonId, event.id],
      );
      if (before) return [];
      const viaShareId = await shareOfCause(em, event);
      return [
        {
          ...base,
          recipientId: event.subjectPersonId,
          kind: NotificationKind.FOLLOWED,
          groupKey: `${NotificationKind.FOLLOWED}:${viaShareId ?? ''}`,
          shareId: viaShareId,
        },
      ];
    }

    case EventKind.CONNECTED: {
      // The connector and both people, the one whose accept completed it too:
      // the connection is news to all three, and no one of them made it alone.
      const [introduced] = event.causeId
        ? await em.execute<{ actor_id: string }[]>(`select actor_id from event where id = ? and kind = '${EventKind.INTRODUCED}'`, [event.causeId])
        : [];
      const recipients = [introduced ? String(introduced.actor_id) : null, event.actorId, event.subjectPersonId];
      return [...new Set(recipients.filter((id): id is string => id !== null))].map((recipientId) => ({
        recipientId,
        kind: NotificationKind.INTRODUCTION_CONNECTED,
        actorId: null,
        groupKey: null,
        eventId: event.id,
        introductionId: event.subjectIntroductionId,
      }));
    }

    default:
      return [];
  }
}

/**
 * "Your ripple grew": a follow or connection two or more hops below an
 * event tells that event's actor: for the root and for every sub-ripple on
 * the way down (a share that continues someone else's ripple is its
 * sharer's ripple too). Each person hears once per act, about the
 * nearest event of theirs on the path (the most specific thing they did
 * that led here), grouped per that event while unread. The people in the
 * act are told directly (or did it), so not here.
 */
async function rippleGrewNotices(em: EntityManager, event: EventEntity): Promise<Notice[]> {
  if (event.depth < 2 || (event.kind !== EventKind.FOLLOWED && event.kind !== EventKind.CONNECTED)) return [];
  const ancestors = event.path.slice(0, event.depth - 1); // two or more hops above
  const inTheAct = [event.actorId, event.subjectPersonId].filter((id): id is string => id !== null);
  const starters = await em.execute<{ actor_id: string; id: string }[]>(
    `select distinct on (actor_id) actor_id, id from event
      where id = any(?::bigint[]) and visibility = '${EventVisibility.PUBLIC}' and actor_id <> all(?::bigint[])
      order by actor_id, depth desc`,
    [bigintArray(ancestors), bigintArray(inTheAct)],
  );
  return starters.map((starter) => ({
    recipientId: String(starter.actor_id),
    kind: NotificationKind.RIPPLE_GREW,
    actorId: event.actorId,
    groupKey: `${NotificationKind.RIPPLE_GREW}:${starter.id}`,
    eventId: event.id,
    rippleEventId: String(starter.id),
  }));
}

/** The share the event's cause is about (a reshare's target; the share a follow came from). */
async function shareOfCause(em: EntityManager, event: EventEntity): Promise<string | null> {
  if (!event.causeId) return null;
  const [cause] = await em.execute<{ subject_share_id: string | null }[]>(`select subject_share_id from event where id = ?`, [event.causeId]);
  return cause?.subject_share_id == null ? null : String(cause.subject_share_id);
}
