import { describe, expect, it } from 'vitest';
import { formatSpan, playbackDuration, playbackSchedule, shownAt } from './timeline';

const MIN = 60_000;
const HOUR = 60 * MIN;

describe('the replay clock', () => {
  it('plays any ripple in 10–20 seconds, longer for bigger ones', () => {
    expect(playbackDuration(1)).toBe(0);
    expect(playbackDuration(2)).toBeGreaterThanOrEqual(10_000);
    expect(playbackDuration(60)).toBeLessThan(playbackDuration(5_000));
    expect(playbackDuration(5_000)).toBeLessThanOrEqual(20_000);
    expect(playbackDuration(1e9)).toBe(20_000);
  });

  it('starts at 0, ends at the duration, never goes back', () => {
    const times = [0, 12 * MIN, 30 * MIN, 31 * MIN, 31 * MIN + 2_000, 5 * HOUR];
    const at = playbackSchedule(times, times.length, 15_000);
    expect(at[0]).toBe(0);
    expect(at[times.length - 1]).toBeCloseTo(15_000, 6);
    for (let k = 1; k < times.length; k++) expect(at[k]!).toBeGreaterThanOrEqual(at[k - 1]!);
  });

  it('compresses long gaps: a quiet night between two bursts takes a beat, not the whole replay', () => {
    const burst = (from: number) => Array.from({ length: 20 }, (_, i) => from + i * 1_000);
    const times = [...burst(0), ...burst(10 * HOUR)];
    const at = playbackSchedule(times, times.length, 15_000);
    const night = at[20]! - at[19]!;
    // Real time: the night is 99.9% of the span. Played: under a third, and the bursts still unfold.
    expect(night / 15_000).toBeLessThan(0.3);
    expect(at[1]! - at[0]!).toBeGreaterThan(150);
  });

  it('counts any wait over an hour as an hour', () => {
    const hour = playbackSchedule([0, 1_000, 1_000 + HOUR], 3, 10_000);
    const week = playbackSchedule([0, 1_000, 1_000 + 168 * HOUR], 3, 10_000);
    expect([...week]).toEqual([...hour]);
  });

  it('shows events at the same moment together', () => {
    const at = playbackSchedule([0, 5_000, 5_000, 5_000, 9_000], 5, 10_000);
    expect(at[1]).toBe(at[2]);
    expect(at[2]).toBe(at[3]);
    expect(shownAt(at, 5, at[1]!)).toBe(4);
  });

  it('spreads events evenly when they all happened at once', () => {
    expect([...playbackSchedule([7, 7, 7], 3, 10_000)]).toEqual([0, 5_000, 10_000]);
  });

  it('counts what shows at a moment: at least the root, all at the end', () => {
    const at = playbackSchedule([0, MIN, 2 * MIN], 3, 10_000);
    expect(shownAt(at, 3, -5)).toBe(1);
    expect(shownAt(at, 3, 0)).toBe(1);
    expect(shownAt(at, 3, at[1]! - 1)).toBe(1);
    expect(shownAt(at, 3, at[1]!)).toBe(2);
    expect(shownAt(at, 3, 10_000)).toBe(3);
    expect(shownAt(at, 3, 99_999)).toBe(3);
  });

  it('reuses a buffer when given one', () => {
    const buffer = new Float64Array(8);
    expect(playbackSchedule([0, 1_000], 2, 10_000, buffer)).toBe(buffer);
  });
});

describe('formatSpan', () => {
  it('says spans in words at a useful precision', () => {
    expect(formatSpan(0)).toBe('0 s');
    expect(formatSpan(42.4)).toBe('42 s');
    expect(formatSpan(12 * 60)).toBe('12 min');
    expect(formatSpan(5.5 * 3600)).toBe('5 h 30 min');
    expect(formatSpan(3 * 3600)).toBe('3 h');
    expect(formatSpan(9 * 86_400)).toBe('9 days');
  });
});
