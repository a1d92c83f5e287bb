import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { Context } from '../graphql/context.js';
import { notFound } from '../graphql/errors.js';
import { requireViewer } from '../graphql/guards.js';
import { localIdOf, pageComplexity, PageArgs, pageRequest } from '../graphql/relay.js';
import type { EventEntity } from '../events/event.entity.js';
import { Event } from '../events/event.types.js';
import { Person } from '../people/person.types.js';
import type { PersonEntity } from '../people/person.entity.js';
import { rippleListComplexity, ripplePageRequest } from './ripple-pages.js';
import { rippleEventStream } from './ripple-stream.js';
import { rippleTreeLoader } from './ripple.loaders.js';
import {
  Ripple,
  RippleEventConnection,
  RipplePageArgs,
  RipplePersonConnection,
  RippleRole,
  RippleStats,
  RippleSummary,
  RippleSummaryConnection,
} from './ripple.types.js';
import * as ripples from './ripples.service.js';

@Resolver(() => Ripple)
export class RippleResolver {
  @Query(() => Ripple, {
    description: 'The ripple of an event: everything it caused, transitively. NOT_FOUND when the event is missing or not the viewer’s to see.',
  })
  ripple(@Arg('eventId', () => ID) eventId: string, @Ctx() ctx: Context) {
    return ripples.ripple(ctx.em, requireViewer(ctx), localIdOf(eventId, 'Event'));
  }

  @Query(() => RippleSummaryConnection, {
    complexity: pageComplexity,
    description: 'The ripples the viewer started (STARTED) or is part of (IN), newest first.',
  })
  myRipples(
    @Arg('role', () => RippleRole, { nullable: true, defaultValue: RippleRole.STARTED }) role: RippleRole | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
  ) {
    return ripples.myRipples(ctx.em, requireViewer(ctx), role ?? RippleRole.STARTED, pageRequest(page));
  }

  @Subscription(() => Event, {
    description:
      'The live growth of one ripple: its events after `since` (an Event id), then each new event as it joins the ripple. Without `since`, from now on.',
    subscribe: ({ args, context }) => rippleEventStream(context as Context, args.eventId as string, (args.since as string | null) ?? null),
  })
  rippleEvents(
    @Root() event: EventEntity,
    @Arg('eventId', () => ID) _eventId: string,
    @Arg('since', () => ID, { nullable: true }) _since: string | null,
  ): EventEntity {
    return event;
  }

  @FieldResolver(() => RippleStats)
  stats(@Root() tree: ripples.RippleTree) {
    return ripples.rippleStats(tree);
  }

  @FieldResolver(() => RippleEventConnection, {
    complexity: rippleListComplexity,
    description: 'The ripple’s events, oldest first: every event comes after its cause.',
  })
  events(@Root() tree: ripples.RippleTree, @Args(() => RipplePageArgs) page: RipplePageArgs) {
    return ripples.rippleEvents(tree, ripplePageRequest(page));
  }

  @FieldResolver(() => RipplePersonConnection, {
    complexity: rippleListComplexity,
    description: 'Everyone who acted or was acted upon in the ripple, once each, in the order they joined it.',
  })
  people(@Root() tree: ripples.RippleTree, @Args(() => RipplePageArgs) page: RipplePageArgs, @Ctx() ctx: Context) {
    return ripples.ripplePeople(ctx.em, tree, ripplePageRequest(page));
  }
}

@Resolver(() => RippleSummary)
export class RippleSummaryResolver {
  @FieldResolver(() => RippleStats)
  async stats(@Root() summary: ripples.RippleSummaryValue, @Ctx() ctx: Context) {
    const tree = await rippleTreeLoader(ctx).load(summary.root.id);
    if (!tree) throw notFound('That ripple');
    return ripples.rippleStats(tree);
  }
}

@Resolver(() => Person)
export class PersonRipplesResolver {
  @FieldResolver(() => RippleSummaryConnection, {
    complexity: pageComplexity,
    description: 'The ripples this person started (their acts that caused something), newest first.',
  })
  ripples(@Root() person: PersonEntity, @Args(() => PageArgs) page: PageArgs, @Ctx() ctx: Context) {
    return ripples.ripplesOf(ctx.em, requireViewer(ctx), person.id, RippleRole.STARTED, pageRequest(page));
  }
}

/** Everything this feature adds to the schema. */
export const rippleResolvers = [RippleResolver, RippleSummaryResolver, PersonRipplesResolver] as const;
