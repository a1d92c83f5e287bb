import { describe, expect, it } from 'vitest';
import type { FeedShareFragment } from '@ripple/schema';
import {
  appendPage,
  cardActions,
  newSharesLabel,
  newestEventId,
  queueIncoming,
  reveal,
  withAuthor,
  withOriginalCounts,
} from './feed-list';

const maya = { id: 'p-maya', handle: 'maya', name: 'Maya', isViewer: false, viewerFollows: false, followerCount: 10 };

function share(id: string, overrides: Partial<FeedShareFragment> = {}): FeedShareFragment {
  return {
    id,
    title: `Share ${id}`,
    url: 'https://example.org',
    note: '',
    isReshare: false,
    createdAt: '2025-01-01T00:00:00Z',
    reshareCount: 0,
    rippleSize: 1,
    thanksCount: 0,
    viewerThanked: false,
    author: { name: 'Maya', handle: null, url: null, person: maya },
    sharer: { id: 'p-sarah', handle: 'sarah', name: 'Sarah', avatarUrl: null, isViewer: false },
    mentions: [],
    resharedFrom: null,
    original: { id, sharer: { id: 'p-sarah', isViewer: false } },
    event: { id: `e-${id}` },
    ...overrides,
  } as FeedShareFragment;
}

describe('the feed list', () => {
  it('appends a page without repeating shares', () => {
    const list = appendPage([share('3'), share('2')], [share('2'), share('1')]);
    expect(list.map((s) => s.id)).toEqual(['3', '2', '1']);
  });

  it('queues live shares newest first, once each, and reveals them on top', () => {
    const shown = [share('2'), share('1')];
    let queue = queueIncoming(shown, [], share('3'));
    queue = queueIncoming(shown, queue, share('4'));
    queue = queueIncoming(shown, queue, share('4')); // replayed after a reconnect
    queue = queueIncoming(shown, queue, share('2')); // already on the page
    expect(queue.map((s) => s.id)).toEqual(['4', '3']);
    expect(newSharesLabel(queue.length)).toBe('2 new shares');
    expect(newSharesLabel(1)).toBe('1 new share');
    expect(reveal(shown, queue).map((s) => s.id)).toEqual(['4', '3', '2', '1']);
  });

  it('resumes after the newest share’s event', () => {
    expect(newestEventId([share('9'), share('8')])).toBe('e-9');
    expect(newestEventId([])).toBeNull();
  });

  it('updates every card of an author after a follow', () => {
    const other = share('2', { author: { name: 'Ana', handle: '@ana@x', url: null, person: null } });
    const list = withAuthor([share('1'), other, share('3')], { ...maya, viewerFollows: true, followerCount: 11 });
    expect(list.map((s) => s.author.person?.followerCount ?? null)).toEqual([11, null, 11]);
    expect(list[0]!.author.person!.viewerFollows).toBe(true);
  });

  it('gives every card of an original the counts a reshare answers with', () => {
    const reshare = share('5', { isReshare: true, original: { id: '1', sharer: { id: 'p-sarah', isViewer: false } }, reshareCount: 3, rippleSize: 9 });
    const list = withOriginalCounts([share('1'), share('2')], reshare);
    expect(list.map((s) => [s.reshareCount, s.rippleSize])).toEqual([
      [3, 9],
      [0, 1],
    ]);
  });

  it('offers only what the API allows', () => {
    expect(cardActions(share('1'))).toEqual({ reshare: true, thank: true, follow: true });
    const mine = share('1', { sharer: { id: 'me', handle: 'me', name: 'Me', avatarUrl: null, isViewer: true } });
    expect(cardActions(mine)).toEqual({ reshare: false, thank: false, follow: true });
    const reshareOfMine = share('2', { original: { id: '1', sharer: { id: 'me', isViewer: true } } });
    expect(cardActions(reshareOfMine).reshare).toBe(false);
    const outside = share('3', { author: { name: 'Ana', handle: null, url: null, person: null } });
    expect(cardActions(outside).follow).toBe(false);
  });
});
