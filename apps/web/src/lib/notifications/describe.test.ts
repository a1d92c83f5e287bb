import { describe, expect, it } from 'vitest';
import type { NotificationItemFragment } from '@ripple/schema';
import { describeNotification, mergeNotifications, splitByRead, whoDidIt } from './describe';

const person = (id: string, name: string) => ({ id, handle: id, name });
const actor = (id: string, name: string) => ({ ...person(id, name), avatarUrl: null });

function notification(overrides: Partial<NotificationItemFragment>): NotificationItemFragment {
  return {
    id: 'n1',
    group: 'g1',
    revision: 0,
    kind: 'SHARE_CREDITED',
    read: false,
    createdAt: '2025-01-01T10:00:00Z',
    actorCount: 0,
    actors: [],
    share: null,
    ripple: null,
    event: null,
    introduction: null,
    ...overrides,
  };
}

const myShare = { id: 's1', title: 'Awkward Moments Experiment', note: '', sharer: person('me', 'Me'), event: { id: 'e-shared' } };

describe('whoDidIt', () => {
  it('names one or two, then counts the others', () => {
    expect(whoDidIt([actor('a', 'Ada')], 1)).toBe('Ada');
    expect(whoDidIt([actor('a', 'Ada'), actor('b', 'Ben')], 2)).toBe('Ada and Ben');
    expect(whoDidIt([actor('j', 'Julien Moreau'), actor('b', 'Ben')], 25)).toBe('Julien Moreau and 24 others');
    expect(whoDidIt([actor('j', 'Julien Moreau'), actor('b', 'Ben')], 2_001)).toBe('Julien Moreau and 2,000 others');
    expect(whoDidIt([], 0)).toBe('Someone');
  });
});

