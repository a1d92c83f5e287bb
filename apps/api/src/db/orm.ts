import pg from 'pg';
import { MikroORM, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { PersonEntity } from '../people/person.entity.js';
import { FollowEntity } from '../people/follow.entity.js';
import { ConnectionEntity } from '../people/connection.entity.js';
import { SessionEntity } from '../auth/session.entity.js';
import { EventEntity } from '../events/event.entity.js';
import { NotificationEntity } from '../notifications/notification.entity.js';
import { ShareEntity, ShareMentionEntity, ShareThanksEntity } from '../feed/share.entity.js';
import {
  IntroductionEntity,
  IntroductionMessageEntity,
  IntroductionPartyEntity,
} from '../introductions/introduction.entity.js';
import { Migration20261122000000Foundation } from './migrations/Migration20261122000000Foundation.js';
import { Migration20261122010000Ripples } from './migrations/Migration20261122010000Ripples.js';
import { Migration20261201071500IntroductionsPerConnector } from './migrations/Migration20261201071500IntroductionsPerConnector.js';
import { Migration20261202000000RateLimits } from './migrations/Migration20261202000000RateLimits.js';
import { Migration20261203000000ServerSecret } from './migrations/Migration20261203000000ServerSecret.js';
import { Migration20261204000000RippleFigures } from './migrations/Migration20261204000000RippleFigures.js';
import { Migration20261206000000CommitOrderedIds } from './migrations/Migration20261206000000CommitOrderedIds.js';
import { Migration20261211000000NotificationGroups } from './migrations/Migration20261211000000NotificationGroups.js';
import { Migration20261212000000FeedItems } from './migrations/Migration20261212000000FeedItems.js';
import { Migration20261213000000RippleGrowGenericPlans } from './migrations/Migration20261213000000RippleGrowGenericPlans.js';
import { Migration20261214000000SessionEpoch } from './migrations/Migration20261214000000SessionEpoch.js';
import { Migration20261215000000RippleFirstEffect } from './migrations/Migration20261215000000RippleFirstEffect.js';

export const entities = [
  PersonEntity,
  FollowEntity,
  ConnectionEntity,
  SessionEntity,
  EventEntity,
  ShareEntity,
  ShareMentionEntity,
  ShareThanksEntity,
  IntroductionEntity,
  IntroductionPartyEntity,
  IntroductionMessageEntity,
  NotificationEntity,
];

/**
 * Migrations are listed here rather than found by glob, so the same list
 * works under tsx, vitest and compiled JavaScript. Add new ones at the end.
 */
export const migrations = [
  Migration20261122000000Foundation,
  Migration20261122010000Ripples,
  Migration20261201071500IntroductionsPerConnector,
  Migration20261202000000RateLimits,
  Migration20261203000000ServerSecret,
  Migration20261204000000RippleFigures,
  Migration20261206000000CommitOrderedIds,
  Migration20261211000000NotificationGroups,
  Migration20261212000000FeedItems,
  Migration20261213000000RippleGrowGenericPlans,
  Migration20261214000000SessionEpoch,
  Migration20261215000000RippleFirstEffect,
].map((migration) => ({
  name: migration.name,
  class: migration,
}));

export function ormOptions(clientUrl: string, extra: Partial<Options> = {}): Options {
  return {
    clientUrl,
    entities,
    extensions: [Migrator],
    migrations: { migrationsList: migrations, transactional: true, allOrNothing: true, disableForeignKeys: false },
    discovery: { requireEntitiesArray: true },
    // Fail fast while the database is down instead of queueing forever.
    pool: { min: 0, max: 10, acquireTimeoutMillis: 5_000 },
    driverOptions: { connection: { connectionTimeoutMillis: 5_000 } },
    allowGlobalContext: false,
    // Quiet unless the caller routes MikroORM's messages somewhere (main.ts: pino, debug level).
    logger: () => {},
    ...extra,
  };
}

export async function initOrm(clientUrl: string, extra: Partial<Options> = {}): Promise<MikroORM> {
  return MikroORM.init(ormOptions(clientUrl, extra));
}

/**
 * Applies pending migrations. Several instances may start at once (rolling
 * deploys, two replicas): a session advisory lock on its own connection lets
 * one migrate while the others wait, then find nothing left to do.
 */
export async function migrate(orm: MikroORM): Promise<void> {
  const lock = new pg.Client({ connectionString: orm.config.get('clientUrl') });
  await lock.connect();
  try {
    await lock.query('select pg_advisory_lock(7404102)');
    await orm.getMigrator().up();
  } finally {
    await lock.end(); // ending the session releases the lock
  }
}
