import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  cursorId,
  decodeCursor,
  encodeCursor,
  fromGlobalId,
  localIdOf,
  MAX_PAGE_SIZE,
  pageRequest,
  toGlobalId,
  toGlobalIds,
  type NodeTypeName,
} from './relay.js';

// The key is the run's (test/support/id-secret.ts).
const TYPES: NodeTypeName[] = ['Person', 'Event', 'Share', 'Introduction', 'Notification', 'IntroductionMessage'];

describe('relay helpers', () => {
  it('round-trips cursors and global ids', () => {
    fc.assert(
      fc.property(fc.string(), fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }), fc.constantFrom(...TYPES), (name, id, type) => {
        expect(decodeCursor(encodeCursor([name, String(id)]))).toEqual([name, String(id)]);
        expect(decodeCursor(encodeCursor([String(id)]))).toEqual([String(id)]);
        expect(fromGlobalId(toGlobalId(type, String(id)))).toEqual({ type, id: String(id) });
        expect(localIdOf(toGlobalId(type, String(id)), type)).toBe(String(id));
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

describe('ids that reveal nothing', () => {
  it('are 22 url-safe characters whatever the type and size of the id', () => {
    for (const id of ['0', '1', '2', '1000', '9223372036854775807']) {
      for (const type of TYPES) expect(toGlobalId(type, id)).toMatch(/^[A-Za-z0-9_-]{22}$/);
    }
  });

  it('are the same for the same object, different for another type of the same number, and not readable as text', () => {
    expect(toGlobalId('Event', '42')).toBe(toGlobalId('Event', '42'));
    expect(new Set(TYPES.map((type) => toGlobalId(type, '42'))).size).toBe(TYPES.length);
    expect(localIdOf(toGlobalId('Event', '42'), 'Share')).toBeNull();
    expect(Buffer.from(toGlobalId('Event', '42'), 'base64url').toString('latin1')).not.toMatch(/Event|42/);
    // A cursor over an event never equals that event's id.
    expect(encodeCursor(['42'])).not.toBe(toGlobalId('Event', '42'));
  });

  it('show no arithmetic relation between consecutive ids: neighbours differ in about half their bits', () => {
    const bitsApart = (a: string, b: string) => {
      const [x, y] = [Buffer.from(a, 'base64url'), Buffer.from(b, 'base64url')];
      return x.reduce((sum, byte, i) => sum + popcount(byte ^ y[i]!), 0);
    };
    const distances = Array.from({ length: 200 }, (_, n) => bitsApart(toGlobalId('Event', String(n + 1)), toGlobalId('Event', String(n + 2))));
    const mean = distances.reduce((a, b) => a + b, 0) / distances.length;
    // A counter XOR-ed with a fixed mask would differ in ~2 bits; a cipher in ~64 of 128.
    expect(mean).toBeGreaterThan(54);
    expect(mean).toBeLessThan(74);
    expect(Math.min(...distances)).toBeGreaterThan(20);
  });

  it('encodes a list in one call exactly as one by one', () => {
    const ids = ['0', '1', '7', '123456789012345', '1234567890123456', '9223372036854775807'];
    expect(toGlobalIds('Event', ids)).toEqual(ids.map((id) => toGlobalId('Event', id)));
    expect(toGlobalIds('Event', [])).toEqual([]);
  });

  it('refuses a forged, altered, truncated or non-canonical id', () => {
    const id = toGlobalId('Person', '5');
    const flipped = (position: number) => {
      const bytes = Buffer.from(id, 'base64url');
      bytes[position]! ^= 1;
      return bytes.toString('base64url');
    };
    for (let position = 0; position < 16; position++) expect(fromGlobalId(flipped(position))).toBeNull();
    expect(fromGlobalId(id.slice(0, 21))).toBeNull();
    expect(fromGlobalId(`${id}A`)).toBeNull();
    // Same 16 bytes, another spelling of the last character's spare bits.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sibling = id.slice(0, 21) + alphabet[alphabet.indexOf(id[21]!) ^ 1];
    expect(Buffer.from(sibling, 'base64url')).toEqual(Buffer.from(id, 'base64url'));
    expect(fromGlobalId(sibling)).toBeNull();
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(fromGlobalId(text)).toBeNull();
      }),
    );
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes) => {
        expect(fromGlobalId(Buffer.from(bytes).toString('base64url'))).toBeNull();
      }),
    );
  });

  it('refuses a cursor that was not made here, whatever it holds', () => {
    const made = encodeCursor(['ann', '12']);
    const bytes = Buffer.from(made, 'base64url');
    bytes[bytes.length - 1]! ^= 1;
    expect(() => decodeCursor(bytes.toString('base64url'))).toThrow(/cursor/);
    for (const plain of ['["x"]', '["9999999999999999999"]', `${'['.repeat(5000)}${']'.repeat(5000)}`, '[1]', 'x'.repeat(5000)]) {
      expect(() => decodeCursor(Buffer.from(plain).toString('base64url'))).toThrow(/cursor/);
    }
    expect(() => decodeCursor(toGlobalId('Event', '1'))).toThrow(/cursor/);
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(() => decodeCursor(text)).toThrow(/cursor/);
      }),
    );
  });

  it('pads cursors so their length says little about what they hold', () => {
    expect(encodeCursor(['1']).length).toBe(encodeCursor(['9223372036854775807']).length);
    expect(encodeCursor(['a', '1']).length).toBe(encodeCursor(['abcdefghij', '922337203685477']).length);
  });
});

describe('ids PostgreSQL would refuse', () => {
  it('treats ids past the bigint range as no id at all', () => {
    expect(fromGlobalId(toGlobalId('Person', '9223372036854775807'))).toEqual({ type: 'Person', id: '9223372036854775807' });
    expect(fromGlobalId(toGlobalId('Person', '9223372036854775808'))).toBeNull();
    expect(fromGlobalId(toGlobalId('Person', '18446744073709551615'))).toBeNull();
  });

  it('will not encode what is not a local id (a bug, not an input)', () => {
    for (const bad of ['', '-1', '1.5', 'x', '18446744073709551616', '99999999999999999999']) {
      expect(() => toGlobalId('Person', bad)).toThrow(/Not a local id/);
    }
  });

  it('rejects cursors holding an out-of-range id or a NUL character', () => {
    expect(() => cursorId(pageRequest({ after: encodeCursor(['9223372036854775808']) }))).toThrow(/cursor/);
    expect(() => pageRequest({ after: encodeCursor(['a\u0000b', '1']) })).toThrow(/cursor/);
    expect(cursorId(pageRequest({ after: encodeCursor(['42']) }))).toBe('42');
    expect(cursorId(pageRequest({}))).toBeNull();
  });
});

function popcount(byte: number): number {
  let count = 0;
  for (let b = byte; b; b >>= 1) count += b & 1;
  return count;
}
