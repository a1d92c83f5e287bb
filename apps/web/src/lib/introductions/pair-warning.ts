import type { IntroductionPairCheckQuery } from '@ripple/schema';

export interface PairWarning {
  text: string;
  /** Where the viewer's own open introduction is, when that is the reason. */
  href: string | null;
}

/**
 * What the composer says before a submit the API would refuse. Only the two
 * reasons the proposer may already know (LIFECYCLE.md "Refusals"): the pair
 * is connected (public), or the proposer's own introduction is still open.
 */
export function pairWarning(check: IntroductionPairCheckQuery['introductionPairCheck'], nameA: string, nameB: string): PairWarning | null {
  if (check.alreadyConnected) return { text: `${nameA} and ${nameB} are already connected: they can reach each other without an introduction.`, href: null };
  if (check.yourOpenIntroductionId) {
    return { text: `You already have an open introduction for ${nameA} and ${nameB}.`, href: '/introductions#introduced' };
  }
  return null;
}
