import { describe, expect, it } from 'vitest';
import type { FeedItemCardFragment, FeedReshareFragment, FeedShareFragment } from '@ripple/schema';
import {
  appendPage,
  cameThrough,
  cardActions,
  newSharesLabel,
  newestEventId,
  putOnTop,
  queueIncoming,
  resharersLabel,
  rippleHint,
  statsOf,
  stillQueued,
  withAuthor,
  withReshare,
  withThanks,
} from './feed-list';

const maya = { id: 'p-maya', handle: 'maya', name: 'Maya', isViewer: false, viewerFollows: false, followerCount: 10 };
const person = (id: string, name: string, isViewer = false) => ({ id, handle: id, name, avatarUrl: null, isViewer });

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
    viewerReshared: false,
    author: { name: 'Maya', handle: null, url: null, person: maya },
    sharer: person('p-sarah', 'Sarah'),
    mentions: [],
    resharedFrom: null,
    original: { id, sharer: { id: 'p-sarah', isViewer: false } },
    event: { id: `${id}00` },
    ...overrides,
  } as FeedShareFragment;
}

const reshareBy = (id: string, who: ReturnType<typeof person>): FeedReshareFragment => ({
  id,
  note: '',
  createdAt: '2025-01-02T00:00:00Z',
  sharer: who,
  event: { id: `${id}00` },
});

function item(id: string, reshares: FeedReshareFragment[] = [], overrides: Partial<FeedShareFragment> = {}): FeedItemCardFragment {
  return { activeAt: '2025-01-01T00:00:00Z', resharerCount: reshares.length, share: share(id, overrides), latestReshares: reshares };
}

describe('the feed list', () => {
  it('appends a page without repeating an item', () => {
    const list = appendPage([item('3'), item('2')], [item('2'), item('1')]);
    expect(list.map((i) => i.share.id)).toEqual(['3', '2', '1']);
  });

  it('queues live shares newest first, once each, skipping what the page shows; a fresh first page goes on top', () => {
    const shown = [item('2', [reshareBy('7', person('p-ben', 'Ben'))]), item('1')];
    let queue = queueIncoming(shown, [], '3');
    queue = queueIncoming(shown, queue, '4');
    queue = queueIncoming(shown, queue, '4'); // replayed after a reconnect
    queue = queueIncoming(shown, queue, '2'); // already on the page
    queue = queueIncoming(shown, queue, '7'); // a reshare the page already shows
    expect(queue).toEqual(['4', '3']);
    expect(newSharesLabel(queue.length)).toBe('2 new shares');
    expect(newSharesLabel(1)).toBe('1 new share');
    // A reshare of item 1 brought it back up: it leaves its old place.
    const revealed = putOnTop(shown, [item('4'), item('1'), item('3')]);
    expect(revealed.map((i) => i.share.id)).toEqual(['4', '1', '3', '2']);
    // A share that arrived while the page was being read stays queued.
    expect(stillQueued(revealed, ['9', ...queue])).toEqual(['9']);
  });

  it('resumes after the newest share event on the page: the top item’s latest reshare, or its share', () => {
    expect(newestEventId([item('8', [reshareBy('10', person('p-ben', 'Ben'))]), item('9')])).toBe('1000');
    expect(newestEventId([item('9'), item('8')])).toBe('900');
    expect(newestEventId([])).toBeNull();
  });

  it('updates every item of an author after a follow, and an item after thanks', () => {
    const other = item('2', [], { author: { name: 'Ana', handle: '@ana@x', url: null, person: null } });
    const list = withAuthor([item('1'), other, item('3')], { ...maya, viewerFollows: true, followerCount: 11 });
    expect(list.map((i) => i.share.author.person?.followerCount ?? null)).toEqual([11, null, 11]);
    expect(list[0]!.share.author.person!.viewerFollows).toBe(true);
    const thanked = withThanks(list, { id: '3', thanksCount: 1, viewerThanked: true });
    expect(thanked.map((i) => i.share.thanksCount)).toEqual([0, 0, 1]);
  });

  it("puts the viewer's reshare first on its item, counts them once, and brings the item to the top", () => {
    const ben = person('p-ben', 'Ben');
    const me = person('p-me', 'Me', true);
    const list = [item('2'), item('1', [reshareBy('5', ben)])];
    const answer = share('6', { isReshare: true, sharer: me, original: { id: '1', sharer: { id: 'p-sarah', isViewer: false } }, reshareCount: 2, rippleSize: 9 });
    const after = withReshare(list, answer);
    expect(after.map((i) => i.share.id)).toEqual(['1', '2']);
    expect(after[0]!.latestReshares.map((r) => r.sharer.name)).toEqual(['Me', 'Ben']);
    expect(after[0]!.resharerCount).toBe(2);
    expect(after[0]!.share).toMatchObject({ reshareCount: 2, rippleSize: 9, viewerReshared: true });
    expect(withReshare(after, { ...answer, id: '8' })[0]!.resharerCount).toBe(2);
  });

  it('names who shared and who reshared, in plain words', () => {
    const [ben, cleo, dev] = [person('p-ben', 'Ben Moreau'), person('p-cleo', 'Cleo Adeyemi'), person('p-dev', 'Dev Rao')];
    expect(resharersLabel(item('1'))).toBeNull();
    expect(resharersLabel(item('1', [reshareBy('2', ben)]))).toBe('Ben Moreau reshared');
    expect(resharersLabel(item('1', [reshareBy('2', ben), reshareBy('3', cleo)]))).toBe('Ben Moreau and Cleo Adeyemi reshared');
    const many = { ...item('1', [reshareBy('2', person('p-me', 'Me', true)), reshareBy('3', cleo), reshareBy('4', dev)]), resharerCount: 7 };
    expect(resharersLabel(many)).toBe('You, Cleo Adeyemi, Dev Rao and 4 others reshared');
  });

  it('shows counts only when they say something, and explains the ripple', () => {
    expect(statsOf({ reshareCount: 0, thanksCount: 0 })).toEqual([]);
    expect(statsOf({ reshareCount: 1, thanksCount: 3 })).toEqual(['1 reshare', '3 thank-yous']);
    expect(rippleHint(60)).toMatch(/^60 events so far: this share and everything it led to/);
    expect(rippleHint(1)).toMatch(/the share itself/);
  });

  it('meets an item through its latest reshare by someone else', () => {
    const me = person('p-me', 'Me', true);
    const ben = person('p-ben', 'Ben');
    expect(cameThrough(item('1')).id).toBe('1');
    expect(cameThrough(item('1', [reshareBy('3', me), reshareBy('2', ben)])).id).toBe('2');
  });

  it('offers only what the API allows', () => {
    expect(cardActions(share('1'))).toEqual({ reshare: true, thank: true, follow: true });
    const mine = share('1', { sharer: person('me', 'Me', true) });
    expect(cardActions(mine)).toEqual({ reshare: false, thank: false, follow: true });
    const reshareOfMine = share('2', { original: { id: '1', sharer: { id: 'me', isViewer: true } } });
    expect(cardActions(reshareOfMine).reshare).toBe(false);
    const outside = share('3', { author: { name: 'Ana', handle: null, url: null, person: null } });
    expect(cardActions(outside).follow).toBe(false);
  });
});
