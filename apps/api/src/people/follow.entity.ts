import { BigIntType, Entity, OptionalProps, PrimaryKey, PrimaryKeyProp, Property } from '@mikro-orm/core';

@Entity({ tableName: 'follow' })
export class FollowEntity {
  [PrimaryKeyProp]?: ['followerId', 'followeeId'];
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: new BigIntType('string') })
  followerId!: string;

  @PrimaryKey({ type: new BigIntType('string') })
  followeeId!: string;

  /** The FOLLOWED event recorded with this follow. */
  @Property({ type: new BigIntType('string') })
  eventId!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
