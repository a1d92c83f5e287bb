/**
 * The introductions inbox's rules, pure so they are unit-tested alone:
 * how asks are ordered, which lists a live change affects, and the words
 * for statuses and answers (never colour alone).
 */
import type {
  EventKind,
  IntroductionAnswer,
  IntroductionCardFragment,
  IntroductionCloseReason,
  IntroductionRole,
  IntroductionStatus,
} from '@ripple/schema';

export const INTRODUCTIONS_PAGE_SIZE = 20;
export const REASON_MAX = 1000;
export const NOTE_MAX = 1000;
export const MESSAGE_MAX = 2000;

export const ROLES: readonly IntroductionRole[] = ['ASKED', 'INTRODUCED', 'CONNECTED'];

/** Whether an ask is snoozed ("not now") and not yet due again. */
export function isSnoozed(intro: Pick<IntroductionCardFragment, 'snoozedUntil'>, now: Date): boolean {
  return intro.snoozedUntil !== null && new Date(intro.snoozedUntil) > now;
}

/**
 * Asks in the order the API gives them (newest first), except that a
 * snoozed ask sinks below the others until it comes back, soonest back first.
 */
export function orderAsks<T extends Pick<IntroductionCardFragment, 'snoozedUntil'>>(asks: readonly T[], now: Date): T[] {
  const awake = asks.filter((a) => !isSnoozed(a, now));
  const snoozed = asks
    .filter((a) => isSnoozed(a, now))
    .sort((a, b) => new Date(a.snoozedUntil!).getTime() - new Date(b.snoozedUntil!).getTime());
  return [...awake, ...snoozed];
}

export interface Affected {
  lists: IntroductionRole[];
  /** Whether the introduction's thread changed. */
  thread: boolean;
}

/** What to refetch when `introductionUpdates` delivers an event of this kind. */
export function affectedBy(kind: EventKind): Affected {
  switch (kind) {
    case 'INTRODUCTION_PROPOSED':
      return { lists: ['INTRODUCED'], thread: false };
    case 'INTRODUCTION_ASKED':
    case 'INTRODUCTION_RESPONDED':
    case 'INTRODUCTION_CLOSED':
      return { lists: ['ASKED', 'INTRODUCED'], thread: false };
    case 'INTRODUCED':
    case 'CONNECTED':
      return { lists: ['ASKED', 'INTRODUCED', 'CONNECTED'], thread: false };
    case 'MET':
      return { lists: ['INTRODUCED', 'CONNECTED'], thread: false };
    case 'INTRODUCTION_MESSAGE':
      return { lists: [], thread: true };
    default:
      return { lists: [], thread: false };
  }
}

export function statusLabel(status: IntroductionStatus): string {
  return { PENDING: 'Waiting for answers', CONNECTED: 'Connected', CLOSED: 'Closed' }[status];
}

export function closeReasonLabel(reason: IntroductionCloseReason | null): string | null {
  if (!reason) return null;
  return {
    DECLINED: 'declined',
    EXPIRED: 'expired',
    WITHDRAWN: 'withdrawn by you',
    ALREADY_CONNECTED: 'they were connected by another introduction',
  }[reason];
}

/** One person's answer as the connector sees it. */
export function answerLabel(answer: IntroductionAnswer | null, askedAt: string | null): string {
  if (askedAt === null) return 'Not asked yet (asked after the first person accepts)';
  if (answer === null) return 'No answer yet';
  return { ACCEPTED: 'Accepted', DECLINED: 'Declined', NOT_NOW: 'Not now' }[answer];
}

/**
 * "123 of 1,000 characters", and whether that is too many. Counted as the API
 * and `maxlength` count (UTF-16 units, so an emoji is two), or the counter
 * would promise room the API then refuses.
 */
export function characterCount(text: string, max: number): { text: string; over: boolean } {
  const used = text.length;
  return { text: `${used.toLocaleString('en')} of ${max.toLocaleString('en')} characters`, over: used > max };
}
