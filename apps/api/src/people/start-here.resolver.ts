import { Arg, Ctx, Field, FieldResolver, ID, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { Context, Viewer } from '../graphql/context.js';
import { requireViewer } from '../graphql/guards.js';
import { toGlobalId } from '../graphql/relay.js';
import type { PersonEntity } from './person.entity.js';
import { Person } from './person.types.js';
import * as startHere from './start-here.service.js';

const MAX_SUGGESTED = 12;

@ObjectType({ description: 'What the newcomer’s “start here” checklist ticks from: the viewer’s own acts.' })
export class StartHere {
  @Field(() => Int, { description: 'How many people the viewer follows.' })
  followingCount!: number;

  @Field(() => Int, { description: 'How many shares and reshares the viewer has posted.' })
  shareCount!: number;

  @Field(() => Int, { description: 'How many introductions the viewer has proposed (any status).' })
  introductionCount!: number;
}

type StartHereValue = startHere.StartHereCounts & { viewer: Viewer };

@Resolver(() => StartHere)
export class StartHereResolver {
  @Query(() => StartHere, { description: 'The viewer’s first steps: their follows, shares and introductions so far, and whom to follow.' })
  async startHere(@Ctx() ctx: Context): Promise<StartHereValue> {
    const viewer = requireViewer(ctx);
    return { viewer, ...(await startHere.startHereCounts(ctx.em, viewer)) };
  }

  @FieldResolver(() => [Person], {
    description: `The most-followed members the viewer does not follow yet, most followers first (at most ${MAX_SUGGESTED}).`,
  })
  suggestedPeople(
    @Root() value: StartHereValue,
    @Arg('first', () => Int, { nullable: true, defaultValue: 5 }) first: number | null,
    @Ctx() ctx: Context,
  ): Promise<PersonEntity[]> {
    return startHere.suggestedPeople(ctx.em, value.viewer, Math.min(Math.max(first ?? 5, 1), MAX_SUGGESTED));
  }

  @FieldResolver(() => ID, {
    nullable: true,
    description: 'An Event id: the community’s largest public ripple, to explore first (`ripple(eventId:)`); null when there is none.',
  })
  async featuredRippleId(@Ctx() ctx: Context): Promise<string | null> {
    const id = await startHere.featuredRippleEventId(ctx.em);
    return id === null ? null : toGlobalId('Event', id);
  }
}
