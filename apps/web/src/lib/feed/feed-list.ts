/**
 * The feed's list rules, pure so they are unit-tested alone: pages are
 * appended without duplicates; live shares wait in a queue behind the
 * "N new shares" bar (nothing moves under the reader's eyes) until revealed;
 * an answer to Follow or Reshare updates every card it concerns.
 */
import type { FeedShareFragment, FollowableAuthorFragment } from '@ripple/schema';

/** Shares per feed page. */
export const FEED_PAGE_SIZE = 20;

type Keyed = { id: string };

/** `list` followed by the shares of `page` it does not hold yet. */
export function appendPage<T extends Keyed>(list: readonly T[], page: readonly T[]): T[] {
  const seen = new Set(list.map((s) => s.id));
  return [...list, ...page.filter((s) => !seen.has(s.id))];
}

/**
 * A live share joins the front of the queue, unless it is already shown or
 * queued (a replay after a reconnect, or a share loaded with a page).
 */
export function queueIncoming<T extends Keyed>(shown: readonly T[], queued: readonly T[], incoming: T): T[] {
  if (shown.some((s) => s.id === incoming.id) || queued.some((s) => s.id === incoming.id)) return [...queued];
  return [incoming, ...queued];
}

/** The queue goes on top of the list, newest first. */
export function reveal<T extends Keyed>(shown: readonly T[], queued: readonly T[]): T[] {
  const fresh = new Set(queued.map((s) => s.id));
  return [...queued, ...shown.filter((s) => !fresh.has(s.id))];
}

export function newSharesLabel(count: number): string {
  return count === 1 ? '1 new share' : `${count.toLocaleString('en')} new shares`;
}

/** The cursor a live stream resumes after: the newest share's event. */
export function newestEventId(shares: readonly FeedShareFragment[]): string | null {
  return shares[0]?.event.id ?? null;
}

/** Every card crediting this member shows their fresh follow state. */
export function withAuthor(list: readonly FeedShareFragment[], person: FollowableAuthorFragment): FeedShareFragment[] {
  return list.map((share) =>
    share.author.person?.id === person.id ? { ...share, author: { ...share.author, person: { ...share.author.person, ...person } } } : share,
  );
}

/**
 * A reshare answers with the new share, whose counts are the original's:
 * every card of that original (itself and its reshares) takes them.
 */
export function withOriginalCounts(list: readonly FeedShareFragment[], answer: FeedShareFragment): FeedShareFragment[] {
  return list.map((share) =>
    share.original.id === answer.original.id
      ? { ...share, reshareCount: answer.reshareCount, rippleSize: answer.rippleSize }
      : share,
  );
}

/** What the viewer may do with a card (the API refuses the rest). */
export function cardActions(share: FeedShareFragment): { reshare: boolean; thank: boolean; follow: boolean } {
  const mine = share.sharer.isViewer || share.original.sharer.isViewer;
  const author = share.author.person;
  return {
    reshare: !mine,
    thank: !share.sharer.isViewer,
    follow: author !== null && !author.isViewer,
  };
}
