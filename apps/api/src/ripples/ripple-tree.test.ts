import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EventKind, EventVisibility } from '../events/event.entity.js';
import { firstIndexAfter, participantsOf, subtreeOf, type RippleEventRow } from './ripple-tree.js';

function row(id: number, causeId: number | null, extra: Partial<RippleEventRow> = {}): RippleEventRow {
  return {
    id: String(id),
    kind: EventKind.FOLLOWED,
    actorId: String(1000 + id),
    subjectPersonId: '1',
    subjectPerson2Id: null,
    subjectShareId: null,
    subjectIntroductionId: null,
    causeId: causeId === null ? null : String(causeId),
    rootId: '10',
    depth: 0,
    visibility: EventVisibility.PUBLIC,
    audience: [],
    createdAt: new Date(0),
    ...extra,
  };
}

/** One whole tree: 10 ─┬─ 11 ─┬─ 13 ── 16
 *                      │      └─ 14
 *                      └─ 12 ── 15                */
const TREE = [row(10, null), row(11, 10), row(12, 10), row(13, 11), row(14, 11), row(15, 12), row(16, 13)];

describe('subtreeOf', () => {
  it('the root’s subtree is the whole tree, with levels and parent indices', () => {
    const nodes = subtreeOf(TREE, '10');
    expect(nodes.map((n) => [n.id, n.parent, n.level])).toEqual([
      ['10', -1, 0],
      ['11', 0, 1],
      ['12', 0, 1],
      ['13', 1, 2],
      ['14', 1, 2],
      ['15', 2, 2],
      ['16', 3, 3],
    ]);
  });

  it('a branch’s subtree leaves out its siblings and everything before it', () => {
    expect(subtreeOf(TREE, '11').map((n) => [n.id, n.parent, n.level])).toEqual([
      ['11', -1, 0],
      ['13', 0, 1],
      ['14', 0, 1],
      ['16', 1, 2],
    ]);
    expect(subtreeOf(TREE, '16').map((n) => n.id)).toEqual(['16']);
  });

  it('an event missing from the rows (not visible) cuts off everything under it', () => {
    const withoutThirteen = TREE.filter((r) => r.id !== '13');
    expect(subtreeOf(withoutThirteen, '10').map((n) => n.id)).toEqual(['10', '11', '12', '14', '15']);
  });

  it('is empty when the start is not among the rows', () => {
    expect(subtreeOf(TREE, '99')).toEqual([]);
  });

  it('agrees with a recursive walk on random trees', () => {
    const randomTree = fc
      .integer({ min: 1, max: 80 })
      .chain((n) => fc.tuple(fc.constant(n), fc.array(fc.nat(), { minLength: n, maxLength: n }), fc.nat()));
    fc.assert(
      fc.property(randomTree, ([n, picks, startPick]) => {
        const rows = Array.from({ length: n }, (_, i) => row(10 + i, i === 0 ? null : 10 + (picks[i]! % i)));
        const start = String(10 + (startPick % n));
        const expected: string[] = [];
        const visit = (id: string) => {
          expected.push(id);
          for (const r of rows) if (r.causeId === id) visit(r.id);
        };
        visit(start);
        expect(subtreeOf(rows, start).map((node) => node.id)).toEqual(expected.sort((a, b) => Number(a) - Number(b)));
      }),
    );
  });
});

describe('participantsOf', () => {
  it('lists each person once, in order of first appearance, with how many events involve them', () => {
    const people = participantsOf([
      { actorId: '5', subjectPersonId: '7', subjectPerson2Id: null },
      { actorId: '6', subjectPersonId: '7', subjectPerson2Id: null },
      { actorId: '7', subjectPersonId: '8', subjectPerson2Id: '9' },
      { actorId: '5', subjectPersonId: '5', subjectPerson2Id: null }, // acting on oneself counts once
    ]);
    expect(people).toEqual([
      { personId: '5', eventCount: 2 },
      { personId: '7', eventCount: 3 },
      { personId: '6', eventCount: 1 },
      { personId: '8', eventCount: 1 },
      { personId: '9', eventCount: 1 },
    ]);
  });
});

describe('firstIndexAfter', () => {
  it('finds where a page after an id starts, whether or not that id is in the list', () => {
    const nodes = ['3', '9', '10', '200'].map((id) => ({ id }));
    expect(firstIndexAfter(nodes, '0')).toBe(0);
    expect(firstIndexAfter(nodes, '9')).toBe(2);
    expect(firstIndexAfter(nodes, '11')).toBe(3);
    expect(firstIndexAfter(nodes, '200')).toBe(4);
  });
});
