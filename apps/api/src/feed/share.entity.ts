import { BigIntType, Entity, OptionalProps, PrimaryKey, PrimaryKeyProp, Property } from '@mikro-orm/core';

/**
 * A share of someone's work to the feed, or a reshare of a share.
 *
 * Every row has `originalId`: an original points at itself, a reshare (of an
 * original or of another reshare) at the original it ultimately reshares,
 * so "reshares of X, transitively" is one index lookup on `original_id`.
 * A reshare copies the original's url and title; its author is the
 * original's (author columns stay null) and its note is the resharer's own.
 */
@Entity({ tableName: 'share' })
export class ShareEntity {
  [OptionalProps]?: 'note' | 'authorPersonId' | 'authorName' | 'authorHandle' | 'authorUrl' | 'reshareOfId'
    | 'idempotencyKey' | 'requestHash' | 'createdAt';

  @PrimaryKey({ type: new BigIntType('string'), autoincrement: true })
  id!: string;

  @Property({ type: new BigIntType('string') })
  sharerId!: string;

  @Property({ type: 'text' })
  url!: string;

  @Property({ type: 'text' })
  title!: string;

  /** Why it is worth reading; on a reshare, the resharer's own words. */
  @Property({ type: 'text' })
  note: string = '';

  /** The credited author when they are a member. */
  @Property({ type: new BigIntType('string'), nullable: true })
  authorPersonId: string | null = null;

  /** The credited author when they are not a member. */
  @Property({ type: 'text', nullable: true })
  authorName: string | null = null;

  @Property({ type: 'text', nullable: true })
  authorHandle: string | null = null;

  @Property({ type: 'text', nullable: true })
  authorUrl: string | null = null;

  /** The share this one reshares (itself maybe a reshare); null for an original. */
  @Property({ type: new BigIntType('string'), nullable: true })
  reshareOfId: string | null = null;

  /** The original share; an original's own id. */
  @Property({ type: new BigIntType('string') })
  originalId!: string;

  /** The SHARED or RESHARED event recorded with this share. */
  @Property({ type: new BigIntType('string') })
  eventId!: string;

  /** On an original: the newest event among it and its reshares (the feed orders its items by it); null on a reshare. */
  @Property({ type: new BigIntType('string'), nullable: true, hidden: true })
  activeEventId: string | null = null;

  @Property({ type: 'text', nullable: true, hidden: true })
  idempotencyKey: string | null = null;

  /** SHA-256 of the normalised request, to tell a replay from a reused key; null without a key. */
  @Property({ type: 'text', nullable: true, hidden: true })
  requestHash: string | null = null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}

/** A member a share mentions (they are notified). */
@Entity({ tableName: 'share_mention' })
export class ShareMentionEntity {
  [PrimaryKeyProp]?: ['shareId', 'personId'];

  @PrimaryKey({ type: new BigIntType('string') })
  shareId!: string;

  @PrimaryKey({ type: new BigIntType('string') })
  personId!: string;
}

/** One member's thanks to the sharer of one share; at most one per person and share. */
@Entity({ tableName: 'share_thanks' })
export class ShareThanksEntity {
  [PrimaryKeyProp]?: ['shareId', 'personId'];
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: new BigIntType('string') })
  shareId!: string;

  @PrimaryKey({ type: new BigIntType('string') })
  personId!: string;

  /** The THANKED event recorded with these thanks. */
  @Property({ type: new BigIntType('string') })
  eventId!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
