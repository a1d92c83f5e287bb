import { describe, expect, it } from 'vitest';
import { movedIndex, pickable, resultsAnnouncement } from './picker';

describe('movedIndex', () => {
  it('moves down and wraps to the top', () => {
    expect(movedIndex('ArrowDown', -1, 3)).toBe(0);
    expect(movedIndex('ArrowDown', 0, 3)).toBe(1);
    expect(movedIndex('ArrowDown', 2, 3)).toBe(0);
  });

  it('moves up and wraps to the bottom', () => {
    expect(movedIndex('ArrowUp', -1, 3)).toBe(2);
    expect(movedIndex('ArrowUp', 0, 3)).toBe(2);
    expect(movedIndex('ArrowUp', 2, 3)).toBe(1);
  });

  it('jumps with Home and End, and ignores other keys and empty lists', () => {
    expect(movedIndex('Home', 2, 3)).toBe(0);
    expect(movedIndex('End', 0, 3)).toBe(2);
    expect(movedIndex('a', 0, 3)).toBeUndefined();
    expect(movedIndex('ArrowDown', -1, 0)).toBeUndefined();
  });
});

describe('pickable', () => {
  const people = [
    { id: '1', isViewer: true },
    { id: '2', isViewer: false },
    { id: '3', isViewer: false },
  ];

  it('leaves out the viewer and the people already chosen', () => {
    expect(pickable(people, { excludeIds: ['3'] }).map((p) => p.id)).toEqual(['2']);
    expect(pickable(people, { allowViewer: true }).map((p) => p.id)).toEqual(['1', '2', '3']);
  });
});

describe('resultsAnnouncement', () => {
  it('says how many match, or that none do', () => {
    expect(resultsAnnouncement('', 3, false)).toBe('');
    expect(resultsAnnouncement('ju', 0, true)).toBe('Searching…');
    expect(resultsAnnouncement(' zz ', 0, false)).toBe('No members match “zz”.');
    expect(resultsAnnouncement('ju', 1, false)).toMatch(/^1 member matches\./);
  });
});
