import { ArrayType, BigIntType, Entity, PrimaryKey, Property } from '@mikro-orm/core';

export enum EventKind {
  // people
  JOINED = 'JOINED',
  FOLLOWED = 'FOLLOWED',
  UNFOLLOWED = 'UNFOLLOWED',
  // the feed
  SHARED = 'SHARED',
  RESHARED = 'RESHARED',
  MENTIONED = 'MENTIONED',
  THANKED = 'THANKED',
  // introductions, public once they connect
  INTRODUCED = 'INTRODUCED',
  CONNECTED = 'CONNECTED',
  MET = 'MET',
  // introductions while pending: AUDIENCE events, each its own root, so they
  // never join anyone's public ripple (see introductions/LIFECYCLE.md)
  INTRODUCTION_PROPOSED = 'INTRODUCTION_PROPOSED',
  INTRODUCTION_ASKED = 'INTRODUCTION_ASKED',
  INTRODUCTION_RESPONDED = 'INTRODUCTION_RESPONDED',
  INTRODUCTION_CLOSED = 'INTRODUCTION_CLOSED',
  INTRODUCTION_MESSAGE = 'INTRODUCTION_MESSAGE',
}

/**
 * Who may see an event: every member, or exactly the people in its
 * `audience` (a decline: the connector only; an ask: the connector and the
 * person asked; an unfollow: its actor).
 */
export enum EventVisibility {
  PUBLIC = 'public',
  AUDIENCE = 'audience',
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

  // Spelled out: the naming strategy would make it subject_person2id.
  @Property({ type: new BigIntType('string'), nullable: true, fieldName: 'subject_person2_id' })
  subjectPerson2Id: string | null = null;

  @Property({ type: new BigIntType('string'), nullable: true })
  subjectShareId: string | null = null;

  @Property({ type: new BigIntType('string'), nullable: true })
  subjectIntroductionId: string | null = null;

  @Property({ type: new BigIntType('string'), nullable: true })
  causeId: string | null = null;

  @Property({ type: new BigIntType('string') })
  rootId!: string;

  @Property({ type: 'integer' })
  depth!: number;

  /** Its ancestors' ids, from the root down to its cause; empty for a root (length = depth). */
  @Property({ type: new ArrayType((id) => id) })
  path: string[] = [];

  @Property({ type: 'text' })
  visibility!: EventVisibility;

  /** Who may see a non-public event. */
  @Property({ type: new ArrayType((id) => id) })
  audience: string[] = [];

  @Property({ type: 'timestamptz' })
  createdAt!: Date;
}
