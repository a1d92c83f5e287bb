import { describe, expect, it } from 'vitest';
import { formatDay, formatDayTime } from './dates';

describe('dates', () => {
  const now = new Date(2026, 10, 22, 12, 0);

  it('leaves out this year and shows other years', () => {
    expect(formatDay(new Date(2026, 4, 6, 9, 5).toISOString(), now)).toBe('6 May');
    expect(formatDay(new Date(2025, 11, 31, 9, 5).toISOString(), now)).toBe('31 Dec 2025');
  });

  it('adds the time of day', () => {
    expect(formatDayTime(new Date(2026, 4, 6, 9, 5).toISOString(), now)).toBe('6 May, 09:05');
  });
});
