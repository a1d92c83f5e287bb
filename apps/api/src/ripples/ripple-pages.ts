import { badInput } from '../graphql/errors.js';
import { decodeCursor, type PageRequest } from '../graphql/relay.js';
import { RIPPLE_PAGE, type RipplePageArgs } from './ripple.types.js';

/** `first` within bounds (default and max: RIPPLE_PAGE), cursor decoded. */
export function ripplePageRequest(args: RipplePageArgs): PageRequest {
  const first = args.first ?? RIPPLE_PAGE.default;
  if (!Number.isInteger(first) || first < 0) {
    throw badInput('`first` must be zero or more.', [{ field: 'first', message: 'must be zero or more' }]);
  }
  return { first: Math.min(first, RIPPLE_PAGE.max), after: args.after ? decodeCursor(args.after) : null };
}

/**
 * Cost of a ripple's event or people list. One read serves the whole
 * ripple whatever the page size, and the items are flat (scalars and ids,
 * no nested objects or lists), so an item costs a tenth of what an item of
 * an ordinary list does: a page of 1,000 events with every field costs
 * about 1,300 of the 10,000 an operation may spend, leaving room for the
 * people and the figures in the same request.
 */
export function rippleListComplexity({ args, childComplexity }: { args: Record<string, unknown>; childComplexity: number }) {
  const first = typeof args.first === 'number' ? args.first : RIPPLE_PAGE.default;
  const items = Math.max(0, Math.min(first, RIPPLE_PAGE.max));
  return 1 + Math.max(1, childComplexity) * Math.ceil(items / RIPPLE_PAGE.itemsPerCostUnit);
}
