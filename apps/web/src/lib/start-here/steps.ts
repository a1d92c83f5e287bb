import type { StartHereQuery } from '@ripple/schema';

export type StartHereCounts = Pick<StartHereQuery['startHere'], 'followingCount' | 'shareCount' | 'introductionCount' | 'featuredRippleId'>;

/** "Follow a few": this many follows ticks the first step. */
export const FOLLOW_GOAL = 3;

export interface Step {
  key: 'follow' | 'explore' | 'share' | 'introduce';
  label: string;
  /** Why, in a few words. */
  detail: string;
  href: string;
  done: boolean;
  /** Progress towards the step, e.g. "1 of 3", when it has some but is not done. */
  progress: string | null;
}

/**
 * The newcomer's first steps, ticked from their own acts (the API's
 * `startHere`) and, for exploring, from having opened a ripple here.
 */
export function startHereSteps(counts: StartHereCounts, explored: boolean): Step[] {
  const follows = Math.min(counts.followingCount, FOLLOW_GOAL);
  return [
    {
      key: 'follow',
      label: `Follow ${FOLLOW_GOAL} people`,
      detail: 'Their shares fill your feed.',
      href: '/people#suggested',
      done: follows >= FOLLOW_GOAL,
      progress: follows > 0 && follows < FOLLOW_GOAL ? `${follows} of ${FOLLOW_GOAL}` : null,
    },
    {
      key: 'explore',
      label: 'Explore a ripple',
      detail: 'See how one share travelled through the community.',
      href: counts.featuredRippleId ? `/ripples/${encodeURIComponent(counts.featuredRippleId)}` : '/',
      done: explored,
      progress: null,
    },
    {
      key: 'share',
      label: 'Share someone’s work',
      detail: 'Credit its author; say why it is worth reading.',
      href: '/share',
      done: counts.shareCount > 0,
      progress: null,
    },
    {
      key: 'introduce',
      label: 'Make your first introduction',
      detail: 'Two people who should meet; each says yes privately.',
      href: '/introductions/new',
      done: counts.introductionCount > 0,
      progress: null,
    },
  ];
}
