import DataLoader from 'dataloader';
import type { EventEntity } from '../events/event.entity.js';
import type { Context } from '../graphql/context.js';
import { figuresOf } from './ripple-figures.js';
import type { RippleFigures } from './ripple-stats.js';

/**
 * Per-operation batch loader of ripples' figures by their start event: a
 * page of ripple summaries gets its figures from one statement. Kept beside
 * the feature and tied to the operation's loader set (which a subscription
 * renews for every delivered event), so it never outlives it.
 */
const byLoaderSet = new WeakMap<object, DataLoader<EventEntity, RippleFigures, string>>();

export function figuresLoader(ctx: Context): DataLoader<EventEntity, RippleFigures, string> {
  let loader = byLoaderSet.get(ctx.loaders);
  if (!loader) {
    loader = new DataLoader(
      async (events) => {
        const figures = await figuresOf(ctx.em, events);
        return events.map((event) => figures.get(event.id)!);
      },
      { cacheKeyFn: (event) => event.id },
    );
    byLoaderSet.set(ctx.loaders, loader);
  }
  return loader;
}
