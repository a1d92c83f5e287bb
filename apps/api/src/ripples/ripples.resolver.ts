import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { Context } from '../graphql/context.js';
import { requireViewer } from '../graphql/guards.js';
import { localIdOf, pageComplexity, PageArgs, pageRequest } from '../graphql/relay.js';
import type { EventEntity } from '../events/event.entity.js';
import { Event } from '../events/event.types.js';
import { Person } from '../people/person.types.js';
import type { PersonEntity } from '../people/person.entity.js';
import { rippleListComplexity, ripplePageRequest } from './ripple-pages.js';
import { rippleEventStream } from './ripple-stream.js';
import { figuresLoader } from './ripple.loaders.js';
import { compareRipple } from './ripple-figures.js';
import { rippleSnapshot } from './ripple-snapshot.js';
import type { RippleSnapshotData } from './snapshot-format.js';
import {
  Ripple,
  RippleComparison,
  RippleSnapshotScalar,
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

  @FieldResolver(() => Event)
  root(@Root() ripple: ripples.RippleValue): EventEntity {
    return ripple.start;
  }

  @FieldResolver(() => RippleStats)
  stats(@Root() ripple: ripples.RippleValue) {
    return ripple.figures;
  }

  @FieldResolver(() => RippleComparison, {
    nullable: true,
    description: 'How this ripple compares with the community’s whole ripples of about its size; null when there are too few to compare.',
  })
  async comparison(@Root() ripple: ripples.RippleValue, @Ctx() ctx: Context) {
    return compareRipple(ctx.em, ripple.start.id, ripple.figures);
  }

  @FieldResolver(() => RippleSnapshotScalar, {
    complexity: 100,
    description: 'The whole ripple in one value: every event, person and share, in columns. One request for 100,000 events.',
  })
  snapshot(@Root() ripple: ripples.RippleValue, @Ctx() ctx: Context): Promise<RippleSnapshotData> {
    return rippleSnapshot(ctx.em, ripple.start);
  }

  @FieldResolver(() => RippleEventConnection, {
    complexity: rippleListComplexity,
    description: 'The ripple’s events, oldest first: every event comes after its cause. Each page is one range scan from its cursor.',
  })
  events(@Root() ripple: ripples.RippleValue, @Args(() => RipplePageArgs) page: RipplePageArgs, @Ctx() ctx: Context) {
    return ripples.rippleEvents(ctx.em, ripple, ripplePageRequest(page));
  }

  @FieldResolver(() => RipplePersonConnection, {
    complexity: rippleListComplexity,
    description: 'Everyone who acted or was acted upon in the ripple, once each, in the order they joined it.',
  })
  people(@Root() ripple: ripples.RippleValue, @Args(() => RipplePageArgs) page: RipplePageArgs, @Ctx() ctx: Context) {
    return ripples.ripplePeople(ctx.em, ripple, ripplePageRequest(page));
  }
}

@Resolver(() => RippleSummary)
export class RippleSummaryResolver {
  @FieldResolver(() => RippleStats)
  stats(@Root() summary: ripples.RippleSummaryValue, @Ctx() ctx: Context) {
    return figuresLoader(ctx).load(summary.root);
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
