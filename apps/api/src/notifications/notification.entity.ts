import { ArrayType, BigIntType, Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import type { NotificationKind } from './notification-kind.js';

/**
 * Something a member should hear about; written only through `notify`
 * (notify.ts). A grouped one is updated in place while unread, taking a new
 * id each time (the id is the live stream's cursor); `groupId` keeps its
 * first id.
 */
@Entity({ tableName: 'notification' })
export class NotificationEntity {
  [OptionalProps]?:
    | 'eventId' | 'introductionId' | 'shareId' | 'rippleEventId' | 'groupKey' | 'groupId' | 'actorIds' | 'actorCount'
    | 'revision' | 'readAt' | 'createdAt';

  @PrimaryKey({ type: new BigIntType('string'), autoincrement: true })
  id!: string;

  @Property({ type: new BigIntType('string') })
  recipientId!: string;

  @Property({ type: 'text' })
  kind!: NotificationKind;

  /** Its latest act. */
  @Property({ type: new BigIntType('string'), nullable: true })
  eventId: string | null = null;

  @Property({ type: new BigIntType('string'), nullable: true })
  introductionId: string | null = null;

  @Property({ type: new BigIntType('string'), nullable: true })
  shareId: string | null = null;

  /** "Your ripple grew": the event of yours whose ripple grew. */
  @Property({ type: new BigIntType('string'), nullable: true })
  rippleEventId: string | null = null;

  @Property({ type: 'text', nullable: true })
  groupKey: string | null = null;

  /** The group's first id, once it has been updated; null before. */
  @Property({ type: new BigIntType('string'), nullable: true })
  groupId: string | null = null;

  /** The latest distinct actors, newest first (a few). */
  @Property({ type: new ArrayType((id) => id) })
  actorIds: string[] = [];

  @Property({ type: 'integer' })
  actorCount = 0;

  @Property({ type: 'integer' })
  revision = 0;

  @Property({ type: 'timestamptz', nullable: true })
  readAt: Date | null = null;

  /** When its latest act happened. */
  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
