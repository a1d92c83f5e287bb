import { BigIntType, Entity, PrimaryKey, Property } from '@mikro-orm/core';

export enum EventKind {
  JOINED = 'JOINED',
  FOLLOWED = 'FOLLOWED',
  UNFOLLOWED = 'UNFOLLOWED',
}

/**
 * Who may see an event: everyone signed in; only the people it names
 * (actor and subject); or only its actor.
 */
export enum EventVisibility {
  PUBLIC = 'public',
  PARTICIPANTS = 'participants',
  PRIVATE = 'private',
}

/** One row of the append-only event log. Written only through `appendEvent`. */
@Entity({ tableName: 'event' })
export class EventEntity {
  @PrimaryKey({ type: new BigIntType('string') })
  id!: string;

  @Property({ type: 'text' })
  kind!: EventKind;

  @Property({ type: new BigIntType('string') })
  actorId!: string;

  @Property({ type: new BigIntType('string'), nullable: true })
  subjectPersonId: string | null = null;

  @Property({ type: new BigIntType('string'), nullable: true })
  causeId: string | null = null;

  @Property({ type: new BigIntType('string') })
  rootId!: string;

  @Property({ type: 'integer' })
  depth!: number;

  @Property({ type: 'text' })
  visibility!: EventVisibility;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;
}
