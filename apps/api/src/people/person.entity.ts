import { BigIntType, Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

export interface ProfileLink {
  label: string;
  url: string;
}

/** A member: their account, public card, and private contact details. */
@Entity({ tableName: 'person' })
export class PersonEntity {
  [OptionalProps]?: 'headline' | 'bio' | 'avatarUrl' | 'links' | 'phone' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: new BigIntType('string'), autoincrement: true })
  id!: string;

  /** Lower-case, unique. */
  @Property({ type: 'text' })
  handle!: string;

  @Property({ type: 'text' })
  name!: string;

  /** Lower-case, unique. Private: the person and their connections only. */
  @Property({ type: 'text' })
  email!: string;

  @Property({ type: 'text', hidden: true, lazy: true })
  passwordHash!: string;

  @Property({ type: 'text' })
  headline: string = '';

  @Property({ type: 'text' })
  bio: string = '';

  @Property({ type: 'text', nullable: true })
  avatarUrl: string | null = null;

  @Property({ type: 'json' })
  links: ProfileLink[] = [];

  /** Private, like email. */
  @Property({ type: 'text', nullable: true })
  phone: string | null = null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
