import { describe, expect, it } from 'vitest';
import type { RippleRootFragment } from '@ripple/schema';
import { describeEvent, describeRoot, linksFor, summarize, type EventForLinks } from './describe';
import type { RippleFigures } from './figures';

const person = (name: string) => ({ id: name.toLowerCase(), handle: name.toLowerCase(), name });
const root = (over: Partial<RippleRootFragment>): RippleRootFragment => ({
  id: 'e1',
  kind: 'SHARED',
  createdAt: '2026-01-01T09:00:00.000Z',
  actor: person('Sarah'),
  subject: person('Maya'),
  share: { id: 's1', title: 'Awkward Moments Experiment' },
  introduction: null,
  ...over,
});

describe('describing a ripple', () => {
  it('heads it with what started it', () => {
    expect(describeRoot(root({}))).toBe('Sarah shared Maya’s “Awkward Moments Experiment”');
    expect(describeRoot(root({ subject: null }))).toBe('Sarah shared “Awkward Moments Experiment”');
    expect(describeRoot(root({ kind: 'RESHARED', actor: person('Julien') }))).toBe('Julien reshared “Awkward Moments Experiment”');
    expect(
      describeRoot(
        root({ kind: 'INTRODUCED', actor: person('Amara'), subject: person('Kwame'), share: null, introduction: { id: 'i', people: [person('Kwame'), person('Ines')] } }),
      ),
    ).toBe('Amara introduced Kwame and Ines');
    // Not one of the three: the introduction itself is private.
    expect(describeRoot(root({ kind: 'INTRODUCED', actor: person('Amara'), subject: person('Kwame'), share: null }))).toBe(
      'Amara introduced Kwame to someone',
    );
    expect(describeRoot(root({ kind: 'FOLLOWED', actor: person('Sarah'), share: null }))).toBe('Sarah followed Maya');
  });

  it('says each event in a sentence', () => {
    expect(describeEvent('FOLLOWED', 'Ada', 'Maya', null, 'Chris')).toBe('Ada followed Maya, from Chris’s card');
    expect(describeEvent('FOLLOWED', 'Ada', 'Maya', null, 'Ada')).toBe('Ada followed Maya');
    expect(describeEvent('FOLLOWED', 'Ada', 'Maya', null, 'Maya')).toBe('Ada followed Maya');
    expect(describeEvent('RESHARED', 'Chris', 'Julien', null)).toBe('Chris reshared Julien’s share');
    expect(describeEvent('RESHARED', 'Julien', 'Chris', null)).toBe('Julien reshared Chris’s share');
    expect(describeEvent('MENTIONED', 'Sarah', 'Julien', null)).toBe('Sarah mentioned Julien in a share');
    expect(describeEvent('INTRODUCED', 'Amara', 'Kwame', 'Ines')).toBe('Amara introduced Kwame and Ines');
    expect(describeEvent('CONNECTED', 'Kwame', 'Ines', null)).toBe('Kwame and Ines connected');
    expect(describeEvent('MET', 'Kwame', 'Ines', null)).toBe('Kwame met Ines');
    expect(describeEvent('THANKED', 'Maya', 'Sarah', null)).toBe('Maya thanked Sarah');
  });

  it('summarises the picture as its text alternative', () => {
    const figures: RippleFigures = {
      size: 60,
      depth: 3,
      widestLevel: 35,
      peopleReached: 59,
      newConnections: 0,
      newFollows: 55,
      structuralVirality: 2.73,
      timeToFirstRipple: 0,
      timeSpan: 19_800,
    };
    expect(summarize('Sarah shared “X”', figures, 60, 60)).toBe(
      'Sarah shared “X”. Its ripple: 60 events reaching 59 people, 3 hops deep, with 55 new follows and 0 new connections.',
    );
    expect(summarize('Sarah shared “X”', { ...figures, size: 1 }, 1, 1)).toBe('Sarah shared “X”. Nothing has come of it yet.');
    expect(summarize('S', figures, 25, 60)).toMatch(/Replay: showing 25 of 60 events\.$/);
  });
});

describe('where an event leads', () => {
  const event = (over: Partial<EventForLinks>): EventForLinks => ({
    id: 'e2',
    kind: 'RESHARED',
    causeId: 'e1',
    shareId: 's2',
    introductionId: null,
    involvesViewer: false,
    person: { handle: 'julien', name: 'Julien' },
    ...over,
  });

  it('a share: its own ripple (no share page yet) and the sharer’s card', () => {
    expect(linksFor(event({}), 'e1')).toEqual([
      { href: '/ripples/e2', text: 'Open the ripple of this share' },
      { href: '/people/julien', text: 'See Julien’s card' },
    ]);
    // Already looking at that ripple: no link to itself.
    expect(linksFor(event({}), 'e2')).toEqual([{ href: '/people/julien', text: 'See Julien’s card' }]);
  });

  it('a thanks or a mention: the ripple of the share it is about', () => {
    expect(linksFor(event({ id: 'e5', kind: 'THANKED', person: null }), 'e0')[0]).toEqual({ href: '/ripples/e1', text: 'Open the ripple of the share' });
  });

  it('an introduction: the inbox only for its own people', () => {
    const intro = event({ kind: 'CONNECTED', shareId: null, introductionId: 'i1', person: null });
    expect(linksFor(intro, 'e0').map((l) => l.href)).toEqual(['/ripples/e2']);
    expect(linksFor({ ...intro, involvesViewer: true }, 'e0').map((l) => l.href)).toEqual(['/introductions', '/ripples/e2']);
  });
});
