import { describe, expect, it } from 'vitest';
import { formatDay, formatDayTime, timeAgo } from './dates';

describe('dates', () => {
  const now = new Date(2026, 10, 22, 12, 0);

  it('leaves out this year and shows other years', () => {
    expect(formatDay(new Date(2026, 4, 6, 9, 5).toISOString(), now)).toBe('6 May');
    expect(formatDay(new Date(2025, 11, 31, 9, 5).toISOString(), now)).toBe('31 Dec 2025');
  });

  it('adds the time of day', () => {
    expect(formatDayTime(new Date(2026, 4, 6, 9, 5).toISOString(), now)).toBe('6 May, 09:05');
  });

  it('says how long ago, then falls back to the date after a week', () => {
    const ago = (ms: number) => timeAgo(new Date(now.getTime() - ms).toISOString(), now);
    expect(ago(20_000)).toBe('just now');
    expect(ago(3 * 60_000 + 5_000)).toBe('3 min ago');
    expect(ago(2 * 3_600_000 + 60_000)).toBe('2 h ago');
    expect(ago(30 * 3_600_000)).toBe('yesterday');
    expect(ago(4 * 86_400_000)).toBe('4 days ago');
    expect(ago(40 * 86_400_000)).toBe('13 Oct');
    expect(ago(-5_000)).toBe('just now'); // a clock a little ahead of ours
  });
});
