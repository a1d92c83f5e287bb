import {
  IntroductionStatus,
  type IntroductionEntity,
  type IntroductionPartyEntity,
} from './introduction.entity.js';

export type ViewerRole = 'CONNECTOR' | 'A' | 'B';

/**
 * An introduction as one viewer may see it: the root value of the GraphQL
 * `Introduction` type. Every field resolver projects through this, so the
 * privacy rules (LIFECYCLE.md "Who sees what") live in one place.
 */
export interface IntroductionView {
  introduction: IntroductionEntity;
  parties: { A: IntroductionPartyEntity; B: IntroductionPartyEntity };
  role: ViewerRole;
}

/** The status as of `now`: a pending introduction past its expiry is closed, swept or not. */
export function effectiveStatus(introduction: IntroductionEntity, now = new Date()): IntroductionStatus {
  if (introduction.status === IntroductionStatus.PENDING && introduction.expiresAt <= now) return IntroductionStatus.CLOSED;
  return introduction.status;
}

/** The viewer's role, or null if they may not see it (not involved, or not asked yet). */
export function roleOf(
  viewerId: string,
  introduction: IntroductionEntity,
  parties: { A: IntroductionPartyEntity; B: IntroductionPartyEntity },
): ViewerRole | null {
  if (introduction.connectorId === viewerId) return 'CONNECTOR';
  for (const side of ['A', 'B'] as const) {
    if (parties[side].personId === viewerId && parties[side].askedAt !== null) return side;
  }
  return null;
}

export function partiesOf(parties: IntroductionPartyEntity[]): { A: IntroductionPartyEntity; B: IntroductionPartyEntity } {
  const A = parties.find((p) => p.side === 'A');
  const B = parties.find((p) => p.side === 'B');
  if (!A || !B) throw new Error('an introduction without both parties');
  return { A, B };
}

export const otherSide = (side: 'A' | 'B'): 'A' | 'B' => (side === 'A' ? 'B' : 'A');
