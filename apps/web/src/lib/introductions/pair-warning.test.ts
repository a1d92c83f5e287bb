import { describe, expect, it } from 'vitest';
import { pairWarning } from './pair-warning';

describe('pairWarning', () => {
  it('says nothing for a pair that may be introduced', () => {
    expect(pairWarning({ alreadyConnected: false, yourOpenIntroductionId: null }, 'Ana', 'Ben')).toBeNull();
  });

  it('names the pair when they are connected, and links to your own open introduction', () => {
    expect(pairWarning({ alreadyConnected: true, yourOpenIntroductionId: null }, 'Ana', 'Ben')?.text).toMatch(/^Ana and Ben are already connected/);
    expect(pairWarning({ alreadyConnected: false, yourOpenIntroductionId: 'I1' }, 'Ana', 'Ben')).toEqual({
      text: 'You already have an open introduction for Ana and Ben.',
      href: '/introductions#introduced',
    });
  });
});
