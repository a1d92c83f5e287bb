import { BigIntType, Entity, OptionalProps, PrimaryKey, PrimaryKeyProp, Property } from '@mikro-orm/core';

export enum IntroductionMode {
  BOTH_AT_ONCE = 'BOTH_AT_ONCE',
  ONE_FIRST = 'ONE_FIRST',
}

export enum IntroductionStatus {
  PENDING = 'PENDING',
  CONNECTED = 'CONNECTED',
  CLOSED = 'CLOSED',
}

export enum IntroductionAnswer {
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
  NOT_NOW = 'NOT_NOW',
}

export enum CloseReason {
  WITHDRAWN = 'WITHDRAWN',
  EXPIRED = 'EXPIRED',
  DECLINED = 'DECLINED',
  /** The two were connected by another connector's introduction while this one was open. */
  ALREADY_CONNECTED = 'ALREADY_CONNECTED',
}

/** A double-opt-in introduction. The lifecycle is in LIFECYCLE.md beside this file. */
@Entity({ tableName: 'introduction' })
export class IntroductionEntity {
  [OptionalProps]?: 'status' | 'createdAt' | 'noteForA' | 'noteForB' | 'closeReason' | 'causeEventId' | 'introducedEventId'
    | 'connectedEventId' | 'idempotencyKey' | 'requestHash' | 'connectedAt' | 'closedAt';

  @PrimaryKey({ type: new BigIntType('string'), autoincrement: true })
  id!: string;

  @Property({ type: new BigIntType('string') })
  connectorId!: string;

  /** In ask-one-first mode, A is asked first. */
  @Property({ type: new BigIntType('string'), fieldName: 'person_a_id' })
  personAId!: string;

  @Property({ type: new BigIntType('string'), fieldName: 'person_b_id' })
  personBId!: string;

  @Property({ type: 'text' })
  reason!: string;

  @Property({ type: 'text', nullable: true, fieldName: 'note_for_a' })
  noteForA: string | null = null;

  @Property({ type: 'text', nullable: true, fieldName: 'note_for_b' })
  noteForB: string | null = null;

  @Property({ type: 'text' })
  mode!: IntroductionMode;

  /** As stored; `effectiveStatus` also applies expiry. */
  @Property({ type: 'text' })
  status: IntroductionStatus = IntroductionStatus.PENDING;

  @Property({ type: 'text', nullable: true })
  closeReason: CloseReason | null = null;

  @Property({ type: new BigIntType('string'), nullable: true })
  causeEventId: string | null = null;

  @Property({ type: new BigIntType('string'), nullable: true })
  introducedEventId: string | null = null;

  @Property({ type: new BigIntType('string'), nullable: true })
  connectedEventId: string | null = null;

  @Property({ type: 'text', nullable: true })
  idempotencyKey: string | null = null;

  @Property({ type: 'text', nullable: true })
  requestHash: string | null = null;

  @Property({ type: 'timestamptz' })
  expiresAt!: Date;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  connectedAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  closedAt: Date | null = null;
}

/** One of the two people asked, and their answers. */
@Entity({ tableName: 'introduction_party' })
export class IntroductionPartyEntity {
  [PrimaryKeyProp]?: ['introductionId', 'personId'];
  [OptionalProps]?: 'askedAt' | 'response' | 'respondedAt' | 'resurfaceAt' | 'met' | 'metAt';

  @PrimaryKey({ type: new BigIntType('string') })
  introductionId!: string;

  @PrimaryKey({ type: new BigIntType('string') })
  personId!: string;

  @Property({ type: 'text' })
  side!: 'A' | 'B';

  /** Null until asked (the second person in ask-one-first mode). */
  @Property({ type: 'timestamptz', nullable: true })
  askedAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  response: IntroductionAnswer | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  respondedAt: Date | null = null;

  /** After NOT_NOW: when the ask comes back to the top of their inbox. */
  @Property({ type: 'timestamptz', nullable: true })
  resurfaceAt: Date | null = null;

  /** Their answer to "did you meet?", once asked. */
  @Property({ type: 'boolean', nullable: true })
  met: boolean | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  metAt: Date | null = null;
}

@Entity({ tableName: 'introduction_message' })
export class IntroductionMessageEntity {
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: new BigIntType('string'), autoincrement: true })
  id!: string;

  @Property({ type: new BigIntType('string') })
  introductionId!: string;

  @Property({ type: new BigIntType('string') })
  authorId!: string;

  @Property({ type: 'text' })
  body!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
