import type { Context, Viewer } from './context.js';
import { unauthenticated } from './errors.js';

/** Everything but signing up and in is for members. */
export function requireViewer(ctx: Context): Viewer {
  if (!ctx.viewer) throw unauthenticated();
  return ctx.viewer;
}
