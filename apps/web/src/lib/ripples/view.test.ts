import { describe, expect, it } from 'vitest';
import { MAX_SCALE, MIN_SCALE, ViewTransform } from './view';

describe('the view transform', () => {
  it('zooms around the pointer: the world point under it stays put', () => {
    const view = new ViewTransform();
    view.panBy(30, -20);
    const [sx, sy] = [200, 150];
    const before = [view.toWorldX(sx), view.toWorldY(sy)];
    view.zoomAt(sx, sy, 2.5);
    expect(view.scale).toBe(2.5);
    expect(view.toWorldX(sx)).toBeCloseTo(before[0]!, 9);
    expect(view.toWorldY(sy)).toBeCloseTo(before[1]!, 9);
  });

  it('keeps the zoom within bounds', () => {
    const view = new ViewTransform();
    view.zoomAt(0, 0, 1e6);
    expect(view.scale).toBe(MAX_SCALE);
    view.zoomAt(0, 0, 1e-9);
    expect(view.scale).toBe(MIN_SCALE);
  });

  it('fits a box in the middle of the viewport', () => {
    const view = new ViewTransform();
    view.fit({ minX: -5, minY: -5, maxX: 5, maxY: 5 }, 800, 400, 0);
    expect(view.scale).toBe(2.5); // never closer than 2.5× when fitting
    view.fit({ minX: -100, minY: -50, maxX: 300, maxY: 50 }, 800, 400, 0);
    expect(view.scale).toBe(2);
    view.fit({ minX: -1000, minY: -500, maxX: 3000, maxY: 500 }, 800, 400, 0);
    expect(view.scale).toBeCloseTo(0.2, 9);
    expect(view.toWorldX(400)).toBeCloseTo(1000, 9);
    expect(view.toWorldY(200)).toBeCloseTo(0, 9);
  });

  it('centres on a point', () => {
    const view = new ViewTransform();
    view.zoomAt(0, 0, 2);
    view.centerOn(40, -10, 600, 300);
    expect(view.toWorldX(300)).toBeCloseTo(40, 9);
    expect(view.toWorldY(150)).toBeCloseTo(-10, 9);
  });
});
