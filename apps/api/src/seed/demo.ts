import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '../config/logger.js';
import { createAccount } from '../auth/auth.service.js';
import { hashPassword } from '../auth/password.js';
import { follow } from '../people/people.service.js';
import type { PersonEntity } from '../people/person.entity.js';
import type { Config } from '../config/config.js';
import { CAST, CAST_FOLLOWS, DEMO_PASSWORD, DEMO_SIGN_IN, READERS } from './demo-community.js';
import { actOutStory, backdate } from './demo-story.js';

async function lastEventId(em: EntityManager): Promise<string> {
  const [{ max }] = await em.execute<{ max: string }[]>(`select coalesce(max(id), 0)::text as max from event`);
  return max;
}

/** Seeds the demo community into an empty database; leaves any other database alone. */
export async function seedDemoIfEmpty(
  em: EntityManager,
  log: Logger,
  settings: Pick<Config, 'INTRODUCTION_EXPIRY_DAYS' | 'NOT_NOW_DAYS'>,
): Promise<void> {
  const [{ n }] = await em.execute<{ n: string }[]>('select count(*) as n from person');
  if (Number(n) > 0) return;
  const started = Date.now();
  // One hash for every demo account: they share the demo password.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const byHandle = new Map<string, PersonEntity>();
  await em.transactional(async (tx) => {
    for (const member of [...CAST, ...READERS]) {
      const person = await createAccount(tx, {
        handle: member.handle,
        name: member.name,
        email: `${member.handle}@demo.ripple.community`,
        passwordHash,
        headline: member.headline,
        bio: member.bio,
        links: member.links ?? [],
        phone: member.phone ?? null,
      });
      byHandle.set(member.handle, person);
    }
  });
  const asViewer = (handle: string) => ({ person: byHandle.get(handle)!, sessionId: '0' });
  for (const [from, to] of CAST_FOLLOWS) {
    await follow(em, asViewer(from), byHandle.get(to)!.id, null);
  }
  await backdate(em, [{ minutesAgo: 30 * 24 * 60, lastEventId: await lastEventId(em) }, ...(await actOutStory(em, byHandle, settings))]);
  log.info(
    { people: byHandle.size, ms: Date.now() - started, demoEmail: DEMO_SIGN_IN.email },
    'seeded the demo community',
  );
}
