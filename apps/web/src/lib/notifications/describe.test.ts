import { describe, expect, it } from 'vitest';
import type { NotificationItemFragment } from '@ripple/schema';
import { describeNotification, mergeNotifications, splitByRead } from './describe';

const person = (id: string, name: string) => ({ id, handle: id, name });

function notification(overrides: Partial<NotificationItemFragment>): NotificationItemFragment {
  return { id: 'n1', kind: 'SHARE_CREDITED', read: false, createdAt: '2025-01-01T10:00:00Z', event: null, introduction: null, ...overrides };
}

describe('describeNotification', () => {
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
    expect(describeNotification(n)).toEqual({ text: 'Amara would like you to meet Chris.', href: '/introductions#asked' });
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
    expect(describeNotification(notification({ kind: 'INTRODUCTION_CONNECTED', introduction: asA }))).toEqual({
      text: 'You and Priya are connected, introduced by Amara.',
      href: '/introductions#connected',
    });
  });

  it('links shares and grown ripples to their ripple', () => {
    const share = { id: 's1', title: 'Awkward Moments', event: { id: 'e-shared' } };
    const mention = notification({
      kind: 'SHARE_MENTIONED',
      event: { id: 'e-mention', kind: 'MENTIONED', actor: person('sarah', 'Sarah'), subject: person('me', 'Me'), share },
    });
    expect(describeNotification(mention)).toEqual({ text: 'Sarah mentioned you in “Awkward Moments”.', href: '/ripples/e-shared' });
    const grew = notification({
      kind: 'RIPPLE_GREW',
      event: { id: 'e-follow', kind: 'FOLLOWED', actor: person('ada', 'Ada'), subject: person('maya', 'Maya'), share: null },
    });
    expect(describeNotification(grew)).toEqual({ text: 'A ripple you started grew: Ada followed Maya.', href: '/ripples/e-follow' });
  });

  it('copes with what you may no longer see', () => {
    expect(describeNotification(notification({ kind: 'SHARE_CREDITED' }))).toEqual({ text: 'Someone shared your work.', href: null });
  });
});

describe('lists', () => {
  it('merges live and loaded notifications once each, newest first, unread apart', () => {
    const a = notification({ id: 'a', createdAt: '2025-01-01T10:00:00Z', read: true });
    const b = notification({ id: 'b', createdAt: '2025-01-02T10:00:00Z' });
    const c = notification({ id: 'c', createdAt: '2025-01-03T10:00:00Z' });
    const merged = mergeNotifications([c], [b, a], [c]);
    expect(merged.map((n) => n.id)).toEqual(['c', 'b', 'a']);
    const { unread, read } = splitByRead(merged);
    expect(unread.map((n) => n.id)).toEqual(['c', 'b']);
    expect(read.map((n) => n.id)).toEqual(['a']);
  });
});
