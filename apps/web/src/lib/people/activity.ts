import type { EventKind } from '@ripple/schema';

/** How a ripple's first act reads on a card: "A share", "An introduction"… */
export function rippleStartLabel(kind: EventKind): string {
  switch (kind) {
    case 'SHARED':
      return 'A share';
    case 'RESHARED':
      return 'A reshare';
    case 'FOLLOWED':
      return 'A follow';
    case 'INTRODUCED':
      return 'An introduction';
    case 'CONNECTED':
      return 'A connection';
    case 'MENTIONED':
      return 'A mention';
    case 'THANKED':
      return 'A thank-you';
    case 'MET':
      return 'A meeting';
    default:
      return 'An act';
  }
}
