import type { Bounds } from './layout';

/**
 * The camera over the ripple's world: screen = world × scale + offset, in
 * CSS pixels. Pan and zoom change only these three numbers; the layout
 * never moves.
 */
export const MIN_SCALE = 0.02;
export const MAX_SCALE = 8;
/** One press of Zoom in / Zoom out. */
export const ZOOM_STEP = 1.5;

export class ViewTransform {
  scale = 1;
  x = 0;
  y = 0;

  toWorldX(screenX: number): number {
    return (screenX - this.x) / this.scale;
  }

  toWorldY(screenY: number): number {
    return (screenY - this.y) / this.scale;
  }

  panBy(dx: number, dy: number): void {
    this.x += dx;
    this.y += dy;
  }

  /** Zooms by `factor`, keeping the world point under (screenX, screenY) where it is. */
  zoomAt(screenX: number, screenY: number, factor: number): void {
    const scale = clamp(this.scale * factor, MIN_SCALE, MAX_SCALE);
    const applied = scale / this.scale;
    this.x = screenX - (screenX - this.x) * applied;
    this.y = screenY - (screenY - this.y) * applied;
    this.scale = scale;
  }

  /** Frames `bounds` (plus `margin` world units all round, room for circles and names) in a width × height viewport, never closer than 2.5×. */
  fit(bounds: Readonly<Bounds>, width: number, height: number, margin = 60): void {
    const w = bounds.maxX - bounds.minX + 2 * margin;
    const h = bounds.maxY - bounds.minY + 2 * margin;
    this.scale = clamp(Math.min(width / w, height / h, 2.5), MIN_SCALE, MAX_SCALE);
    this.x = width / 2 - ((bounds.minX + bounds.maxX) / 2) * this.scale;
    this.y = height / 2 - ((bounds.minY + bounds.maxY) / 2) * this.scale;
  }

  /** Puts a world point at the middle of the viewport, scale unchanged. */
  centerOn(worldX: number, worldY: number, width: number, height: number): void {
    this.x = width / 2 - worldX * this.scale;
    this.y = height / 2 - worldY * this.scale;
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
