import 'reflect-metadata';
import { buildSchema } from 'type-graphql';
import { createPubSub } from '@graphql-yoga/subscription';
import type { GraphQLSchema } from 'graphql';
import { AuthResolver } from '../auth/auth.resolver.js';
import { EventResolver } from '../events/event.resolver.js';
import { PeopleResolver } from '../people/people.resolver.js';
import { NodeResolver } from './node.resolver.js';
import { NotificationsResolver } from '../notifications/notifications.resolver.js';
import { rippleResolvers } from '../ripples/ripples.resolver.js';
import { DemoResolver } from '../demo/demo.resolver.js';
import { StartHereResolver } from '../people/start-here.resolver.js';
import { IntroductionPairCheckResolver } from '../introductions/pair-check.js';
import { EventShareResolver, FeedResolver, PersonSharesResolver } from '../feed/feed.resolver.js';
import {
  EventIntroductionResolver,
  IntroductionMessageResolver,
  IntroductionsResolver,
} from '../introductions/introductions.resolver.js';
// Each feature registers the loaders its resolvers read (`ctx.loaders.<feature>`).
import '../people/people.loaders.js';
import '../events/event.loaders.js';
import '../feed/feed.loaders.js';
import '../introductions/introductions.loaders.js';

export async function buildRippleSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [PeopleResolver, AuthResolver, EventResolver, NodeResolver, FeedResolver, EventShareResolver, PersonSharesResolver, IntroductionsResolver, IntroductionMessageResolver, EventIntroductionResolver, NotificationsResolver, ...rippleResolvers, StartHereResolver, IntroductionPairCheckResolver, DemoResolver],
    validate: false, // inputs are validated with zod inside each service
    // Every subscription brings its own `subscribe` (live/), fed by the
    // PostgreSQL-backed EventBus; TypeGraphQL still insists on a PubSub.
    pubSub: createPubSub(),
    emitSchemaFile: false,
  });
}
