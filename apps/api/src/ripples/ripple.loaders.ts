import DataLoader from 'dataloader';
import type { Context } from '../graphql/context.js';
import { requireViewer } from '../graphql/guards.js';
import { rippleTrees, type RippleTree } from './ripples.service.js';

/**
 * Per-operation batch loader of ripples by their root event: a page of
 * ripple summaries gets its figures from one statement, not one per ripple.
 * Kept beside the feature and tied to the operation's loader set (which a
 * subscription renews for every delivered event), so it never outlives it.
 */
const byLoaderSet = new WeakMap<object, DataLoader<string, RippleTree | null>>();

export function rippleTreeLoader(ctx: Context): DataLoader<string, RippleTree | null> {
  let loader = byLoaderSet.get(ctx.loaders);
  if (!loader) {
    const viewer = requireViewer(ctx);
    loader = new DataLoader(async (ids) => {
      const trees = await rippleTrees(ctx.em, viewer, ids);
      return ids.map((id) => trees.get(id) ?? null);
    });
    byLoaderSet.set(ctx.loaders, loader);
  }
  return loader;
}
