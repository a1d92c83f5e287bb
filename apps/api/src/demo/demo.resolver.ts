import { Ctx, Field, FieldResolver, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { startSession } from '../auth/auth.resolver.js';
import type { Context } from '../graphql/context.js';
import { AuthPayload, Person } from '../people/person.types.js';
import type { PersonEntity } from '../people/person.entity.js';
import { Ripple } from '../ripples/ripple.types.js';
import * as ripples from '../ripples/ripples.service.js';
import * as demo from './demo.service.js';

@ObjectType({ description: 'The seeded demo community, when this server offers it (DEMO_SIGN_IN).' })
export class DemoCommunityInfo {
  @Field(() => Person, { description: 'Whom "Try the demo" signs in as.' })
  member!: Person;

  @Field(() => Ripple, { description: 'The demo story’s ripple (public), readable signed out.' })
  featuredRipple!: Ripple;
}

@Resolver(() => DemoCommunityInfo)
export class DemoResolver {
  @Query(() => DemoCommunityInfo, {
    nullable: true,
    description: 'The demo community; null when this server has none or does not offer it. Readable signed out.',
  })
  demoCommunity(@Ctx() ctx: Context): Promise<demo.DemoCommunity | null> {
    return demo.demoCommunity(ctx.em, ctx.config);
  }

  @FieldResolver(() => Person)
  member(@Root() community: demo.DemoCommunity): PersonEntity {
    return community.member;
  }

  @FieldResolver(() => Ripple)
  featuredRipple(@Root() community: demo.DemoCommunity, @Ctx() ctx: Context): Promise<ripples.RippleValue> {
    // The featured event is public and the member's own, so reading it as the member shows
    // exactly what any member sees; the snapshot holds public events only.
    return ripples.ripple(ctx.em, { person: community.member, sessionId: '0' }, community.featuredEventId);
  }

  @Mutation(() => AuthPayload, {
    description:
      'Signs in as the demo community’s member, without a password. NOT_FOUND when this server offers no demo; RATE_LIMITED like sign-ups from one address.',
  })
  async signInAsDemoMember(@Ctx() ctx: Context) {
    const session = await demo.signInAsDemoMember(ctx.em, ctx.config, { limits: ctx.limits, clientAddress: ctx.clientAddress });
    startSession(ctx, session);
    return session;
  }
}
