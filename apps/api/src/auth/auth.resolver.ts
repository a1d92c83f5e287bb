import { Arg, Ctx, Field, InputType, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import { createLoaders, type Context } from '../graphql/context.js';
import { requireViewer } from '../graphql/guards.js';
import { AuthPayload } from '../people/person.types.js';
import * as auth from './auth.service.js';

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

@InputType()
export class ChangePasswordInput {
  @Field(() => String, { description: 'A wrong one counts like a failed sign-in.' })
  currentPassword!: string;

  @Field(() => String, { description: 'At least 8 characters, different from the current one.' })
  newPassword!: string;
}

@ObjectType()
export class PasswordChanged {
  @Field(() => Int, { description: 'How many of your other sessions were ended; this one goes on.' })
  otherSessionsEnded!: number;
}

/** The rest of this operation (e.g. `person { following }`) runs as the new session. */
export function startSession(ctx: Context, session: auth.IssuedSession) {
  ctx.cookies.set(session.token, session.expiresAt);
  ctx.viewer = { person: session.person, sessionId: session.sessionId, expiresAt: session.expiresAt };
  ctx.loaders = createLoaders(ctx.em, ctx.viewer);
}

const passwordCheck = (ctx: Context) => ({ clientAddress: ctx.clientAddress, limits: ctx.limits });

@Resolver()
export class AuthResolver {
  @Mutation(() => AuthPayload, { description: 'Creates an account and signs in. RATE_LIMITED after many sign-ups from one address.' })
  async signUp(@Arg('input', () => SignUpInput) input: SignUpInput, @Ctx() ctx: Context) {
    const session = await auth.signUp(ctx.em, { ...input }, { ...passwordCheck(ctx), sessionDays: ctx.config.SESSION_DAYS });
    startSession(ctx, session);
    return session;
  }

  @Mutation(() => AuthPayload, {
    description: 'Signs in. Too many attempts are RATE_LIMITED, with `extensions.retryAfterSeconds`.',
  })
  async signIn(@Arg('input', () => SignInInput) input: SignInInput, @Ctx() ctx: Context) {
    const session = await auth.signIn(ctx.em, { ...input }, { ...passwordCheck(ctx), sessionDays: ctx.config.SESSION_DAYS });
    startSession(ctx, session);
    return session;
  }

  @Mutation(() => PasswordChanged, {
    description: 'Changes your password and signs out your other sessions. A wrong current password is BAD_USER_INPUT on `currentPassword`.',
  })
  async changePassword(
    @Arg('input', () => ChangePasswordInput) input: ChangePasswordInput,
    @Ctx() ctx: Context,
  ): Promise<PasswordChanged> {
    const otherSessionsEnded = await auth.changePassword(ctx.em, requireViewer(ctx), { ...input }, { ...passwordCheck(ctx), sessions: ctx.sessions });
    return { otherSessionsEnded };
  }

  @Mutation(() => Boolean, { description: 'Ends this session everywhere it is used.' })
  async signOut(@Ctx() ctx: Context): Promise<boolean> {
    await auth.signOut(ctx.em, requireViewer(ctx), ctx.sessions);
    ctx.cookies.clear();
    return true;
  }
}
