import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../config/config.js';
import { issueSession, type IssuedSession } from '../auth/auth.service.js';
import type { RateLimits } from '../auth/rate-limits.js';
import { notFound } from '../graphql/errors.js';
import { PersonEntity } from '../people/person.entity.js';
import { DEMO_FEATURED_TITLE, DEMO_SIGN_IN } from '../seed/demo-community.js';

/**
 * The demo community, as the landing page offers it: its member to sign in
 * as, and the event whose ripple it draws. Present only when the flag allows
 * it (DEMO.md) and the demo is actually seeded in this database.
 */
export interface DemoCommunity {
  member: PersonEntity;
  /** The demo member's share of the featured work: a public event. */
  featuredEventId: string;
}

export const demoSignInEnabled = (config: Pick<Config, 'DEMO_SIGN_IN' | 'NODE_ENV'>): boolean =>
  config.DEMO_SIGN_IN ?? config.NODE_ENV !== 'production';

export async function demoCommunity(em: EntityManager, config: Config): Promise<DemoCommunity | null> {
  if (!demoSignInEnabled(config)) return null;
  const member = await em.findOne(PersonEntity, { email: DEMO_SIGN_IN.email });
  if (!member) return null;
  // Only a public event's ripple is ever drawn for someone signed out. (Sarah found Maya through
  // a follow, so her share continues that follow's ripple: it is a sub-ripple, not a root.)
  const [featured] = await em.execute<{ event_id: string }[]>(
    `select s.event_id from share s join event e on e.id = s.event_id
      where s.sharer_id = ? and s.title = ? and s.reshare_of_id is null
        and e.visibility = 'public'
      order by s.id limit 1`,
    [member.id, DEMO_FEATURED_TITLE],
  );
  if (!featured) return null;
  return { member, featuredEventId: String(featured.event_id) };
}

/**
 * A session as the demo member, without a password. NOT_FOUND when the demo
 * is off or absent (one answer for both). Each one costs a row, like a
 * sign-up, so it draws on the sign-up budget of the caller's address.
 */
export async function signInAsDemoMember(
  em: EntityManager,
  config: Config,
  budget: { limits: RateLimits; clientAddress: string },
): Promise<IssuedSession> {
  const demo = await demoCommunity(em, config);
  if (!demo) throw notFound('The demo community');
  await budget.limits.beforeSignUp(budget.clientAddress);
  return issueSession(em, demo.member, config.SESSION_DAYS);
}
