import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { canSeeEvent } from '../events/event-visibility.js';
import type { Context } from './context.js';
import { notFound } from './errors.js';
import { requireViewer } from './guards.js';
import { Node } from './node.js';
import { fromGlobalId } from './relay.js';

@Resolver()
export class NodeResolver {
  @Query(() => Node, {
    description: 'Any object by its global id. Missing and not-yours answer alike: NOT_FOUND.',
  })
  async node(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    const viewer = requireViewer(ctx);
    const parsed = fromGlobalId(id);
    if (parsed?.type === 'Person') {
      const person = await ctx.loaders.people.personById.load(parsed.id);
      if (person) return person;
    }
    if (parsed?.type === 'Event') {
      const event = await ctx.loaders.events.eventById.load(parsed.id);
      if (event && canSeeEvent(viewer.person.id, event)) return event;
    }
    throw notFound();
  }
}
