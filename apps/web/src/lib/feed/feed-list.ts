/**
 * The feed's list rules, pure so they are unit-tested alone. The feed shows
 * each piece of work once (a FeedItem: the original share and its latest
 * reshares). Pages are appended without repeating an item; live shares wait
 * behind the "N new shares" bar (nothing moves under the reader's eyes)
 * until revealed, when the first page is read again and goes on top; an
 * answer to Follow, Thank or Reshare updates the items it concerns.
 */
import type { FeedItemCardFragment, FeedReshareFragment, FeedShareFragment, FollowableAuthorFragment } from '@ripple/schema';
import { plural } from '$lib/people/plural';
import { namesInAList } from '$lib/shares/share-meta';

/** Items per feed page. */
export const FEED_PAGE_SIZE = 20;

type Item = FeedItemCardFragment;

/** `list` followed by the items of `page` it does not hold yet. */
export function appendPage(list: readonly Item[], page: readonly Item[]): Item[] {
  const seen = new Set(list.map((item) => item.share.id));
  return [...list, ...page.filter((item) => !seen.has(item.share.id))];
}

/** A fresh first page on top; the items it holds leave their old place. */
export function putOnTop(list: readonly Item[], fresh: readonly Item[]): Item[] {
  const moved = new Set(fresh.map((item) => item.share.id));
  return [...fresh, ...list.filter((item) => !moved.has(item.share.id))];
}

/** Every share id an item shows (the original and its latest reshares). */
function sharesShown(list: readonly Item[]): Set<string> {
  return new Set(list.flatMap((item) => [item.share.id, ...item.latestReshares.map((r) => r.id)]));
}

/**
 * A live share joins the queue (newest first), unless the page shows it
 * already or it is queued (a replay after a reconnect, or the viewer's own
 * reshare, already applied).
 */
export function queueIncoming(shown: readonly Item[], queued: readonly string[], shareId: string): string[] {
  if (queued.includes(shareId) || sharesShown(shown).has(shareId)) return [...queued];
  return [shareId, ...queued];
}

/** The queued shares a fresh page does not show yet (they arrived while it was being read). */
export function stillQueued(shown: readonly Item[], queued: readonly string[]): string[] {
  const onPage = sharesShown(shown);
  return queued.filter((id) => !onPage.has(id));
}

export function newSharesLabel(count: number): string {
  return count === 1 ? '1 new share' : `${count.toLocaleString('en')} new shares`;
}

/**
 * The cursor a live stream resumes after: the newest share event on the
 * page, which is the top item's latest reshare, or its share (the feed is
 * ordered by latest activity). Ids are opaque: they cannot be compared here.
 */
export function newestEventId(list: readonly Item[]): string | null {
  const top = list[0];
  return top ? (top.latestReshares[0]?.event.id ?? top.share.event.id) : null;
}

/** Every item crediting this member shows their fresh follow state. */
export function withAuthor(list: readonly Item[], person: FollowableAuthorFragment): Item[] {
  return list.map((item) => {
    const author = item.share.author;
    if (author.person?.id !== person.id) return item;
    return { ...item, share: { ...item.share, author: { ...author, person: { ...author.person, ...person } } } };
  });
}

/** The viewer's thanks to an original's sharer, on its item. */
export function withThanks(list: readonly Item[], answer: { id: string; thanksCount: number; viewerThanked: boolean }): Item[] {
  return list.map((item) => (item.share.id === answer.id ? { ...item, share: { ...item.share, ...answer } } : item));
}

/**
 * The viewer's reshare (the API answers with the new share, whose counts
 * are the original's): it leads the item's reshares and the item goes on top.
 */
export function withReshare(list: readonly Item[], answer: FeedShareFragment): Item[] {
  const item = list.find((i) => i.share.id === answer.original.id);
  if (!item) return [...list];
  const resharedBefore = item.latestReshares.some((r) => r.sharer.id === answer.sharer.id) || item.share.viewerReshared;
  const reshare: FeedReshareFragment = { id: answer.id, note: answer.note, createdAt: answer.createdAt, sharer: answer.sharer, event: answer.event };
  const updated: Item = {
    ...item,
    activeAt: answer.createdAt,
    resharerCount: item.resharerCount + (resharedBefore ? 0 : 1),
    latestReshares: [reshare, ...item.latestReshares.filter((r) => r.sharer.id !== answer.sharer.id)].slice(0, 3),
    share: { ...item.share, reshareCount: answer.reshareCount, rippleSize: answer.rippleSize, viewerReshared: true },
  };
  return [updated, ...list.filter((i) => i !== item)];
}

/** What the viewer may do with a share (the API refuses the rest). */
export function cardActions(share: FeedShareFragment): { reshare: boolean; thank: boolean; follow: boolean } {
  const mine = share.sharer.isViewer || share.original.sharer.isViewer;
  const author = share.author.person;
  return {
    reshare: !mine,
    thank: !share.sharer.isViewer,
    follow: author !== null && !author.isViewer,
  };
}

/**
 * The share through which the viewer meets this item: its latest reshare by
 * someone else (what brought it back to the top), else the original. A
 * reshare from the card continues that chain, and a follow from the card is
 * recorded as caused by it, so the ripple shows who passed it on.
 */
export function cameThrough(item: Item): { id: string; event: { id: string } } {
  return item.latestReshares.find((r) => !r.sharer.isViewer) ?? item.share;
}

/** "Julien Moreau reshared", "Julien Moreau and Chris Adeyemi reshared", "You, Julien Moreau and 3 others reshared"; null for none. */
export function resharersLabel(item: Item): string | null {
  const names = item.latestReshares.map((r) => (r.sharer.isViewer ? 'You' : r.sharer.name));
  if (names.length === 0) return null;
  return `${namesInAList(names, item.resharerCount)
    .map(({ person, after }) => person + after)
    .join('')} reshared`;
}

/** The counts worth showing: none of them zero. */
export function statsOf(share: Pick<FeedShareFragment, 'reshareCount' | 'thanksCount'>): string[] {
  return [
    ...(share.reshareCount > 0 ? [plural(share.reshareCount, 'reshare')] : []),
    ...(share.thanksCount > 0 ? [plural(share.thanksCount, 'thank-you', 'thank-yous')] : []),
  ];
}

/** What "ripple of N" means, for its hover text and screen readers. */
export function rippleHint(size: number): string {
  return size === 1
    ? 'Its ripple so far is the share itself: reshares, and follows and connections made through it, will join it.'
    : `${size.toLocaleString('en')} events so far: this share and everything it led to — reshares, and the follows and connections made through them.`;
}
