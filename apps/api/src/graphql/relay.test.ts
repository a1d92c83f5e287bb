import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeCursor, encodeCursor, fromGlobalId, MAX_PAGE_SIZE, pageRequest, toGlobalId } from './relay.js';

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
