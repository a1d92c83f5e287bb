import { BigIntType, Entity, OptionalProps, PrimaryKey, PrimaryKeyProp, Property } from '@mikro-orm/core';

/** Two people who have been introduced; stored once per pair, smaller id first. */
@Entity({ tableName: 'connection' })
export class ConnectionEntity {
  [PrimaryKeyProp]?: ['personAId', 'personBId'];
  [OptionalProps]?: 'createdAt' | 'eventId';

  @PrimaryKey({ type: new BigIntType('string'), fieldName: 'person_a_id' })
  personAId!: string;

  @PrimaryKey({ type: new BigIntType('string'), fieldName: 'person_b_id' })
  personBId!: string;

  @Property({ type: new BigIntType('string'), nullable: true })
  eventId: string | null = null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}

export function orderedPair(x: string, y: string): [string, string] {
  return BigInt(x) < BigInt(y) ? [x, y] : [y, x];
}
