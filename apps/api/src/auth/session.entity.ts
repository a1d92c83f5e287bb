import { BigIntType, Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/** A signed-in session. Only the SHA-256 of its token is stored. */
@Entity({ tableName: 'session' })
export class SessionEntity {
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: new BigIntType('string'), autoincrement: true })
  id!: string;

  @Property({ type: 'text' })
  tokenHash!: string;

  @Property({ type: new BigIntType('string') })
  personId!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz' })
  expiresAt!: Date;
}
