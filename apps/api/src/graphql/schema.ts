import 'reflect-metadata';
import { buildSchema } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { createAuthResolver } from '../auth/auth.resolver.js';
import type { AttemptLimiter } from '../auth/rate-limit.js';
import { EventResolver } from '../events/event.resolver.js';
import { PeopleResolver } from '../people/people.resolver.js';
import { NodeResolver } from './node.resolver.js';

export async function buildRippleSchema(deps: { signInLimiter: AttemptLimiter }): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [PeopleResolver, createAuthResolver(deps.signInLimiter), EventResolver, NodeResolver],
    validate: false, // inputs are validated with zod inside each service
    emitSchemaFile: false,
  });
}
