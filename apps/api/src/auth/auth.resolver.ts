import { Arg, Ctx, Field, InputType, Mutation, Resolver } from 'type-graphql';
import { createLoaders, type Context } from '../graphql/context.js';
import { requireViewer } from '../graphql/guards.js';
import { AuthPayload } from '../people/person.types.js';
import * as auth from './auth.service.js';
import type { AttemptLimiter } from './rate-limit.js';

@InputType()
export class SignUpInput {
  @Field(() => String)
  name!: string;

  @Field(() => String, { description: '2–30 letters, digits or underscores; your card lives at /people/<handle>.' })
  handle!: string;

  @Field(() => String)
  email!: string;

  @Field(() => String, { description: 'At least 8 characters.' })
  password!: string;
}

@InputType()
export class SignInInput {
  @Field(() => String)
  email!: string;

  @Field(() => String)
  password!: string;
}

/** The rest of this operation (e.g. `person { following }`) runs as the new session. */
function startSession(ctx: Context, session: auth.IssuedSession) {
  ctx.cookies.set(session.token, session.expiresAt);
  ctx.viewer = { person: session.person, sessionId: session.sessionId };
  ctx.loaders = createLoaders(ctx.em, ctx.viewer);
}

export function createAuthResolver(limiter: AttemptLimiter) {
  @Resolver()
  class AuthResolver {
    @Mutation(() => AuthPayload, { description: 'Creates an account and signs in.' })
    async signUp(@Arg('input', () => SignUpInput) input: SignUpInput, @Ctx() ctx: Context) {
      const session = await auth.signUp(ctx.em, { ...input }, ctx.config.SESSION_DAYS);
      startSession(ctx, session);
      return session;
    }

    @Mutation(() => AuthPayload, { description: 'Signs in. Repeated failures are RATE_LIMITED for a while.' })
    async signIn(@Arg('input', () => SignInInput) input: SignInInput, @Ctx() ctx: Context) {
      const session = await auth.signIn(ctx.em, { ...input }, {
        clientAddress: ctx.clientAddress,
        limiter,
        sessionDays: ctx.config.SESSION_DAYS,
      });
      startSession(ctx, session);
      return session;
    }

    @Mutation(() => Boolean, { description: 'Ends this session everywhere it is used.' })
    async signOut(@Ctx() ctx: Context): Promise<boolean> {
      await auth.signOut(ctx.em, requireViewer(ctx));
      ctx.cookies.clear();
      return true;
    }
  }
  return AuthResolver;
}
