import { BigIntType, Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import type { NotificationKind } from './notify.js';

/** Something a member should hear about; written only through `notify` (notify.ts). */
@Entity({ tableName: 'notification' })
export class NotificationEntity {
  [OptionalProps]?: 'eventId' | 'introductionId' | 'shareId' | 'readAt' | 'createdAt';

  @PrimaryKey({ type: new BigIntType('string'), autoincrement: true })
  id!: string;

  @Property({ type: new BigIntType('string') })
  recipientId!: string;

  @Property({ type: 'text' })
  kind!: NotificationKind;

  @Property({ type: new BigIntType('string'), nullable: true })
  eventId: string | null = null;

  @Property({ type: new BigIntType('string'), nullable: true })
  introductionId: string | null = null;

  @Property({ type: new BigIntType('string'), nullable: true })
  shareId: string | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  readAt: Date | null = null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
