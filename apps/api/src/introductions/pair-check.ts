import { Arg, Ctx, Field, ID, ObjectType, Query, Resolver } from 'type-graphql';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context, Viewer } from '../graphql/context.js';
import { requireViewer } from '../graphql/guards.js';
import { notFound } from '../graphql/errors.js';
import { localIdOf, toGlobalId } from '../graphql/relay.js';

/**
 * What the composer warns about before a proposal: the two `CONFLICT`
 * refusals of LIFECYCLE.md "Refusals", asked ahead of time. Both depend only
 * on what the proposer may already see: the pair's connection (public) and
 * the proposer's own open introduction. Another connector's introduction,
 * an answer or a decline never changes either answer.
 */
@ObjectType({ description: 'Whether proposing this pair would be refused, from what you may already see.' })
export class IntroductionPairCheck {
  @Field(() => Boolean, { description: 'The two are already connected (connections are public).' })
  alreadyConnected!: boolean;

  @Field(() => ID, { nullable: true, description: 'Your own open introduction of these two, if you have one.' })
  yourOpenIntroductionId!: string | null;
}

export async function checkPair(em: EntityManager, viewer: Viewer, a: string | null, b: string | null): Promise<IntroductionPairCheck> {
  if (a === null || b === null) throw notFound('That person');
  const [row] = await em.execute<{ people: number; connected: boolean; open_id: string | null }[]>(
    `select (select count(*)::int from person where id in (?, ?)) as people,
            exists (select 1 from connection where person_a_id = least(?::bigint, ?::bigint) and person_b_id = greatest(?::bigint, ?::bigint)) as connected,
            (select id from introduction
              where connector_id = ? and status = 'PENDING' and expires_at > now()
                and least(person_a_id, person_b_id) = least(?::bigint, ?::bigint)
                and greatest(person_a_id, person_b_id) = greatest(?::bigint, ?::bigint)
              limit 1) as open_id`,
    [a, b, a, b, a, b, viewer.person.id, a, b, a, b],
  );
  if (a === b || row!.people !== 2) throw notFound('That person');
  return {
    alreadyConnected: row!.connected,
    yourOpenIntroductionId: row!.open_id === null ? null : toGlobalId('Introduction', String(row!.open_id)),
  };
}

@Resolver()
export class IntroductionPairCheckResolver {
  @Query(() => IntroductionPairCheck, {
    description: 'Before proposing: are these two already connected, and do you already have an open introduction for them? NOT_FOUND for a missing person.',
  })
  introductionPairCheck(
    @Arg('personAId', () => ID) personAId: string,
    @Arg('personBId', () => ID) personBId: string,
    @Ctx() ctx: Context,
  ): Promise<IntroductionPairCheck> {
    return checkPair(ctx.em, requireViewer(ctx), localIdOf(personAId, 'Person'), localIdOf(personBId, 'Person'));
  }
}