describe('describeNotification', () => {
  it('groups follows from a share, and links to the share’s page', () => {
    const n = notification({ kind: 'FOLLOWED', actorCount: 25, actors: [actor('j', 'Julien Moreau'), actor('c', 'Chris')], share: myShare });
    expect(describeNotification(n, 'me')).toMatchObject({
      label: 'New follower',
      text: 'Julien Moreau and 24 others followed you from your share of “Awkward Moments Experiment”.',
      href: '/shares/s1',
    });
    const fromSarah = { ...myShare, sharer: person('sarah', 'Sarah') };
    expect(describeNotification({ ...n, share: fromSarah }, 'me').text).toBe(
      'Julien Moreau and 24 others followed you from Sarah’s share of “Awkward Moments Experiment”.',
    );
    const plain = notification({ kind: 'FOLLOWED', actorCount: 1, actors: [actor('ada', 'Ada')] });
    expect(describeNotification(plain, 'me')).toMatchObject({ text: 'Ada followed you.', href: '/people/ada' });
  });

  it('quotes the latest resharer’s note', () => {
    const n = notification({
      kind: 'SHARE_RESHARED',
      actorCount: 2,
      actors: [actor('c', 'Chris'), actor('j', 'Julien')],
      share: myShare,
      event: { id: 'e-r', kind: 'RESHARED', actor: person('c', 'Chris'), subject: person('me', 'Me'), share: { id: 's9', title: 'Awkward Moments Experiment', note: ' Via Julien. ', event: { id: 'e-r' } } },
    });
    expect(describeNotification(n, 'me')).toEqual({
      label: 'Reshared',
      text: 'Chris and Julien reshared your share of “Awkward Moments Experiment”.',
      quote: 'Via Julien.',
      href: '/shares/s1',
    });
  });

  it('thanks, mentions and credit link to the share', () => {
    const thanks = notification({ kind: 'SHARE_THANKED', actorCount: 1, actors: [actor('a', 'Ada')], share: myShare });
    expect(describeNotification(thanks, 'me')).toMatchObject({ text: 'Ada thanked you for your share of “Awkward Moments Experiment”.', href: '/shares/s1' });
    const mention = notification({ kind: 'SHARE_MENTIONED', actorCount: 1, actors: [actor('sarah', 'Sarah')], share: { ...myShare, sharer: person('sarah', 'Sarah') } });
    expect(describeNotification(mention, 'me')).toMatchObject({ text: 'Sarah mentioned you in “Awkward Moments Experiment”.', href: '/shares/s1' });
  });

  it('tells you who asked you to meet whom', () => {
    const n = notification({
      kind: 'INTRODUCTION_ASKED',
      introduction: {
        id: 'i1',
        status: 'PENDING',
        viewerIsConnector: false,
        connector: person('amara', 'Amara'),
        otherPerson: person('chris', 'Chris'),
        people: [person('sarah', 'Sarah'), person('chris', 'Chris')],
      },
    });
    expect(describeNotification(n)).toMatchObject({ text: 'Amara would like you to meet Chris.', href: '/introductions#asked' });
  });

  it('says a connection happened, from each side', () => {
    const introduction = {
      id: 'i1',
      status: 'CONNECTED' as const,
      viewerIsConnector: true,
      connector: person('amara', 'Amara'),
      otherPerson: null,
      people: [person('leo', 'Leo'), person('priya', 'Priya')],
    };
    expect(describeNotification(notification({ kind: 'INTRODUCTION_CONNECTED', introduction })).text).toBe(
      'Leo and Priya accepted your introduction: they are connected.',
    );
    const asA = { ...introduction, viewerIsConnector: false, otherPerson: person('priya', 'Priya') };
    expect(describeNotification(notification({ kind: 'INTRODUCTION_CONNECTED', introduction: asA }))).toMatchObject({
      text: 'You and Priya are connected, introduced by Amara.',
      href: '/introductions#connected',
    });
  });

  it('links a grown ripple to the ripple you started', () => {
    const grew = notification({
      kind: 'RIPPLE_GREW',
      actorCount: 1,
      actors: [actor('ada', 'Ada')],
      ripple: { id: 'e-mine', kind: 'SHARED', share: { id: 's2', title: 'Same point' } },
      event: { id: 'e-follow', kind: 'FOLLOWED', actor: person('ada', 'Ada'), subject: person('maya', 'Maya'), share: null },
    });
    expect(describeNotification(grew)).toMatchObject({ text: 'The ripple of your share “Same point” grew: Ada followed Maya.', href: '/ripples/e-mine' });
    expect(describeNotification({ ...grew, ripple: null }).text).toBe('A ripple you started grew: Ada followed Maya.');
    expect(describeNotification({ ...grew, actorCount: 7 }).text).toBe('The ripple of your share “Same point” grew: Ada and 6 others followed or connected further down.');
  });

  it('copes with what you may no longer see', () => {
    expect(describeNotification(notification({ kind: 'SHARE_CREDITED' }))).toMatchObject({ text: 'Someone shared your work.', href: null });
  });
});

describe('lists', () => {
  it('merges live and loaded notifications once per group, the newest version winning, newest first, unread apart', () => {
    const a = notification({ id: 'a', group: 'ga', createdAt: '2025-01-01T10:00:00Z', read: true });
    const b = notification({ id: 'b', group: 'gb', createdAt: '2025-01-02T10:00:00Z' });
    const c = notification({ id: 'c', group: 'gc', createdAt: '2025-01-03T10:00:00Z' });
    const b2 = notification({ id: 'b2', group: 'gb', revision: 1, actorCount: 2, createdAt: '2025-01-04T10:00:00Z' });
    const merged = mergeNotifications([b2, c], [b, a], [c]);
    expect(merged.map((n) => n.id)).toEqual(['b2', 'c', 'a']);
    expect(mergeNotifications([b], [b2]).map((n) => n.id)).toEqual(['b2']);
    const { unread, read } = splitByRead(merged);
    expect(unread.map((n) => n.id)).toEqual(['b2', 'c']);
    expect(read.map((n) => n.id)).toEqual(['a']);
  });
});
