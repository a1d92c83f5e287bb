import { describe, expect, it } from 'vitest';
import { FOLLOW_GOAL, startHereSteps } from './steps';

const none = { followingCount: 0, shareCount: 0, introductionCount: 0, featuredRippleId: null };

describe('startHereSteps', () => {
  it('ticks each step from the viewer’s own acts, and exploring from having opened a ripple', () => {
    expect(startHereSteps(none, false).map((s) => s.done)).toEqual([false, false, false, false]);
    const done = startHereSteps({ followingCount: FOLLOW_GOAL, shareCount: 1, introductionCount: 2, featuredRippleId: 'E1' }, true);
    expect(done.map((s) => s.done)).toEqual([true, true, true, true]);
  });

  it('shows progress towards following a few, and links exploring to the featured ripple when there is one', () => {
    const steps = startHereSteps({ ...none, followingCount: 1, featuredRippleId: 'abc/def' }, false);
    expect(steps[0]).toMatchObject({ done: false, progress: `1 of ${FOLLOW_GOAL}` });
    expect(steps[1]!.href).toBe('/ripples/abc%2Fdef');
    expect(startHereSteps(none, false)[1]!.href).toBe('/');
  });
});
