import { describe, expect, it } from 'vitest';
import { PositionIndex, radiusFor } from './layout';

describe('PositionIndex', () => {
  it('finds the person under a point, within a slack, and nobody in empty space', () => {
    const index = new PositionIndex();
    const radius = () => 5;
    index.set(0, [0, 40], [0, 0]);
    expect(index.hit(0, 0, 0, radius)).toBe(0);
    expect(index.hit(6, 0, 2, radius)).toBe(0);
    expect(index.hit(40, 4, 0, radius)).toBe(1);
    expect(index.hit(500, 500, 10, radius)).toBe(-1);
    // Hidden people (radius 0, not yet in the replay) are not hit.
    expect(index.hit(0, 0, 0, (q) => (q === 0 ? 0 : 5))).toBe(-1);
  });

  it('takes newcomers after the people it has, and starts over from 0', () => {
    const index = new PositionIndex();
    index.set(0, [0, 10], [0, 0]);
    index.set(2, Float32Array.from({ length: 100 }, (_, k) => k * 3), new Float32Array(100));
    expect(index.count).toBe(102);
    expect(index.bounds.maxX).toBe(297);
    expect(index.hit(297, 0, 0, () => 1)).toBe(101);
    index.set(0, [5], [5]);
    expect(index.count).toBe(1);
    expect(index.hit(297, 0, 0, () => 1)).toBe(-1);
  });
});

describe('radiusFor', () => {
  it('grows with how much came through a person, so a hub stands out, within a cap', () => {
    expect(radiusFor(36)).toBeGreaterThan(2.5 * radiusFor(1));
    expect(radiusFor(0)).toBeGreaterThan(0);
    expect(radiusFor(1_000_000)).toBe(radiusFor(10_000_000));
  });
});
