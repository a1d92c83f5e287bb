import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cursorId, decodeCursor, encodeCursor, fromGlobalId, MAX_PAGE_SIZE, pageRequest, toGlobalId } from './relay.js';

describe('relay helpers', () => {
  it('round-trips cursors and global ids', () => {
    fc.assert(
      fc.property(fc.string(), fc.bigInt({ min: 1n, max: 2n ** 62n }), (name, id) => {
        expect(decodeCursor(encodeCursor([name, String(id)]))).toEqual([name, String(id)]);
        expect(fromGlobalId(toGlobalId('Person', String(id)))).toEqual({ type: 'Person', id: String(id) });
      }),
    );
  });

  it('clamps `first` and rejects negatives', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (first) => {
        expect(pageRequest({ first }).first).toBe(Math.min(first, MAX_PAGE_SIZE));
      }),
    );
    expect(() => pageRequest({ first: -1 })).toThrow(/zero or more/);
  });

  it('treats anything else as an invalid cursor or id', () => {
    expect(() => decodeCursor('%%%')).toThrow(/cursor/);
    expect(fromGlobalId('garbage')).toBeNull();
    expect(fromGlobalId(Buffer.from('Person:1; drop table').toString('base64url'))).toBeNull();
  });
});

describe('ids PostgreSQL would refuse', () => {
  it('treats ids past the bigint range as no id at all', () => {
    expect(fromGlobalId(toGlobalId('Person', '9223372036854775807'))).toEqual({ type: 'Person', id: '9223372036854775807' });
    expect(fromGlobalId(toGlobalId('Person', '9223372036854775808'))).toBeNull();
    expect(fromGlobalId(toGlobalId('Person', '99999999999999999999'))).toBeNull();
  });

  it('rejects cursors holding an out-of-range id or a NUL character', () => {
    expect(() => cursorId(pageRequest({ after: encodeCursor(['9223372036854775808']) }))).toThrow(/cursor/);
    expect(() => pageRequest({ after: encodeCursor(['a\u0000b', '1']) })).toThrow(/cursor/);
    expect(cursorId(pageRequest({ after: encodeCursor(['42']) }))).toBe('42');
    expect(cursorId(pageRequest({}))).toBeNull();
  });
});
