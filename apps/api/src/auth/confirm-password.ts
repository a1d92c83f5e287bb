import type { EntityManager } from '@mikro-orm/postgresql';
import { badInput } from '../graphql/errors.js';
import { PersonEntity } from '../people/person.entity.js';
import { LIMITS } from '../people/profile.schema.js';
import { verifyPassword } from './password.js';
import type { RateLimits } from './rate-limits.js';

export interface PasswordCheckContext {
  clientAddress: string;
  limits: RateLimits;
}

/**
 * A signed-in person re-enters their password before a change that could
 * take the account over (email, password). Budgeted exactly like a sign-in
 * for their email, so a stolen session gets no extra guesses. A wrong or
 * missing password is a BAD_USER_INPUT on `currentPassword`.
 */
export async function confirmPassword(
  em: EntityManager,
  person: Pick<PersonEntity, 'id' | 'email'>,
  currentPassword: string | null | undefined,
  context: PasswordCheckContext,
  purpose = 'to make this change',
): Promise<void> {
  if (!currentPassword) {
    throw badInput(`Enter your current password ${purpose}.`, [{ field: 'currentPassword', message: `is required ${purpose}` }]);
  }
  await context.limits.beforePasswordCheck(context.clientAddress, person.email);
  const stored = await em.findOne(PersonEntity, { id: person.id }, { populate: ['passwordHash'], disableIdentityMap: true });
  const ok =
    currentPassword.length <= LIMITS.password.max &&
    (await verifyPassword(stored?.passwordHash ?? null, currentPassword)) &&
    stored !== null;
  await context.limits.afterPasswordCheck(context.clientAddress, person.email, ok);
  if (!ok) {
    throw badInput('That is not your current password.', [{ field: 'currentPassword', message: 'is wrong' }]);
  }
}
