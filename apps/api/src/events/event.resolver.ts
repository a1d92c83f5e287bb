import { Ctx, FieldResolver, ID, Resolver, Root } from 'type-graphql';
import type { Context } from '../graphql/context.js';
import { toGlobalId } from '../graphql/relay.js';
import { Person } from '../people/person.types.js';
import type { PersonEntity } from '../people/person.entity.js';
import { canSeeEvent } from './event-visibility.js';
import { EventEntity } from './event.entity.js';
import { registerNodeType } from '../graphql/node.js';
import { Event } from './event.types.js';

registerNodeType({
  name: 'Event',
  isTypeOf: (value) => value instanceof EventEntity,
  async load(ctx, id) {
    const event = await ctx.loaders.events.eventById.load(id);
    return event && canSeeEvent(ctx.viewer?.person.id ?? null, event) ? event : null;
  },
});

@Resolver(() => Event)
export class EventResolver {
  @FieldResolver(() => ID)
  id(@Root() event: EventEntity): string {
    return toGlobalId('Event', event.id);
  }

  @FieldResolver(() => Person, { description: 'Who acted.' })
  async actor(@Root() event: EventEntity, @Ctx() ctx: Context): Promise<PersonEntity> {
    return (await ctx.loaders.people.personById.load(event.actorId))!;
  }

  @FieldResolver(() => Person, { nullable: true, description: 'The person acted upon, if any.' })
  async subject(@Root() event: EventEntity, @Ctx() ctx: Context): Promise<PersonEntity | null> {
    return event.subjectPersonId ? ctx.loaders.people.personById.load(event.subjectPersonId) : null;
  }

  @FieldResolver(() => Person, { nullable: true, description: 'The second person, for acts on a pair (an introduction, a connection).' })
  async subject2(@Root() event: EventEntity, @Ctx() ctx: Context): Promise<PersonEntity | null> {
    return event.subjectPerson2Id ? ctx.loaders.people.personById.load(event.subjectPerson2Id) : null;
  }

  @FieldResolver(() => Event, {
    nullable: true,
    description: 'The first event of the tree this one belongs to (itself for a root), if the viewer may see it.',
  })
  async root(@Root() event: EventEntity, @Ctx() ctx: Context): Promise<EventEntity | null> {
    if (event.rootId === event.id) return event;
    const root = await ctx.loaders.events.eventById.load(event.rootId);
    return root && canSeeEvent(ctx.viewer?.person.id ?? null, root) ? root : null;
  }

  @FieldResolver(() => Event, { nullable: true, description: 'The event that led to this one, if the viewer may see it.' })
  async cause(@Root() event: EventEntity, @Ctx() ctx: Context): Promise<EventEntity | null> {
    if (!event.causeId) return null;
    const cause = await ctx.loaders.events.eventById.load(event.causeId);
    return cause && canSeeEvent(ctx.viewer?.person.id ?? null, cause) ? cause : null;
  }
}
