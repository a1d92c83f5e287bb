import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeCursor } from '../graphql/relay.js';
import { LIMITS } from '../graphql/operation-guards.js';
import { rippleListComplexity, ripplePageRequest } from './ripple-pages.js';
import { RIPPLE_PAGE } from './ripple.types.js';

describe('ripple pages', () => {
  it('clamp `first` to the ripple maximum and default to a full page', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (first) => {
        expect(ripplePageRequest({ first }).first).toBe(Math.min(first, RIPPLE_PAGE.max));
      }),
    );
    expect(ripplePageRequest({})).toEqual({ first: RIPPLE_PAGE.default, after: null });
    expect(ripplePageRequest({ first: 3, after: encodeCursor(['42']) })).toEqual({ first: 3, after: ['42'] });
    expect(() => ripplePageRequest({ first: -1 })).toThrow(/zero or more/);
  });

  it('cost grows with `first` (in blocks of items) and never past what the clamp allows', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10, max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: 200 }), (first, child) => {
        const cost = rippleListComplexity({ args: { first }, childComplexity: child });
        const capped = rippleListComplexity({ args: { first: RIPPLE_PAGE.max }, childComplexity: child });
        expect(cost).toBeGreaterThanOrEqual(1);
        expect(cost).toBeLessThanOrEqual(capped);
      }),
    );
  });

  it('a full page of flat items fits well inside the operation limit', () => {
    // Every field of a RippleEvent, its edge and cursor: about 13.
    const events = rippleListComplexity({ args: { first: RIPPLE_PAGE.max }, childComplexity: 13 });
    const people = rippleListComplexity({ args: {}, childComplexity: 8 });
    expect(events + people).toBeLessThan(LIMITS.maxComplexity / 4);
  });
});
